package io.fennel.core.result.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fennel.core.error.FennelException;
import io.fennel.core.result.TasksetStore;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.repr.PythonDumps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ZAddParams;

/**
 * Celery 5.2.6's native chord join on Redis, key for key, so Python and Fennel workers join the
 * same chord: the sender writes the header size to {@code celery-taskset-meta-<gid>.s}; each header
 * part adds {@code [1, id, state, result]} to the sorted set {@code .j} at its group index and
 * reads the set's size with {@code .t} (a size correction, normally absent) and {@code .s} in one
 * transaction; the part that brings the count to the size reads the set, deletes the three keys and
 * fires the body. Saved groups are {@code celery-taskset-meta-<gid>} = {@code {"result": ...}}.
 */
final class RedisTasksetStore implements TasksetStore {
  /** Celery's key prefix for groups (and chord joins). */
  static final String PREFIX = "celery-taskset-meta-";

  private final RedisClient client;
  private final long expiresSeconds;
  private final String url;

  RedisTasksetStore(RedisClient client, long expiresSeconds, String url) {
    this.client = client;
    this.expiresSeconds = expiresSeconds;
    this.url = url;
  }

  static String key(String groupId) {
    return PREFIX + groupId;
  }

  @Override
  @SuppressWarnings("deprecation") // Celery writes SETEX; keep the wire identical
  public void setChordSize(String groupId, int size) {
    String key = key(groupId) + ".s";
    String value = Integer.toString(size);
    call(() -> {
      try (AbstractTransaction tx = client.multi()) {
        tx.setex(key, expiresSeconds, value);
        tx.publish(key, value);
        tx.exec();
      }
      return null;
    });
  }

  @Override
  public Optional<List<ChordPart>> partReturned(
      String groupId, Integer groupIndex, String taskId, String state, JsonNode result) {
    String j = key(groupId) + ".j";
    String t = key(groupId) + ".t";
    String s = key(groupId) + ".s";
    ArrayNode entry = JsonNodeFactory.instance.arrayNode();
    entry
        .add(1)
        .add(taskId)
        .add(state)
        .add(result == null ? JsonNodeFactory.instance.nullNode() : result);
    String encoded = PythonDumps.dumps(entry);
    double score = groupIndex == null ? Double.POSITIVE_INFINITY : groupIndex;
    List<Object> replies =
        call(() -> {
          try (AbstractTransaction tx = client.multi()) {
            tx.zadd(j, Map.of(encoded, score), ZAddParams.zAddParams());
            tx.zcount(j, "-inf", "+inf");
            tx.get(t);
            tx.get(s);
            tx.expire(j, expiresSeconds);
            tx.expire(t, expiresSeconds);
            tx.expire(s, expiresSeconds);
            return tx.exec();
          }
        });
    if (replies == null || replies.size() < 4 || replies.get(3) == null) {
      return Optional.empty();
    }
    long ready = ((Number) replies.get(1)).longValue();
    long diff = replies.get(2) == null ? 0 : Long.parseLong(replies.get(2).toString().trim());
    long total = Long.parseLong(replies.get(3).toString().trim()) + diff;
    if (ready != total) {
      return Optional.empty();
    }
    List<String> members = call(() -> client.zrange(j, 0, -1));
    call(() -> client.del(j, t, s));
    List<ChordPart> parts = new ArrayList<>(members.size());
    for (String m : members) {
      parts.add(decode(j, m));
    }
    return Optional.of(parts);
  }

  private ChordPart decode(String key, String member) {
    JsonNode n;
    try {
      n = PythonJson.read(key, member);
    } catch (ProtocolException e) {
      throw new FennelException("a member of " + key + " is not JSON: " + e.getMessage(), e);
    }
    if (!n.isArray() || n.size() < 4) {
      throw new FennelException(
          "a member of " + key + " is not [1, id, state, result]: " + PythonJson.excerpt(member));
    }
    return new ChordPart(n.get(1).asText(), n.get(2).asText(), n.get(3));
  }

  @Override
  @SuppressWarnings("deprecation") // Celery writes SETEX; keep the wire identical
  public void saveGroup(String groupId, JsonNode meta) {
    String key = key(groupId);
    String json = PythonDumps.dumps(meta);
    call(() -> {
      try (AbstractTransaction tx = client.multi()) {
        tx.setex(key, expiresSeconds, json);
        tx.publish(key, json);
        tx.exec();
      }
      return null;
    });
  }

  @Override
  public Optional<JsonNode> restoreGroup(String groupId) {
    String json = call(() -> client.get(key(groupId)));
    return json == null ? Optional.empty() : Optional.of(PythonJson.read(key(groupId), json));
  }

  @Override
  public void forgetGroup(String groupId) {
    call(() -> client.del(key(groupId)));
  }

  private <T> T call(Supplier<T> command) {
    try {
      return command.get();
    } catch (JedisException e) {
      throw new FennelException(
          "result backend " + url + " failed on a group or chord key: " + e.getMessage(), e);
    }
  }
}
