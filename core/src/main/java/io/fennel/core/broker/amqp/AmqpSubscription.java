package io.fennel.core.broker.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.fennel.core.broker.Delivery;
import io.fennel.core.broker.DeliveryHandler;
import io.fennel.core.broker.MessageProperties;
import io.fennel.core.broker.Subscription;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.time.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer on its own channel, with a per-consumer {@code basic.qos(prefetch)} (channel-wide once
 * {@link #prefetch(int)} changes it) and manual acknowledgement, its acks batched by an {@link
 * AckCoalescer} (sent within {@link #ACK_LINGER}). Deliveries arrive on amqp-client's consumer
 * threads ({@code fennel-amqp-<n>}), in order per subscription. Closing cancels the consumer and
 * closes the channel, which returns every unsettled message to its queue (redelivered); settling
 * one of them afterwards does nothing.
 */
final class AmqpSubscription implements Subscription {
  /** The longest an acknowledgement waits to go out with others. */
  static final Duration ACK_LINGER = Duration.ofMillis(2);

  private final FailureHandler failures;
  private static final Logger log = LoggerFactory.getLogger(AmqpSubscription.class);

  private final Channel channel;
  private final String queue;
  private final DeliveryHandler handler;
  private final Runnable onClose;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile String consumerTag;

  /** Moves on each shutdown or recovery of the channel: deliveries of an older epoch are dead. */
  private final AtomicLong epoch = new AtomicLong();

  /** Whether the prefetch can change (not on a quorum queue, which refuses a channel-wide one). */
  private final boolean raisable;

  // guarded by this: the prefetch has moved to the channel, and the consumer was cancelled
  private boolean channelWide;
  private boolean cancelled;

  /** Batches this channel's acks. */
  private final AckCoalescer acks;

  /** What a throwing delivery handler is reported as, built once. */
  private final String handlerFailure;

  AmqpSubscription(
      Channel channel,
      String queue,
      DeliveryHandler handler,
      Runnable onClose,
      boolean raisable,
      FailureHandler failures,
      Scheduler ackTimer,
      int prefetch) {
    this.failures = failures;
    this.acks =
        new AckCoalescer(
            new ChannelSink(channel), ackTimer, ACK_LINGER, AckCoalescer.batchFor(prefetch));
    this.handlerFailure =
        "the delivery handler for queue '" + queue + "' (the delivery stays unsettled)";
    this.raisable = raisable;
    this.channel = channel;
    this.queue = queue;
    this.handler = handler;
    this.onClose = onClose;
  }

  /** Starts consuming; a failure here leaves the channel to the caller. */
  void start() throws IOException {
    channel.addShutdownListener(cause -> newEpoch());
    if (channel instanceof Recoverable recoverable) {
      recoverable.addRecoveryListener(
          new RecoveryListener() {
            @Override
            public void handleRecovery(Recoverable r) {
              newEpoch();
            }

            @Override
            public void handleRecoveryStarted(Recoverable r) {
              newEpoch();
            }
          });
    }
    consumerTag = channel.basicConsume(queue, false, new Consumer(channel));
  }

  /** The channel died or came back: deliveries before now are dead, and so are their acks. */
  private void newEpoch() {
    epoch.incrementAndGet();
    acks.reset();
  }

  @Override
  public String queue() {
    return queue;
  }

  /**
   * Changes the prefetch. The first change moves it from the consumer to the channel: a
   * channel-wide limit of {@code count}, no per-consumer one for consumers started from then on, a
   * new consumer, then the old one cancelled (deliveries in hand stay settleable: they belong to
   * the channel). Later changes only set the channel-wide limit.
   */
  @Override
  public synchronized void prefetch(int count) {
    if (!raisable) {
      // a per-consumer prefetch (quorum queues) applies to consumers started later only
      log.debug("the prefetch of quorum queue '{}' stays as it was (wanted {})", queue, count);
      return;
    }
    try {
      if (channel.isOpen() && !closed.get() && !cancelled) {
        if (!channelWide) {
          // in this order: set after the channel-wide limit, a per-consumer 0 lifts that too
          channel.basicQos(0, false);
          channel.basicQos(count, true);
          String before = consumerTag;
          consumerTag = channel.basicConsume(queue, false, new Consumer(channel));
          channel.basicCancel(before);
          channelWide = true;
        } else {
          channel.basicQos(count, true);
        }
        acks.batch(AckCoalescer.batchFor(count));
      }
    } catch (IOException | ShutdownSignalException e) {
      log.warn("could not change the prefetch of '{}' to {}: {}", queue, count, e.toString());
    }
  }

  @Override
  public synchronized void cancel() {
    cancelled = true;
    try {
      if (channel.isOpen() && consumerTag != null && !closed.get()) {
        channel.basicCancel(consumerTag);
      }
    } catch (IOException | ShutdownSignalException e) {
      log.debug("cancelling the consumer of '{}' failed", queue, e);
    }
  }

  @Override
  public synchronized void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (channel.isOpen()) {
        acks.flush(); // acks still waiting go out before the channel closes
        try {
          if (consumerTag != null) {
            channel.basicCancel(consumerTag);
          }
        } catch (IOException e) {
          log.debug("consumer of '{}' was cancelled already", queue, e);
        }
        channel.close();
      }
    } catch (IOException | TimeoutException | ShutdownSignalException e) {
      log.debug("closing the consumer of '{}' failed; the broker requeues its messages", queue, e);
    } finally {
      onClose.run();
    }
  }

  private final class Consumer extends DefaultConsumer {
    Consumer(Channel channel) {
      super(channel);
    }

    @Override
    public void handleDelivery(
        String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
      AmqpDelivery delivery =
          new AmqpDelivery(getChannel(), envelope, queue, properties, body, acks, epoch);
      acks.delivered(envelope.getDeliveryTag());
      failures.guard("amqp.handler", handlerFailure, () -> handler.handle(delivery));
    }

    @Override
    public void handleCancel(String tag) {
      log.warn("the broker cancelled the consumer of queue '{}' (was it deleted?)", queue);
    }
  }

  /** One delivery; it is settled on the channel it came from. */
  private static final class AmqpDelivery implements Delivery {
    private final AtomicLong epoch;
    private final long born;
    private final Channel channel;
    private final Envelope envelope;
    private final String queue;
    private final AMQP.BasicProperties received;
    private volatile MessageProperties properties; // converted when first asked for
    private final byte[] body;
    private final AtomicBoolean settled = new AtomicBoolean();
    private final AckCoalescer acks;

    AmqpDelivery(
        Channel channel,
        Envelope envelope,
        String queue,
        AMQP.BasicProperties received,
        byte[] body,
        AckCoalescer acks,
        AtomicLong epoch) {
      this.epoch = epoch;
      this.born = epoch.get();
      this.acks = acks;
      this.channel = channel;
      this.envelope = envelope;
      this.queue = queue;
      this.received = received;
      this.body = body;
    }

    @Override
    public String exchange() {
      return envelope.getExchange();
    }

    @Override
    public String routingKey() {
      return envelope.getRoutingKey();
    }

    @Override
    public String queue() {
      return queue;
    }

    /**
     * The properties in Fennel's terms, converted on first use: a handler that reads only the body
     * (the console's event receiver) never pays for copying the headers. Converting twice in a race
     * yields equal values.
     */
    @Override
    public MessageProperties properties() {
      MessageProperties p = properties;
      if (p == null) {
        p = OrderedProperties.toFennel(received);
        properties = p;
      }
      return p;
    }

    @Override
    public byte[] body() {
      return body;
    }

    @Override
    public boolean redelivered() {
      return envelope.isRedeliver();
    }

    @Override
    public boolean settleable() {
      return epoch.get() == born && channel.isOpen();
    }

    @Override
    public void ack() {
      markSettled();
      try {
        if (epoch.get() == born) {
          acks.ack(envelope.getDeliveryTag());
        } else {
          channel.basicAck(envelope.getDeliveryTag(), false);
        }
      } catch (IOException | ShutdownSignalException e) {
        log.warn(
            "could not acknowledge delivery {} from '{}' ({}); the broker will deliver it again",
            envelope.getDeliveryTag(),
            queue,
            e.toString());
      }
    }

    @Override
    public void reject(boolean requeue) {
      markSettled();
      try {
        if (epoch.get() == born) {
          acks.reject(envelope.getDeliveryTag(), requeue);
        } else {
          channel.basicReject(envelope.getDeliveryTag(), requeue);
        }
      } catch (IOException | ShutdownSignalException e) {
        log.debug("reject on a closed channel ignored; the broker will redeliver", e);
      }
    }

    private void markSettled() {
      if (!settled.compareAndSet(false, true)) {
        throw new IllegalStateException(
            "delivery "
                + envelope.getDeliveryTag()
                + " from queue '"
                + queue
                + "' was already settled");
      }
    }
  }

  /** Acks and rejects written to the channel. */
  private record ChannelSink(Channel channel) implements AckCoalescer.Sink {
    @Override
    public void ack(long tag, boolean multiple) throws IOException {
      channel.basicAck(tag, multiple);
    }

    @Override
    public void reject(long tag, boolean requeue) throws IOException {
      channel.basicReject(tag, requeue);
    }
  }
}
