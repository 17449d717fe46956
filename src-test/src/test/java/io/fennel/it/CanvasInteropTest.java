package io.fennel.it;

import io.fennel.it.support.Services;

/** The canvas interop contract on RabbitMQ, results (and chord joins) in Redis. */
class CanvasInteropTest extends CanvasInteropContract {
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
