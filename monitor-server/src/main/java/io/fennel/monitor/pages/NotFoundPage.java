package io.fennel.monitor.pages;

/**
 * A page for a task or worker the console does not know.
 *
 * @param chrome the frame
 * @param message what was not found, and why that may be
 */
public record NotFoundPage(PageChrome chrome, String message) {}
