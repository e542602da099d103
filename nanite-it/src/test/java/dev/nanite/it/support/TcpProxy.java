package dev.nanite.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of the broker, for one client whose network a test cuts: {@link
 * #cut()} drops the connections through it and turns new ones away until {@link #restore()},
 * while every other client of the broker goes on as before. (Stopping the broker would cut
 * everyone; closing the connection from the broker's side would not keep the client from
 * reconnecting at once.)
 */
public final class TcpProxy implements AutoCloseable {
  private final URI upstream;
  private final ServerSocket server;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final AtomicInteger turnedAway = new AtomicInteger();
  private volatile boolean cut;

  private TcpProxy(URI upstream) throws IOException {
    this.upstream = upstream;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "tcp-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy to the broker of {@code amqpUri} ({@code amqp://user:password@host:port/vhost}). */
  public static TcpProxy to(String amqpUri) throws IOException {
    return new TcpProxy(URI.create(amqpUri));
  }

  /** {@code amqpUri} with the proxy in place of the broker's host and port. */
  public String uri() {
    try {
      return new URI(upstream.getScheme(), upstream.getRawUserInfo(), "127.0.0.1",
          server.getLocalPort(), upstream.getRawPath(), upstream.getRawQuery(), null).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("cannot proxy " + upstream, e);
    }
  }

  private int upstreamPort() {
    return upstream.getPort() == -1 ? 5672 : upstream.getPort();
  }

  /** Drops every connection through the proxy and turns new ones away. */
  public void cut() {
    cut = true;
    for (Socket socket : open) {
      closeQuietly(socket);
    }
  }

  /** Lets connections through again. */
  public void restore() {
    cut = false;
  }

  /** How many connections were turned away while cut: each is a client trying to reconnect. */
  public int turnedAway() {
    return turnedAway.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (cut) {
        turnedAway.incrementAndGet();
        closeQuietly(client);
        continue;
      }
      try {
        Socket broker = new Socket();
        broker.connect(new InetSocketAddress(upstream.getHost(), upstreamPort()), 5_000);
        open.add(client);
        open.add(broker);
        pump(client, broker);
        pump(broker, client);
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  /** Copies {@code from} to {@code to} until either closes, then closes both. */
  private void pump(Socket from, Socket to) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed: the finally below closes the other
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    }, "tcp-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    cut();
  }
}
