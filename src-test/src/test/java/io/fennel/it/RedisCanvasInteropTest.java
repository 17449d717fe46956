package io.fennel.it;

import io.fennel.it.support.Services;

/** The canvas interop contract with Redis as the broker (db 10), results in db 9. */
class RedisCanvasInteropTest extends CanvasInteropContract {
  @Override
  String broker() {
    return "redis://127.0.0.1:6379/10";
  }

  @Override
  String backend() {
    return "redis://127.0.0.1:6379/9";
  }

  @Override
  void requireServices() {
    Services.requireRedis();
  }
}
