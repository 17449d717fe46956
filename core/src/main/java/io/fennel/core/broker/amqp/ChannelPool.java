package io.fennel.core.broker.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Channels for publishing and declaring, in confirm mode. A thread borrows one, uses it alone and
 * gives it back, so no channel is ever used by two threads at once. Channels that a broker error
 * closed are dropped; at most {@code maxIdle} idle channels are kept.
 */
final class ChannelPool {
  private static final Logger log = LoggerFactory.getLogger(ChannelPool.class);

  private final Connection connection;
  private final int maxIdle;
  private final ConcurrentLinkedDeque<Channel> idle = new ConcurrentLinkedDeque<>();
  private final AtomicInteger idleCount = new AtomicInteger();

  ChannelPool(Connection connection, int maxIdle) {
    this.connection = connection;
    this.maxIdle = maxIdle;
  }

  Channel borrow() throws IOException {
    Channel channel;
    while ((channel = idle.pollFirst()) != null) {
      idleCount.decrementAndGet();
      if (channel.isOpen()) {
        return channel;
      }
      discard(channel);
    }
    channel = connection.createChannel();
    if (channel == null) {
      throw new IOException("the broker allows no more channels on this connection");
    }
    channel.confirmSelect();
    return channel;
  }

  void giveBack(Channel channel) {
    if (channel.isOpen() && idleCount.incrementAndGet() <= maxIdle) {
      idle.offerFirst(channel);
    } else {
      if (channel.isOpen()) {
        idleCount.decrementAndGet();
      }
      discard(channel);
    }
  }

  void discard(Channel channel) {
    if (channel.isOpen()) {
      // abort, not close, and off the caller's thread: a channel is discarded because the broker
      // stopped answering on it, and even an abort waits for an answer that may never come
      io.fennel.core.runtime.FennelThreads.start(
          "amqp-discard",
          null,
          () -> {
            try {
              channel.abort();
            } catch (IOException | RuntimeException e) {
              log.debug("aborting channel {} failed", channel.getChannelNumber(), e);
            }
          });
    }
  }
}
