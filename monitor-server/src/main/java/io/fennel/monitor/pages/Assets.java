package io.fennel.monitor.pages;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Where pages find their assets: the console's own under /static, uPlot under /webjars. */
public final class Assets {
  private Assets() {}

  /** The uPlot webjar's folder, e.g. {@code /webjars/uplot/1.6.30/dist}. */
  public static final String UPLOT = "/webjars/uplot/" + uplotVersion() + "/dist";

  private static String uplotVersion() {
    try (InputStream in =
        Assets.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException(
            "the uPlot webjar (org.webjars.npm:uplot) is not on the class path");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the uPlot webjar's version", e);
    }
  }
}
