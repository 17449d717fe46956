package io.fennel.core.broker.amqp;

import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.impl.FrameHandler;
import com.rabbitmq.client.impl.FrameHandlerFactory;
import com.rabbitmq.client.impl.SocketFrameHandlerFactory;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;

/**
 * amqp-client's connection factory with Fennel's frame layer ({@link RepairingFrameInput}) between
 * every connection's socket and amqp-client's reader, on plain TCP and TLS alike: each received
 * headers table is handed on wrapped, for Fennel to read ({@link WireTable}), so a header Python
 * clients may send (an integer beyond 32 bits) reaches Fennel instead of closing the connection.
 * The layer sits above TLS, on the decrypted bytes: amqp-client makes and connects the socket as it
 * always does (its TLS handshake and hostname check included), and reads through the layer.
 */
final class FrameLayerConnectionFactory extends ConnectionFactory {
  /** The largest message body a connection accepts: amqp-client's own default, 64 MiB. */
  static final int MAX_INBOUND_BODY = 64 << 20;

  FrameLayerConnectionFactory() {
    setMaxInboundMessageBodySize(MAX_INBOUND_BODY);
  }

  @Override
  protected synchronized FrameHandlerFactory createFrameHandlerFactory() {
    return new SocketFrameHandlerFactory(
        getConnectionTimeout(),
        getSocketFactory(),
        getSocketConfigurator(),
        isSSL(),
        null,
        null,
        MAX_INBOUND_BODY) {
      @Override
      public FrameHandler create(Socket socket) throws IOException {
        return super.create(new LayeredSocket(socket));
      }
    };
  }

  /**
   * A connected socket, TLS or not, whose input goes through the frame layer; amqp-client's frame
   * handler uses only the methods passed on here.
   */
  private static final class LayeredSocket extends Socket {
    private final Socket socket;
    private InputStream input; // guarded by this

    LayeredSocket(Socket socket) {
      this.socket = socket;
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (input == null) {
        // buffered below the layer, so reading a frame's 7-byte header is not a system call
        input = new RepairingFrameInput(new BufferedInputStream(socket.getInputStream(), 65_536));
      }
      return input;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
      return socket.getOutputStream();
    }

    @Override
    public synchronized void close() throws IOException {
      socket.close();
    }

    @Override
    public InetAddress getInetAddress() {
      return socket.getInetAddress();
    }

    @Override
    public int getPort() {
      return socket.getPort();
    }

    @Override
    public InetAddress getLocalAddress() {
      return socket.getLocalAddress();
    }

    @Override
    public int getLocalPort() {
      return socket.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
      return socket.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
      return socket.getLocalSocketAddress();
    }

    @Override
    public synchronized int getSoTimeout() throws SocketException {
      return socket.getSoTimeout();
    }

    @Override
    public synchronized void setSoTimeout(int timeout) throws SocketException {
      socket.setSoTimeout(timeout);
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
      socket.setSoLinger(on, linger);
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
      socket.setTcpNoDelay(on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
      return socket.getTcpNoDelay();
    }

    @Override
    public boolean isConnected() {
      return socket.isConnected();
    }

    @Override
    public boolean isClosed() {
      return socket.isClosed();
    }

    @Override
    public void shutdownOutput() throws IOException {
      socket.shutdownOutput();
    }

    @Override
    public void shutdownInput() throws IOException {
      socket.shutdownInput();
    }

    @Override
    public String toString() {
      return socket.toString();
    }
  }
}
