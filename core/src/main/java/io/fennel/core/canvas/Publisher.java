package io.fennel.core.canvas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.producer.TaskProducer;
import io.fennel.core.result.ResultBackend;
import io.fennel.core.result.TasksetStore;
import io.fennel.protocol.task.Embed;
import io.fennel.protocol.task.Signature;
import io.fennel.protocol.task.SubtaskType;
import io.fennel.protocol.task.TaskBody;
import io.fennel.protocol.task.TaskHeaders;
import io.fennel.protocol.task.TaskMessage;
import io.fennel.protocol.task.TaskProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Sends a signature of any canvas type as Celery 5.2.6 sends it: a task as one message; a chain as
 * its first step with the rest, reversed, in {@code embed.chain}; a group as its members with the
 * {@code group} header; a chord as its header members, each carrying the body in {@code
 * embed.chord} and its {@code group_index}, after writing the header's size where the backend joins
 * chords. Clients and workers (a chain's next step, a callback, a chord body) use it alike.
 */
public final class Publisher {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final TaskProducer producer;
  private final ResultBackend backend;

  /**
   * @param backend the result backend, null for none (then a chord cannot be sent)
   */
  public Publisher(TaskProducer producer, ResultBackend backend) {
    this.producer = producer;
    this.backend = backend;
  }

  /** Sends {@code sig} with the partial arguments and call options; returns its result ids. */
  public ResultRef apply(Signature sig, ArrayNode args, ObjectNode kwargs, ObjectNode options) {
    ArrayNode a = args == null ? JSON.arrayNode() : args;
    ObjectNode k = kwargs == null ? JSON.objectNode() : kwargs;
    ObjectNode o = options == null ? JSON.objectNode() : options;
    return switch (sig.type()) {
      case TASK, XMAP, XSTARMAP -> task(sig, a, k, o);
      case CHAIN -> chain(sig, a, k, o);
      case GROUP -> group(sig, a, k, o);
      case CHORD -> chord(sig, a, k, o);
      case CHUNKS -> group(Shapes.chunksAsGroup(sig), a, k, o);
    };
  }

  /** Checks a chord can be joined here before anything is sent. */
  TasksetStore joinStore(String what) {
    if (backend == null) {
      throw new CanvasException(
          "cannot send "
              + what
              + ": a chord needs a result backend to join its header; set"
              + " result_backend, e.g. redis://localhost:6379/0");
    }
    return backend
        .tasksets()
        .orElseThrow(() ->
            new CanvasException(
                "cannot send "
                    + what
                    + ": the result backend "
                    + backend.url()
                    + " cannot join a chord (Celery's rpc backend has no chord support"
                    + " either); use a Redis result backend, e.g. redis://localhost:6379/0"));
  }

  private static ArrayNode partial(Signature sig, ArrayNode args) {
    if (sig.immutable()) {
      return sig.args().isArray() ? (ArrayNode) sig.args().deepCopy() : JSON.arrayNode();
    }
    ArrayNode out = args.deepCopy();
    if (sig.args().isArray()) {
      out.addAll((ArrayNode) sig.args());
    }
    return out;
  }

  private static ObjectNode partialKwargs(Signature sig, ObjectNode kwargs) {
    ObjectNode out =
        sig.kwargs().isObject() ? (ObjectNode) sig.kwargs().deepCopy() : JSON.objectNode();
    if (!sig.immutable()) {
      out.setAll(kwargs);
    }
    return out;
  }

  private ResultRef task(Signature sig, ArrayNode args, ObjectNode kwargs, ObjectNode call) {
    ObjectNode o = Options.merge(sig.options(), call);
    String id = Options.text(o, "task_id");
    if (id == null) {
      id = UUID.randomUUID().toString();
      o.put("task_id", id);
    }
    SendOptions send = Options.toSend(o);
    TaskMessage m =
        producer.build(sig.task(), partial(sig, args), partialKwargs(sig, kwargs), send);
    producer.send(amend(m, o), send);
    return new ResultRef.Task(id, null);
  }

  /** Adds what SendOptions does not carry: group, group index, chain, chord, reply_to. */
  private TaskMessage amend(TaskMessage m, ObjectNode o) {
    TaskHeaders h = m.headers();
    TaskHeaders headers =
        new TaskHeaders(
            h.lang(),
            h.task(),
            h.id(),
            h.shadow(),
            h.eta(),
            h.expires(),
            Options.text(o, "group_id"),
            Options.integer(o, "group_index"),
            h.retries(),
            h.timelimit(),
            h.rootId(),
            h.parentId(),
            h.argsrepr(),
            h.kwargsrepr(),
            h.origin(),
            h.ignoreResult(),
            h.stampedHeaders(),
            h.stamps(),
            h.extra());
    Embed e = m.body().embed();
    List<Signature> chain =
        o.has("chain") && !o.get("chain").isNull() ? Options.signatures(o, "chain") : null;
    JsonNode chordNode = o.get("chord");
    Signature chord =
        chordNode == null || chordNode.isNull()
            ? null
            : Signature.fromJson("options.chord", chordNode);
    Embed embed = new Embed(e.callbacks(), e.errbacks(), chain, chord);
    TaskProperties p = m.properties();
    String replyTo = Options.text(o, "reply_to");
    TaskProperties props =
        new TaskProperties(
            p.contentType(),
            p.contentEncoding(),
            p.deliveryMode(),
            p.priority(),
            p.correlationId(),
            replyTo != null ? replyTo : p.replyTo(),
            p.expiration());
    return new TaskMessage(props, headers, new TaskBody(m.body().args(), m.body().kwargs(), embed));
  }

  /** Assigns every id a signature will store results under, as Celery's {@code freeze}. */
  Frozen freeze(Signature sig) {
    ObjectNode o = sig.options().deepCopy();
    return switch (sig.type()) {
      case TASK, XMAP, XSTARMAP -> {
        String id = Options.text(o, "task_id");
        if (id == null) {
          id = UUID.randomUUID().toString();
          o.put("task_id", id);
        }
        if (!o.has("reply_to") && producer.replyTo() != null) {
          o.put("reply_to", producer.replyTo());
        }
        yield new Frozen(sig.withOptions(o), new ResultRef.Task(id, null));
      }
      case GROUP, CHUNKS -> {
        Signature g = sig.type() == SubtaskType.CHUNKS ? Shapes.chunksAsGroup(sig) : sig;
        ObjectNode go = g.options().deepCopy();
        String gid = Options.text(go, "task_id");
        if (gid == null) {
          gid = UUID.randomUUID().toString();
          go.put("task_id", gid);
        }
        List<Signature> members = new ArrayList<>();
        List<ResultRef> refs = new ArrayList<>();
        for (Signature m : Shapes.tasks(g)) {
          Frozen f = freeze(m);
          members.add(f.sig());
          refs.add(f.ref());
        }
        yield new Frozen(Shapes.group(members, go), new ResultRef.Group(gid, refs, null));
      }
      case CHORD -> {
        Frozen header = freeze(Shapes.header(sig));
        Frozen body = freeze(Shapes.body(sig));
        yield new Frozen(
            Shapes.chord(header.sig(), body.sig(), o), withRoot(body.ref(), header.ref()));
      }
      case CHAIN -> {
        List<Signature> steps = new ArrayList<>();
        ResultRef last = null;
        for (Signature s : Shapes.steps(Shapes.tasks(sig))) {
          Frozen f = freeze(s);
          steps.add(f.sig());
          last = withRoot(f.ref(), last);
        }
        if (last == null) {
          throw new CanvasException("cannot send an empty chain; give it at least one step");
        }
        yield new Frozen(Shapes.chain(steps, o), last);
      }
    };
  }

  /** {@code ref} with {@code before} as the parent at the start of its own parent line. */
  private static ResultRef withRoot(ResultRef ref, ResultRef before) {
    if (before == null) {
      return ref;
    }
    return ref.parent() == null
        ? ref.withParent(before)
        : ref.withParent(withRoot(ref.parent(), before));
  }

  /** A signature with its ids assigned, and those ids. */
  record Frozen(Signature sig, ResultRef ref) {}

  private ResultRef chain(Signature sig, ArrayNode args, ObjectNode kwargs, ObjectNode call) {
    ObjectNode o = Options.merge(sig.options(), call);
    Frozen frozen = freeze(Shapes.chain(Shapes.tasks(sig), JSON.objectNode()));
    List<Signature> steps = new ArrayList<>(Shapes.tasks(frozen.sig()));
    int last = steps.size() - 1;
    ObjectNode lastOptions = steps.get(last).options().deepCopy();
    for (String key : List.of("task_id", "group_id", "group_index", "chord")) {
      if (o.has(key) && !o.get(key).isNull()) {
        lastOptions.set(key, o.get(key));
      }
    }
    if (o.has("link")) {
      ArrayNode links = JSON.arrayNode();
      Options.signatures(lastOptions, "link").forEach(s -> links.add(s.toJson()));
      Options.signatures(o, "link").forEach(s -> links.add(s.toJson()));
      lastOptions.set("link", links);
    }
    steps.set(last, steps.get(last).withOptions(lastOptions));
    if (o.has("link_error")) {
      for (int i = 0; i < steps.size(); i++) {
        ObjectNode so = steps.get(i).options().deepCopy();
        so.set("link_error", o.get("link_error"));
        steps.set(i, steps.get(i).withOptions(so));
      }
    }
    ArrayNode first = partial(sig, args);
    ObjectNode firstCall =
        Options.without(
            o, "task_id", "group_id", "group_index", "chord", "link", "link_error", "chain");
    String rootId = Options.text(o, "root_id");
    if (rootId == null) {
      rootId = Options.text(steps.get(0).options(), "task_id");
    }
    if (rootId != null) {
      firstCall.put("root_id", rootId);
    }
    List<Signature> rest = new ArrayList<>(steps.subList(1, steps.size()));
    java.util.Collections.reverse(rest);
    if (!rest.isEmpty()) {
      firstCall.set("chain", Options.toArray(rest));
    }
    apply(steps.get(0), first, kwargs, firstCall);
    return frozen.ref();
  }

  private ResultRef group(Signature sig, ArrayNode args, ObjectNode kwargs, ObjectNode call) {
    ObjectNode o = Options.merge(sig.options(), call);
    Frozen frozen = freeze(sig.withOptions(o));
    ResultRef.Group ref = (ResultRef.Group) frozen.ref();
    ArrayNode a = partial(sig, args);
    ObjectNode memberCall = Options.without(o, "task_id", "chain");
    boolean inChordHeader = o.hasNonNull("chord") && o.hasNonNull("group_id");
    memberCall.put("group_id", inChordHeader ? Options.text(o, "group_id") : ref.id());
    for (Signature m : Shapes.tasks(frozen.sig())) {
      apply(m, a, kwargs, memberCall);
    }
    return ref;
  }

  private ResultRef chord(Signature sig, ArrayNode args, ObjectNode kwargs, ObjectNode call) {
    ObjectNode o = Options.merge(sig.options(), call);
    TasksetStore store = joinStore("a chord");
    Frozen frozen = freeze(sig);
    Signature header = Shapes.header(frozen.sig());
    Signature body = Shapes.body(frozen.sig());
    ObjectNode bodyOptions =
        Options.merge(
            body.options(), Options.without(o, "task_id", "parent_id", "root_id", "chord"));
    body = body.withOptions(bodyOptions);
    String gid = Options.text(header.options(), "task_id");
    List<Signature> members = Shapes.tasks(header);
    ArrayNode a = partial(sig, args);
    if (members.isEmpty()) {
      ArrayNode empty = JSON.arrayNode();
      empty.add(JSON.arrayNode());
      return apply(body, empty, JSON.objectNode(), JSON.objectNode());
    }
    if (members.stream().anyMatch(m -> m.type() == SubtaskType.GROUP)) {
      ObjectNode meta = JSON.objectNode();
      meta.set("result", FollowUps.tuple(((ResultRef.Group) freeze(header).ref())));
      store.saveGroup(gid, meta);
    }
    store.setChordSize(gid, Shapes.size(header));
    ObjectNode headerCall = Options.without(o, "task_id", "chain", "chord", "link", "group_id");
    for (int i = 0; i < members.size(); i++) {
      ObjectNode mc = headerCall.deepCopy();
      mc.put("group_id", gid);
      mc.put("group_index", i);
      mc.set("chord", body.toJson());
      apply(members.get(i), a, kwargs, mc);
    }
    return frozen.ref();
  }
}
