package io.fennel.spring.clients;

import io.fennel.core.producer.SendOptions;
import io.fennel.core.result.AsyncResult;
import io.fennel.spring.FennelClient;
import io.fennel.spring.SendsTask;

/** A client interface for tests: three ways to send {@code client.add}. */
@FennelClient
public interface Adding {
  @SendsTask("client.add")
  AsyncResult add(int x, int y);

  @SendsTask(value = "client.add", queue = "client.fixed")
  AsyncResult addOnFixedQueue(int x, int y);

  @SendsTask("client.add")
  AsyncResult addWith(int x, int y, SendOptions options);
}
