package io.fennel.monitor.auth;

import io.javalin.http.Context;

/**
 * A browser login kept in a session cookie (OpenID Connect): the {@link AccessGuard} asks it
 * whether a request carries a live session, which paths belong to the login itself, and to send a
 * browser without a session to log in.
 */
public interface SessionLogin {
  /** Whether {@code path} (inside the console) is part of logging in and needs no session. */
  boolean isPublic(String path);

  /** Whether the request carries a live session; sets {@link AccessGuard#USER_ATTR} when so. */
  boolean loggedIn(Context ctx);

  /** Answers the request by sending the browser to log in (a redirect). */
  void startLogin(Context ctx);
}
