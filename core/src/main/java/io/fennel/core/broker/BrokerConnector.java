package io.fennel.core.broker;

import io.fennel.core.error.FennelException;
import io.fennel.core.runtime.Backoff;
import io.fennel.core.time.Scheduler;
import io.fennel.core.url.Urls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the first broker connection as a Celery worker does: {@code broker_url} may list failover
 * URLs separated by {@code ;} (tried in turn), and while none answers it retries with a doubling
 * delay ({@code broker_connection_retry_on_startup}, {@code broker_connection_max_retries}),
 * logging what it waits for, instead of failing at once.
 */
public final class BrokerConnector {
  private static final Logger log = LoggerFactory.getLogger(BrokerConnector.class);

  /** The delays between rounds: 1 s doubling up to 30 s. */
  public static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

  private final boolean retryOnStartup;
  private final int maxRetries;
  private final Scheduler scheduler;
  private final Function<String, Broker> opener;
  private final Backoff backoff;

  /**
   * @param retryOnStartup {@code broker_connection_retry_on_startup}: retry rather than fail
   * @param maxRetries {@code broker_connection_max_retries}; 0 retries without end
   * @param opener opens one URL (normally {@link Brokers#open(String)}), throwing {@link
   *     BrokerUnavailableException} when it cannot be reached
   */
  public BrokerConnector(
      boolean retryOnStartup,
      int maxRetries,
      Scheduler scheduler,
      Function<String, Broker> opener,
      Backoff backoff) {
    this.retryOnStartup = retryOnStartup;
    this.maxRetries = maxRetries;
    this.scheduler = scheduler;
    this.opener = opener;
    this.backoff = backoff;
  }

  /** The URLs of a {@code broker_url}: one, or several separated by {@code ;}. */
  public static List<String> failoverUrls(String brokerUrl) {
    List<String> urls = new ArrayList<>();
    for (String u : brokerUrl.split(";")) {
      if (!u.isBlank()) {
        urls.add(u.strip());
      }
    }
    if (urls.isEmpty()) {
      throw new FennelException("broker_url is empty; give a URL such as amqp://localhost//");
    }
    return List.copyOf(urls);
  }

  /**
   * The other URLs of {@code brokerUrl} to fall over to once {@code url} (one of them) is open:
   * those after it, then those before it.
   */
  public static List<String> failoverAfter(String brokerUrl, String url) {
    List<String> urls = failoverUrls(brokerUrl);
    int i = urls.indexOf(url);
    if (i < 0) {
      return urls;
    }
    List<String> others = new ArrayList<>(urls.subList(i + 1, urls.size()));
    others.addAll(urls.subList(0, i));
    return List.copyOf(others);
  }

  /**
   * The first broker that answers.
   *
   * @throws BrokerUnavailableException when none answered within the retries, or at once when
   *     retrying on startup is off
   */
  public Broker open(String brokerUrl) {
    List<String> urls = failoverUrls(brokerUrl);
    for (int attempt = 1; ; attempt++) {
      BrokerUnavailableException last = null;
      for (int i = 0; i < urls.size(); i++) {
        String url = urls.get(i);
        try {
          Broker b = opener.apply(url);
          if (attempt > 1 || i > 0) {
            log.info("connected to broker {}", Urls.maskPassword(url));
          }
          return b;
        } catch (BrokerUnavailableException e) {
          last = e;
          if (urls.size() > 1) {
            log.warn("{}; trying the next failover URL", e.getMessage());
          }
        }
      }
      int max = maxRetries;
      if (!retryOnStartup || (max > 0 && attempt > max)) {
        if (retryOnStartup) {
          log.error("gave up on the broker after {} retries (broker_connection_max_retries)", max);
        }
        throw last;
      }
      Duration delay = backoff.delay(attempt);
      log.warn(
          "{}; retrying in {} s (attempt {} of {}; broker_connection_max_retries,"
              + " broker_connection_retry_on_startup=false to fail at once)",
          last.getMessage(),
          delay.toMillis() / 1000.0,
          attempt,
          max == 0 ? "unbounded" : String.valueOf(max));
      if (!Backoff.pause(scheduler, delay)) {
        throw last;
      }
    }
  }
}
