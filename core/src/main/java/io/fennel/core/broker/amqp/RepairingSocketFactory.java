package io.fennel.core.broker.amqp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets for amqp-client whose input goes through {@link RepairingFrameInput}, so a
 * header Python clients may send (an integer beyond 32 bits) reaches Fennel instead of closing the
 * connection. TLS connections keep the JDK's factory.
 */
final class RepairingSocketFactory extends SocketFactory {
  @Override
  public Socket createSocket() {
    return new RepairingSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    Socket s = new RepairingSocket();
    s.bind(new InetSocketAddress(localHost, localPort));
    s.connect(new InetSocketAddress(host, port));
    return s;
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    Socket s = new RepairingSocket();
    s.bind(new InetSocketAddress(localAddress, localPort));
    s.connect(new InetSocketAddress(address, port));
    return s;
  }

  private static Socket connected(InetSocketAddress to) throws IOException {
    Socket s = new RepairingSocket();
    s.connect(to);
    return s;
  }

  /** A socket whose input stream repairs content-header frames. */
  private static final class RepairingSocket extends Socket {
    private InputStream input;

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (input == null) {
        // buffered below the repair, so reading a frame's 7-byte header is not a system call
        input =
            new RepairingFrameInput(
                new java.io.BufferedInputStream(super.getInputStream(), 65_536));
      }
      return input;
    }
  }
}
