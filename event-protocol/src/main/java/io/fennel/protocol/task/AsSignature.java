package io.fennel.protocol.task;

/**
 * Anything that stands for a signature dict: a {@link Signature} itself, or a workflow built in
 * Java (a chain, group or chord), so each can be linked, nested or sent the same way.
 */
public interface AsSignature {
  /** The signature dict this stands for. */
  Signature signature();
}
