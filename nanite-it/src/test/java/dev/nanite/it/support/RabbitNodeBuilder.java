package dev.nanite.it.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The options of a private {@link RabbitNode} beyond a plain one:
 * {@code RabbitNode.builder().config("...").plugins("...").tls(ca.server()).start()}.
 */
public final class RabbitNodeBuilder {
  private final List<String> config = new ArrayList<>();
  private final List<String> plugins = new ArrayList<>();
  private TestCa.ServerFiles tls;
  private String cookie;

  RabbitNodeBuilder() {}

  /**
   * Adds lines to the node's {@code rabbitmq.conf}, after the AMQP (and TLS) listeners the node
   * sets itself, e.g. {@code "ssl_options.verify = verify_peer"}.
   */
  public RabbitNodeBuilder config(String... lines) {
    config.addAll(List.of(lines));
    return this;
  }

  /** Enables plugins, e.g. {@code "rabbitmq_auth_mechanism_ssl"}; none by default. */
  public RabbitNodeBuilder plugins(String... names) {
    plugins.addAll(List.of(names));
    return this;
  }

  /**
   * Adds a TLS listener on 127.0.0.1 and a free port (see {@link RabbitNode#tlsPort()}), with
   * these certificate files; how it verifies clients is up to {@link #config} lines.
   */
  public RabbitNodeBuilder tls(TestCa.ServerFiles files) {
    this.tls = files;
    return this;
  }

  /** The Erlang cookie; nodes that are to form a cluster need the same one. Random if unset. */
  public RabbitNodeBuilder cookie(String cookie) {
    this.cookie = cookie;
    return this;
  }

  /** Starts the node and returns once it accepts AMQP connections. */
  public RabbitNode start() throws IOException, InterruptedException {
    return RabbitNode.start(this);
  }

  List<String> config() {
    return config;
  }

  List<String> plugins() {
    return plugins;
  }

  TestCa.ServerFiles tls() {
    return tls;
  }

  String cookie() {
    return cookie;
  }
}
