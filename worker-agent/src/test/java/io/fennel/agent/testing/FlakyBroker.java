package io.fennel.agent.testing;

import io.fennel.core.broker.Broker;
import io.fennel.core.broker.BrokerUnavailableException;
import io.fennel.core.broker.DeliveryHandler;
import io.fennel.core.broker.ExchangeType;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.broker.QueueSpec;
import io.fennel.core.broker.Subscription;
import io.fennel.protocol.WireNames;
import io.fennel.protocol.event.Event;
import io.fennel.protocol.event.EventCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A broker wrapper for tests: records every message published to {@code celeryev}, and can be told
 * to refuse event publishes (as a broker that is away does) until told otherwise.
 */
public final class FlakyBroker implements Broker {
  private final Broker delegate;
  private final List<OutgoingMessage> events = new CopyOnWriteArrayList<>();
  private volatile boolean failEvents;

  public FlakyBroker(Broker delegate) {
    this.delegate = delegate;
  }

  /** While true, publishing to {@code celeryev} throws {@link BrokerUnavailableException}. */
  public void failEvents(boolean fail) {
    failEvents = fail;
  }

  /** Every event message published, in order. */
  public List<OutgoingMessage> eventMessages() {
    return List.copyOf(events);
  }

  /** Every event published, batches unpacked, in order. */
  public List<Event> events() {
    List<Event> out = new ArrayList<>();
    for (OutgoingMessage m : events) {
      out.addAll(EventCodec.decode(m.body()));
    }
    return out;
  }

  /** The events of one type, in order. */
  public List<Event> events(String type) {
    return events().stream().filter(e -> e.type().equals(type)).toList();
  }

  @Override
  public String url() {
    return delegate.url();
  }

  @Override
  public void declareExchange(String name, ExchangeType type, boolean durable, boolean autoDelete) {
    delegate.declareExchange(name, type, durable, autoDelete);
  }

  @Override
  public void declareQueue(QueueSpec spec) {
    delegate.declareQueue(spec);
  }

  @Override
  public void bind(String queue, String exchange, String routingKey) {
    delegate.bind(queue, exchange, routingKey);
  }

  @Override
  public void publish(OutgoingMessage message) {
    if (WireNames.EVENT_EXCHANGE.equals(message.exchange())) {
      if (failEvents) {
        throw new BrokerUnavailableException(url(), "connection refused (test)", null);
      }
      events.add(message);
    }
    delegate.publish(message);
  }

  @Override
  public Subscription consume(String queue, int prefetch, DeliveryHandler handler) {
    return delegate.consume(queue, prefetch, handler);
  }

  @Override
  public long purge(String queue) {
    return delegate.purge(queue);
  }

  @Override
  public Optional<QueueStats> queueStats(String queue) {
    return delegate.queueStats(queue);
  }

  @Override
  public boolean isConnected() {
    return delegate.isConnected();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
