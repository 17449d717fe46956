package io.fennel.core.canvas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.task.Signature;
import io.fennel.protocol.task.SubtaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The dict forms of Celery's canvas signatures (chain, group, chord, chunks, map, starmap), their
 * parts, and the two rewrites Celery applies to a chain: nested chains are flattened, a group
 * followed by more steps becomes a chord, and a chord followed by more steps takes them into its
 * body.
 */
final class Shapes {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private Shapes() {}

  private static Signature canvas(
      String task, SubtaskType type, ObjectNode kwargs, ObjectNode options) {
    return new Signature(task, JSON.arrayNode(), kwargs, options, type.wire(), false, Map.of());
  }

  static Signature chain(List<Signature> steps, ObjectNode options) {
    ObjectNode k = JSON.objectNode();
    k.set("tasks", Options.toArray(steps));
    return canvas("celery.chain", SubtaskType.CHAIN, k, options);
  }

  static Signature group(List<Signature> members, ObjectNode options) {
    ObjectNode k = JSON.objectNode();
    k.set("tasks", Options.toArray(members));
    return canvas("celery.group", SubtaskType.GROUP, k, options);
  }

  static Signature chord(Signature header, Signature body, ObjectNode options) {
    ObjectNode k = JSON.objectNode();
    k.set("kwargs", JSON.objectNode());
    k.set("header", header.toJson());
    k.set("body", body.toJson());
    return canvas("celery.chord", SubtaskType.CHORD, k, options);
  }

  static Signature map(Signature task, ArrayNode items, boolean star) {
    ObjectNode k = JSON.objectNode();
    k.set("task", task.toJson());
    k.set("it", items);
    return canvas(
        star ? "celery.starmap" : "celery.map",
        star ? SubtaskType.XSTARMAP : SubtaskType.XMAP,
        k,
        JSON.objectNode());
  }

  static Signature chunks(Signature task, ArrayNode items, int n) {
    ObjectNode k = JSON.objectNode();
    k.set("task", task.toJson());
    k.set("it", items);
    k.put("n", n);
    return canvas("celery.chunks", SubtaskType.CHUNKS, k, JSON.objectNode());
  }

  /** The steps of a chain or the members of a group ({@code kwargs.tasks}). */
  static List<Signature> tasks(Signature s) {
    JsonNode tasks = s.kwargs().get("tasks");
    List<Signature> out = new ArrayList<>(tasks.size());
    for (int i = 0; i < tasks.size(); i++) {
      out.add(Signature.fromJson("kwargs.tasks[" + i + "]", tasks.get(i)));
    }
    return out;
  }

  /** A chord's header as a group signature (Celery also accepts a plain list). */
  static Signature header(Signature chord) {
    JsonNode h = chord.kwargs().get("header");
    if (h.isArray()) {
      List<Signature> members = new ArrayList<>();
      for (int i = 0; i < h.size(); i++) {
        members.add(Signature.fromJson("kwargs.header[" + i + "]", h.get(i)));
      }
      return group(members, JSON.objectNode());
    }
    Signature g = Signature.fromJson("kwargs.header", h);
    return g.type() == SubtaskType.GROUP ? g : group(List.of(g), JSON.objectNode());
  }

  static Signature body(Signature chord) {
    return Signature.fromJson("kwargs.body", chord.kwargs().get("body"));
  }

  /** Chunks as the group of starmaps Celery sends: one task per n items. */
  static Signature chunksAsGroup(Signature chunks) {
    Signature task = Signature.fromJson("kwargs.task", chunks.kwargs().get("task"));
    JsonNode it = chunks.kwargs().get("it");
    int n = Math.max(1, chunks.kwargs().path("n").asInt(1));
    List<Signature> members = new ArrayList<>();
    for (int i = 0; i < it.size(); i += n) {
      ArrayNode part = JSON.arrayNode();
      for (int j = i; j < Math.min(it.size(), i + n); j++) {
        part.add(it.get(j));
      }
      members.add(map(task, part, true));
    }
    return group(members, chunks.options().deepCopy());
  }

  /** How many header completions a signature stands for (Celery's {@code _descend}). */
  static int size(Signature s) {
    return switch (s.type()) {
      case TASK, XMAP, XSTARMAP -> 1;
      case GROUP -> tasks(s).stream().mapToInt(Shapes::size).sum();
      case CHAIN -> {
        List<Signature> steps = tasks(s);
        for (int i = steps.size() - 1; i >= 0; i--) {
          int n = size(steps.get(i));
          if (n > 0) {
            yield n;
          }
        }
        yield 0;
      }
      case CHORD -> size(body(s));
      case CHUNKS -> tasks(chunksAsGroup(s)).size();
    };
  }

  /**
   * A chain's steps as they are sent: nested chains flattened, a group followed by steps made the
   * header of a chord whose body is those steps, a chord followed by steps given them as body.
   */
  static List<Signature> steps(List<Signature> raw) {
    List<Signature> flat = new ArrayList<>();
    for (Signature s : raw) {
      if (s.type() == SubtaskType.CHAIN) {
        flat.addAll(steps(tasks(s)));
      } else {
        flat.add(s);
      }
    }
    List<Signature> out = new ArrayList<>();
    for (int i = 0; i < flat.size(); i++) {
      Signature s = flat.get(i);
      boolean more = i < flat.size() - 1;
      if (more && (s.type() == SubtaskType.GROUP || s.type() == SubtaskType.CHORD)) {
        List<Signature> rest = new ArrayList<>(flat.subList(i + 1, flat.size()));
        if (s.type() == SubtaskType.GROUP) {
          out.add(
              chord(
                  s,
                  rest.size() == 1 ? rest.get(0) : chain(rest, JSON.objectNode()),
                  JSON.objectNode()));
        } else {
          rest.add(0, body(s));
          out.add(chord(header(s), chain(rest, JSON.objectNode()), s.options()));
        }
        return out;
      }
      out.add(s);
    }
    return out;
  }
}
