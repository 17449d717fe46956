package io.fennel.cli;

import picocli.CommandLine;

/** Reports Fennel's version (from the jar manifest) and the Java runtime it runs on. */
final class FennelVersion implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
      "fennel " + version(),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
    };
  }

  /** The version of the running Fennel build. */
  static String version() {
    String v = FennelVersion.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }
}
