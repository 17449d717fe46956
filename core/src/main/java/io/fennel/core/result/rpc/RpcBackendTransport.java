package io.fennel.core.result.rpc;

import io.fennel.core.broker.Broker;
import io.fennel.core.error.FennelException;
import io.fennel.core.result.BackendTransport;
import io.fennel.core.result.ResultBackend;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** The {@code rpc://} result backend: results travel over the app's broker connection. */
public final class RpcBackendTransport implements BackendTransport {
  @Override
  public List<String> schemes() {
    return List.of("rpc");
  }

  @Override
  public ResultBackend open(
      String url, Supplier<Broker> broker, String replyQueue, Duration resultExpires) {
    if (broker == null) {
      throw new FennelException(
          "result backend rpc:// sends results over the broker, but no broker connection was"
              + " given; open it with Backends.open(url, broker, replyQueue) or use redis://");
    }
    return new RpcBackend(broker, replyQueue, resultExpires, RpcBackend.DEFAULT_CACHE_SIZE);
  }
}
