package io.fennel.demo;

/**
 * The failure {@code demo.fail} and {@code demo.flaky} raise on purpose, with the given message.
 */
public final class DemoFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DemoFailure(String message) {
    super(message);
  }
}
