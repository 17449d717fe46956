package io.fennel.core;

import io.fennel.core.broker.Broker;
import io.fennel.core.broker.BrokerConnector;
import io.fennel.core.broker.Brokers;
import io.fennel.core.config.BrokerSettings;
import io.fennel.core.config.FennelConfig;
import io.fennel.core.producer.TaskProducer;
import io.fennel.core.result.Backends;
import io.fennel.core.result.ResultBackend;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.serialization.ResultFormat;
import io.fennel.core.time.Scheduler;
import java.util.Optional;

/**
 * An app's broker connection, result backend and producer, each opened on first use; what the app
 * was given (a broker or backend passed to its builder) is used as is and never closed here.
 */
final class Connections {
  private final FennelConfig config;
  private final Scheduler scheduler;
  private final String origin;
  private final String oid;
  private final Broker injectedBroker;
  private final ResultBackend injectedBackend;
  private final FailureHandler failures;
  private volatile Broker broker;
  private volatile ResultBackend backend;
  private volatile TaskProducer producer;

  Connections(
      FennelConfig config,
      Scheduler scheduler,
      String origin,
      String oid,
      Broker injectedBroker,
      ResultBackend injectedBackend,
      FailureHandler failures) {
    this.failures = failures;
    this.config = config;
    this.scheduler = scheduler;
    this.origin = origin;
    this.oid = oid;
    this.injectedBroker = injectedBroker;
    this.injectedBackend = injectedBackend;
  }

  /**
   * The broker connection, opened on first use: the first of {@code broker_url}'s failover URLs
   * that answers.
   */
  Broker broker() {
    return broker(false);
  }

  /** As {@link #broker()}, retrying at start as a worker does ({@code broker_connection_*}). */
  Broker brokerRetryingAtStart() {
    return broker(true);
  }

  private Broker broker(boolean retryOnStartup) {
    Broker b = broker;
    if (b == null) {
      synchronized (this) {
        if (broker == null) {
          BrokerSettings s = BrokerSettings.of(config);
          broker =
              injectedBroker != null
                  ? injectedBroker
                  : new BrokerConnector(
                          retryOnStartup && s.retryOnStartup(),
                          s.maxRetries(),
                          scheduler,
                          url ->
                              Brokers.open(
                                  url, BrokerConnector.failoverAfter(config.brokerUrl(), url)),
                          BrokerConnector.BACKOFF)
                      .open(config.brokerUrl());
        }
        b = broker;
      }
    }
    return b;
  }

  Optional<ResultBackend> backend() {
    ResultBackend r = backend;
    if (r == null && (injectedBackend != null || config.resultBackend() != null)) {
      synchronized (this) {
        if (backend == null) {
          backend =
              injectedBackend != null
                  ? injectedBackend
                  : Backends.open(
                      config.resultBackend(),
                      this::broker,
                      oid,
                      config.resultExpires(),
                      ResultFormat.of(config));
        }
        r = backend;
      }
    }
    return Optional.ofNullable(r);
  }

  TaskProducer producer() {
    TaskProducer p = producer;
    if (p == null) {
      synchronized (this) {
        if (producer == null) {
          producer = new TaskProducer(broker(), config, scheduler.clock(), origin, oid, failures);
        }
        p = producer;
      }
    }
    return p;
  }

  /** Closes what this opened (not what the app was given). */
  void close() {
    ResultBackend r = backend;
    if (r != null && r != injectedBackend) {
      r.close();
    }
    Broker b = broker;
    if (b != null && b != injectedBroker) {
      b.close();
    }
  }
}
