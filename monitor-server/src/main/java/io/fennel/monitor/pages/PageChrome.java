package io.fennel.monitor.pages;

/**
 * What every page's frame shows: its title, which navigation entry is current, the session's CSRF
 * token, and the banners (no authentication, history in memory only, read-only).
 *
 * @param title the page title
 * @param nav the current navigation entry: overview, workers, tasks or queues
 * @param csrf the session's CSRF token, for scripts and forms
 * @param readOnly hide every action
 * @param noAuth no authentication is configured
 * @param memoryOnly history is kept in memory only
 * @param network without authentication, it listens on a non-loopback address ({@code --no-auth})
 * @param prefix the path the console is served under ({@code --url-prefix}), "" at the root
 * @param user the logged-in user's name, or null
 */
public record PageChrome(
    String title,
    String nav,
    String csrf,
    boolean readOnly,
    boolean noAuth,
    boolean memoryOnly,
    boolean network,
    String prefix,
    String user) {}
