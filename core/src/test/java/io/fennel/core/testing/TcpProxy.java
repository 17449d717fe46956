package io.fennel.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder for tests: records every byte clients send upstream, can cut all its connections
 * at once to simulate a network failure, and can refuse connections for a while to simulate a
 * service that is down (without losing what the service holds).
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final String upstreamHost;
  private final int upstreamPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
  private volatile boolean refusing;
  private volatile boolean recording = true;
  private final Object replies = new Object();
  private boolean holdingReplies; // guarded by replies

  public TcpProxy(String upstreamHost, int upstreamPort) throws IOException {
    this.upstreamHost = upstreamHost;
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "fennel-test-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Every byte clients have sent so far. */
  public byte[] sentBytes() {
    synchronized (sent) {
      return sent.toByteArray();
    }
  }

  /** Closes every open connection; new ones are still accepted. */
  public void dropConnections() {
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    sockets.clear();
  }

  /** While down, every connection is cut and new ones are closed at once; then up again. */
  public void down(boolean down) {
    refusing = down;
    if (down) {
      dropConnections();
    }
  }

  /**
   * While held, bytes from the service to its clients wait in the proxy (a broker that takes
   * messages but whose answers, such as publisher confirms, never arrive); then they flow again.
   */
  public void holdReplies(boolean hold) {
    synchronized (replies) {
      holdingReplies = hold;
      replies.notifyAll();
    }
  }

  /** Stops keeping the bytes clients send (for long runs). */
  public void stopRecording() {
    recording = false;
  }

  @Override
  public void close() {
    closeQuietly(server);
    dropConnections();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (refusing) {
          closeQuietly(client);
          continue;
        }
        Socket upstream = new Socket(upstreamHost, upstreamPort);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream, true);
        pump(upstream, client, false);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to, boolean record) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  if (!record) {
                    awaitReplies();
                  }
                  if (record && recording) {
                    synchronized (sent) {
                      sent.write(buffer, 0, n);
                    }
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // connection closed
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "fennel-test-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private void awaitReplies() throws IOException {
    synchronized (replies) {
      while (holdingReplies) {
        try {
          replies.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while holding replies", e);
        }
      }
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // already closed
    }
  }
}
