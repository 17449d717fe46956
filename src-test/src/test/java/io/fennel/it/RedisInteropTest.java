package io.fennel.it;

import io.fennel.it.support.Services;

/**
 * The Celery interop contract with Redis as the broker (kombu's layout, db 10), results in db 9.
 */
class RedisInteropTest extends CeleryInteropContract {
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
