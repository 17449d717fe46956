package io.fennel.core.broker.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.ShutdownSignalException;
import io.fennel.core.broker.BrokerUnavailableException;
import io.fennel.core.error.FennelException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/**
 * Turns what amqp-client throws into Fennel's exceptions: a channel error (404, 406...) is the
 * caller's mistake and names the operation; a connection error means the broker is away ({@link
 * BrokerUnavailableException}); a failed connect says why in a few words.
 */
final class AmqpFailures {
  private AmqpFailures() {}

  /** The exception for {@code action} on {@code url} failing with {@code e}. */
  static FennelException of(String action, String url, Exception e) {
    ShutdownSignalException signal = shutdownSignal(e);
    if (signal != null && !signal.isHardError()) {
      return new ChannelError(action, url, signal, e);
    }
    String reason = signal != null ? "connection lost: " + replyText(signal) : e.getMessage();
    return new BrokerUnavailableException(url, reason == null ? e.toString() : reason, e);
  }

  /** Whether {@code e} is the broker saying the queue or exchange does not exist. */
  static boolean isNotFound(FennelException e) {
    return e instanceof ChannelError error && error.replyCode == AMQP.NOT_FOUND;
  }

  /** Why connecting to {@code address} failed: "connection refused", "login refused for ...". */
  static String connectFailure(AmqpAddress address, Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return "connection refused";
      }
      if (t instanceof UnknownHostException) {
        return "unknown host " + address.host();
      }
      if (t instanceof SocketTimeoutException || t instanceof TimeoutException) {
        return "timed out";
      }
      if (t instanceof AuthenticationFailureException
          || t instanceof PossibleAuthenticationFailureException) {
        return "login refused for user '"
            + address.username()
            + "' on vhost '"
            + address.virtualHost()
            + "'";
      }
      if (t instanceof ShutdownSignalException signal) {
        return replyText(signal);
      }
    }
    return String.valueOf(e.getMessage());
  }

  /** The broker's reply text of a channel or connection close. */
  static String replyText(ShutdownSignalException signal) {
    return switch (signal.getReason()) {
      case AMQP.Channel.Close close -> close.getReplyText();
      case AMQP.Connection.Close close -> close.getReplyText();
      case null, default -> String.valueOf(signal.getMessage());
    };
  }

  private static ShutdownSignalException shutdownSignal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ShutdownSignalException signal) {
        return signal;
      }
    }
    return null;
  }

  private static int replyCode(ShutdownSignalException signal) {
    return signal.getReason() instanceof AMQP.Channel.Close close ? close.getReplyCode() : 0;
  }

  /** The broker refused one operation and closed the channel it ran on. */
  private static final class ChannelError extends FennelException {
    private static final long serialVersionUID = 1L;
    private final int replyCode;

    ChannelError(String action, String url, ShutdownSignalException signal, Exception cause) {
      super("cannot " + action + " on " + url + ": " + replyText(signal), cause);
      this.replyCode = replyCode(signal);
    }
  }
}
