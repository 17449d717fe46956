package io.fennel.spring.badclients;

import io.fennel.spring.FennelClient;
import io.fennel.spring.SendsTask;

/** A client interface for tests that pretends a task's value comes back at once: refused. */
@FennelClient
public interface Counting {
  @SendsTask("client.count")
  int count();
}
