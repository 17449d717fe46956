package io.fennel.cli;

import io.fennel.core.error.FennelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code fennel multi ACTION NAMES... [worker options]} as {@code celery multi} does: names
 * are node names ({@code w1} on this host, {@code w1@%h}, {@code w1@host}) or one count ({@code 3}:
 * {@code celery1..celery3}); options go to every worker, except per-node ones ({@code -c:w1 4},
 * {@code -Q:w2 slow}, {@code --loglevel:w1=DEBUG}), which replace the common value for that node;
 * {@code --pidfile} and {@code --logfile} name each node's files with {@code %n} (the name before
 * {@code @}), {@code %h} (the full node name), {@code %d} (its host) and {@code %I} (empty: a
 * Fennel worker is one process).
 */
final class MultiNodes {
  static final String DEFAULT_PIDFILE = "%n.pid";
  static final String DEFAULT_LOGFILE = "%n%I.log";

  /** One node: its full name, its worker arguments (from {@code worker}) and its files. */
  record Node(String name, List<String> workerArgs, Path pidfile, Path logfile) {
    PidFile pid() {
      return new PidFile(pidfile);
    }
  }

  private MultiNodes() {}

  /**
   * The nodes named in {@code args} (what follows the action).
   *
   * @throws FennelException when no node is named or a per-node option names an unknown node
   */
  static List<Node> parse(List<String> args, String hostname) {
    int i = 0;
    List<String> names = new ArrayList<>();
    while (i < args.size() && !args.get(i).startsWith("-")) {
      names.add(args.get(i++));
    }
    if (names.isEmpty()) {
      throw new FennelException(
          "name the nodes: fennel multi start w1 w2 (or a count: fennel multi start 3)");
    }
    if (names.size() == 1 && names.get(0).matches("[0-9]+")) {
      int n = Integer.parseInt(names.get(0));
      names.clear();
      for (int k = 1; k <= n; k++) {
        names.add("celery" + k);
      }
    }
    List<String> nodes = new ArrayList<>();
    for (String n : names) {
      nodes.add(fullName(n, hostname));
    }
    Map<String, String> common = new LinkedHashMap<>();
    Map<String, Map<String, String>> perNode = new LinkedHashMap<>();
    String pidfile = DEFAULT_PIDFILE;
    String logfile = DEFAULT_LOGFILE;
    for (; i < args.size(); i++) {
      String a = args.get(i);
      String value = null;
      String opt = a;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        opt = a.substring(0, eq);
        value = a.substring(eq + 1);
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("-") && a.startsWith("-")) {
        value = args.get(++i);
      }
      int colon = opt.indexOf(':');
      if (colon > 0 && opt.startsWith("-")) {
        String target = opt.substring(colon + 1);
        String node =
            nodes.stream()
                .filter(n -> matches(n, target, hostname))
                .findFirst()
                .orElseThrow(() ->
                    new FennelException(
                        "per-node option "
                            + a
                            + " names node '"
                            + target
                            + "', which is not among "
                            + String.join(", ", nodes)));
        perNode
            .computeIfAbsent(node, k -> new LinkedHashMap<>())
            .put(opt.substring(0, colon), value);
        continue;
      }
      if (opt.equals("--pidfile") && value != null) {
        pidfile = value;
      } else if ((opt.equals("--logfile") || opt.equals("-f")) && value != null) {
        logfile = value;
      } else {
        common.put(opt, value);
      }
    }
    List<Node> out = new ArrayList<>();
    for (String node : nodes) {
      List<String> w = new ArrayList<>(List.of("worker", "-n", node));
      Map<String, String> options = new LinkedHashMap<>(common);
      options.putAll(perNode.getOrDefault(node, Map.of())); // a node's own value wins
      options.forEach((opt, value) -> {
        w.add(opt);
        if (value != null) {
          w.add(expand(value, node));
        }
      });
      out.add(
          new Node(
              node,
              w,
              Path.of(expand(pidfile, node)).toAbsolutePath(),
              Path.of(expand(logfile, node)).toAbsolutePath()));
    }
    return out;
  }

  private static String fullName(String name, String hostname) {
    if (name.contains("@")) {
      return name.replace("%h", hostname);
    }
    return name + "@" + hostname;
  }

  private static boolean matches(String node, String target, String hostname) {
    return node.equals(target)
        || node.equals(fullName(target, hostname))
        || node.substring(0, node.indexOf('@')).equals(target);
  }

  /** Expands {@code %n}, {@code %h}, {@code %d}, {@code %i}, {@code %I} for {@code node}. */
  static String expand(String s, String node) {
    int at = node.indexOf('@');
    String shortName = node.substring(0, at);
    String host = node.substring(at + 1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '%' || i + 1 == s.length()) {
        out.append(c);
        continue;
      }
      char k = s.charAt(++i);
      switch (k) {
        case 'n', 'N' -> out.append(shortName);
        case 'h' -> out.append(node);
        case 'd' -> out.append(host);
        case 'i' -> out.append('0');
        case 'I' -> {}
        case '%' -> out.append('%');
        default -> out.append('%').append(k);
      }
    }
    return out.toString();
  }
}
