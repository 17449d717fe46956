package io.fennel.core.result.rpc;

import io.fennel.core.error.FennelException;
import io.fennel.core.result.BackendOptions;
import io.fennel.core.result.BackendTransport;
import io.fennel.core.result.ResultBackend;
import java.util.List;

/** The {@code rpc://} result backend: results travel over the app's broker connection. */
public final class RpcBackendTransport implements BackendTransport {
  @Override
  public List<String> schemes() {
    return List.of("rpc");
  }

  @Override
  public ResultBackend open(String url, BackendOptions options) {
    if (options.broker() == null) {
      throw new FennelException(
          "result backend rpc:// sends results over the broker, but no broker connection was"
              + " given; open it with Backends.open(url, broker, replyQueue) or use redis://");
    }
    return new RpcBackend(
        options.broker(),
        options.replyQueue(),
        options.resultExpires(),
        RpcBackend.DEFAULT_CACHE_SIZE,
        options.format());
  }
}
