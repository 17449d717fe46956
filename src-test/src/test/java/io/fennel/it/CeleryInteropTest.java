package io.fennel.it;

import io.fennel.it.support.Services;

/** The Celery interop contract on RabbitMQ, results in Redis. */
class CeleryInteropTest extends CeleryInteropContract {
  @Override
  String broker() {
    return Services.RABBIT_URL;
  }

  @Override
  String backend() {
    return "redis://127.0.0.1:6379/14";
  }

  @Override
  void requireServices() {
    Services.requireRabbit();
    Services.requireRedis();
  }
}
