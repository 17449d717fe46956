package io.fennel.protocol.task;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A mutable, single-use builder of {@link TaskHeaders}, for callers that set a few fields. */
public final class TaskHeadersBuilder {
  private String lang = "py";
  private final String task;
  private final String id;
  private String shadow;
  private String eta;
  private String expires;
  private String group;
  private Integer groupIndex;
  private int retries;
  private TimeLimit timelimit = TimeLimit.NONE;
  private String rootId;
  private String parentId;
  private String argsrepr = "()";
  private String kwargsrepr = "{}";
  private String origin;
  private boolean ignoreResult;
  private List<String> stampedHeaders;
  private Map<String, Object> stamps;
  private Map<String, Object> extra = new LinkedHashMap<>();

  TaskHeadersBuilder(String task, String id) {
    this.task = task;
    this.id = id;
    this.rootId = id;
  }

  TaskHeadersBuilder(TaskHeaders h) {
    this.lang = h.lang();
    this.task = h.task();
    this.id = h.id();
    this.shadow = h.shadow();
    this.eta = h.eta();
    this.expires = h.expires();
    this.group = h.group();
    this.groupIndex = h.groupIndex();
    this.retries = h.retries();
    this.timelimit = h.timelimit();
    this.rootId = h.rootId();
    this.parentId = h.parentId();
    this.argsrepr = h.argsrepr();
    this.kwargsrepr = h.kwargsrepr();
    this.origin = h.origin();
    this.ignoreResult = h.ignoreResult();
    this.stampedHeaders = h.stampedHeaders();
    this.stamps = h.stamps();
    this.extra = new LinkedHashMap<>(h.extra());
  }

  public TaskHeadersBuilder lang(String v) {
    lang = v;
    return this;
  }

  public TaskHeadersBuilder shadow(String v) {
    shadow = v;
    return this;
  }

  public TaskHeadersBuilder eta(String v) {
    eta = v;
    return this;
  }

  public TaskHeadersBuilder expires(String v) {
    expires = v;
    return this;
  }

  public TaskHeadersBuilder group(String v) {
    group = v;
    return this;
  }

  public TaskHeadersBuilder groupIndex(Integer v) {
    groupIndex = v;
    return this;
  }

  public TaskHeadersBuilder retries(int v) {
    retries = v;
    return this;
  }

  public TaskHeadersBuilder timelimit(TimeLimit v) {
    timelimit = v;
    return this;
  }

  public TaskHeadersBuilder rootId(String v) {
    rootId = v;
    return this;
  }

  public TaskHeadersBuilder parentId(String v) {
    parentId = v;
    return this;
  }

  public TaskHeadersBuilder argsrepr(String v) {
    argsrepr = v;
    return this;
  }

  public TaskHeadersBuilder kwargsrepr(String v) {
    kwargsrepr = v;
    return this;
  }

  public TaskHeadersBuilder origin(String v) {
    origin = v;
    return this;
  }

  public TaskHeadersBuilder ignoreResult(boolean v) {
    ignoreResult = v;
    return this;
  }

  public TaskHeadersBuilder stampedHeaders(List<String> v) {
    stampedHeaders = v;
    return this;
  }

  public TaskHeadersBuilder stamps(Map<String, Object> v) {
    stamps = v;
    return this;
  }

  /** Adds (or replaces) an unknown header, kept after the known ones. */
  public TaskHeadersBuilder extra(String name, Object value) {
    extra.put(name, value);
    return this;
  }

  /** The headers; throws if a required value is missing or invalid. */
  public TaskHeaders build() {
    return new TaskHeaders(
        lang,
        task,
        id,
        shadow,
        eta,
        expires,
        group,
        groupIndex,
        retries,
        timelimit,
        rootId,
        parentId,
        argsrepr,
        kwargsrepr,
        origin,
        ignoreResult,
        stampedHeaders,
        stamps,
        extra);
  }
}
