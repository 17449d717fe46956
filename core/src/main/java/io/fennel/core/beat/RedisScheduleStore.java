package io.fennel.core.beat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.fennel.core.error.FennelException;
import io.fennel.core.internal.redis.RedisAddress;
import io.fennel.protocol.PythonJson;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * A store in Redis ({@code redis://host:port/db[?prefix=NAME]}), shared by every beat and console
 * that points at it. Keys, under the prefix ({@code fennel.beat} by default): {@code PREFIX:leader}
 * (the lease: {@code SET NX PX}, renewed by a compare-and-extend script), {@code PREFIX:entry:NAME}
 * (a hash per entry) and {@code PREFIX:definitions} (the leader's entries as JSON). Claims run as
 * one script that checks the lease and the entry together.
 */
public final class RedisScheduleStore implements ScheduleStore {
  static final String DEFAULT_PREFIX = "fennel.beat";

  private static final String RENEW =
      "if redis.call('get', KEYS[1]) == ARGV[1] then"
          + " return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
  private static final String RELEASE =
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1])"
          + " else return 0 end";
  private static final String CLAIM =
      "if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end\n"
          + "if redis.call('exists', KEYS[2]) == 0 then return 0 end\n"
          + "if ARGV[2] == 'scheduled' then\n"
          + "  if redis.call('hget', KEYS[2], 'anchor') ~= ARGV[3] then return 0 end\n"
          + "  redis.call('hset', KEYS[2], 'anchor', ARGV[4])\n"
          + "else\n"
          + "  if redis.call('hget', KEYS[2], 'run_now_at') ~= ARGV[3] then return 0 end\n"
          + "  redis.call('hdel', KEYS[2], 'run_now_at')\n"
          + "end\n"
          + "redis.call('hset', KEYS[2], 'last_sent_at', ARGV[6], 'last_task_id', ARGV[5],"
          + " 'pending_task_id', ARGV[5])\n"
          + "redis.call('hincrby', KEYS[2], 'total_runs', 1)\n"
          + "return 1";
  private static final String CONFIRM =
      "if redis.call('hget', KEYS[1], 'pending_task_id') == ARGV[1] then"
          + " redis.call('hdel', KEYS[1], 'pending_task_id') end return 1";
  private static final String RESUME =
      "redis.call('hsetnx', KEYS[1], 'anchor', ARGV[1])\n"
          + "if redis.call('hget', KEYS[1], 'paused') == '1' then\n"
          + "  redis.call('hset', KEYS[1], 'anchor', ARGV[1])\n"
          + "  redis.call('hdel', KEYS[1], 'paused')\n"
          + "end return 1";

  private final RedisClient redis;
  private final String prefix;
  private final String masked;

  private RedisScheduleStore(RedisClient redis, String prefix, String masked) {
    this.redis = redis;
    this.prefix = prefix;
    this.masked = masked;
  }

  /**
   * Connects to {@code url}; {@code ?prefix=NAME} puts the keys under {@code NAME:}.
   *
   * @throws FennelException naming the URL when it is not a Redis URL
   */
  public static RedisScheduleStore open(String url) {
    RedisAddress a = RedisAddress.parse(url);
    String prefix = DEFAULT_PREFIX;
    int q = url.indexOf('?');
    if (q >= 0) {
      for (String pair : url.substring(q + 1).split("&")) {
        if (pair.startsWith("prefix=") && pair.length() > "prefix=".length()) {
          prefix = URLDecoder.decode(pair.substring("prefix=".length()), StandardCharsets.UTF_8);
        }
      }
    }
    return new RedisScheduleStore(a.client("fennel-beat", 4, 5000), prefix, a.maskedUrl());
  }

  private String leader() {
    return prefix + ":leader";
  }

  private String entryKey(String name) {
    return prefix + ":entry:" + name;
  }

  @Override
  public String describe() {
    return masked + " (prefix " + prefix + ")";
  }

  @Override
  public Map<String, EntryState> states(Collection<String> names) {
    Map<String, EntryState> out = new LinkedHashMap<>();
    for (String n : names) {
      Map<String, String> h = redis.hgetAll(entryKey(n));
      if (h != null && h.containsKey("anchor")) {
        out.put(
            n,
            new EntryState(
                Instant.parse(h.get("anchor")),
                instant(h.get("last_sent_at")),
                h.get("last_task_id"),
                h.get("total_runs") == null ? 0 : Long.parseLong(h.get("total_runs")),
                "1".equals(h.get("paused")),
                instant(h.get("run_now_at")),
                h.get("pending_task_id")));
      }
    }
    return out;
  }

  private static Instant instant(String s) {
    return s == null ? null : Instant.parse(s);
  }

  @Override
  public void initialize(String entry, Instant anchor) {
    redis.hsetnx(entryKey(entry), "anchor", anchor.toString());
  }

  @Override
  public boolean holdLease(String holder, Duration ttl) {
    String px = Long.toString(ttl.toMillis());
    Object renewed = redis.eval(RENEW, List.of(leader()), List.of(holder, px));
    if (Long.valueOf(1).equals(renewed)) {
      return true;
    }
    return "OK".equals(redis.set(leader(), holder, SetParams.setParams().nx().px(ttl.toMillis())));
  }

  @Override
  public void releaseLease(String holder) {
    redis.eval(RELEASE, List.of(leader()), List.of(holder));
  }

  @Override
  public Optional<String> leaseHolder() {
    return Optional.ofNullable(redis.get(leader()));
  }

  @Override
  public boolean claim(Claim claim) {
    List<String> args =
        switch (claim) {
          case Claim.Scheduled s ->
              List.of(
                  s.holder(),
                  "scheduled",
                  s.expectedAnchor().toString(),
                  s.newAnchor().toString(),
                  s.taskId(),
                  s.sentAt().toString());
          case Claim.RunNow r ->
              List.of(
                  r.holder(),
                  "run_now",
                  r.requestedAt().toString(),
                  "",
                  r.taskId(),
                  r.sentAt().toString());
        };
    Object r = redis.eval(CLAIM, List.of(leader(), entryKey(claim.entry())), args);
    return Long.valueOf(1).equals(r);
  }

  @Override
  public void confirm(String entry, String taskId) {
    redis.eval(CONFIRM, List.of(entryKey(entry)), List.of(taskId));
  }

  @Override
  public void setPaused(String entry, boolean paused, Instant now) {
    if (paused) {
      redis.hsetnx(entryKey(entry), "anchor", now.toString());
      redis.hset(entryKey(entry), "paused", "1");
    } else {
      redis.eval(RESUME, List.of(entryKey(entry)), List.of(now.toString()));
    }
  }

  @Override
  public void requestRun(String entry, Instant now) {
    redis.hsetnx(entryKey(entry), "anchor", now.toString());
    redis.hset(entryKey(entry), "run_now_at", now.toString());
  }

  @Override
  public void publishDefinitions(List<EntryDefinition> definitions) {
    try {
      redis.set(prefix + ":definitions", PythonJson.MAPPER.writeValueAsString(definitions));
    } catch (JsonProcessingException e) {
      throw new FennelException("cannot write beat definitions as JSON: " + e.getMessage(), e);
    }
  }

  @Override
  public List<EntryDefinition> definitions() {
    String json = redis.get(prefix + ":definitions");
    if (json == null) {
      return List.of();
    }
    try {
      return PythonJson.MAPPER.readValue(json, new TypeReference<List<EntryDefinition>>() {});
    } catch (JsonProcessingException e) {
      throw new FennelException(
          "beat definitions under " + prefix + ":definitions are not JSON: " + e.getMessage(), e);
    }
  }

  /** Deletes every key of this store (for tests with their own prefix). */
  public void deleteAll() {
    for (String k : redis.keys(prefix + ":*")) {
      redis.del(k);
    }
  }

  @Override
  public void close() {
    redis.close();
  }
}
