package dev.nanite.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Consumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer that outlives its channel. amqp-client recovers channels lost with their
 * connection, but not one the broker closed for an error of its own (a publish to an exchange
 * not yet re-declared after a broker restart, say): this consumer then opens a new channel and
 * subscribes again. Subclasses handle deliveries; {@link #channel()} is the current channel.
 */
public abstract class ResilientConsumer implements Consumer {
  private static final Logger log = LoggerFactory.getLogger(ResilientConsumer.class);

  /** Declares what the consumer needs and subscribes it on a fresh channel. */
  @FunctionalInterface
  public interface Subscribe {
    void on(Channel channel, ResilientConsumer consumer) throws IOException;
  }

  private final String name;
  private volatile Channel channel;
  private volatile Connection connection;
  private volatile Subscribe subscribe;
  private volatile boolean stopped;
  private volatile String consumerTag;
  private volatile Runnable resubscribed = () -> {};

  protected ResilientConsumer(String name) {
    this.name = name;
  }

  /**
   * Opens a channel on {@code connection} and subscribes with {@code subscribe}; does so again
   * whenever the connection comes back after a loss.
   */
  public final void start(Connection connection, Subscribe subscribe) throws IOException {
    this.connection = connection;
    this.subscribe = subscribe;
    open();
    ((Recoverable) connection).addRecoveryListener(new RecoveryListener() {
      @Override
      public void handleRecovery(Recoverable recoverable) {
        resubscribe("the connection is back");
      }

      @Override
      public void handleRecoveryStarted(Recoverable recoverable) {}
    });
  }

  /** Runs {@code action} each time the consumer has subscribed again (not the first time). */
  public final void onResubscribed(Runnable action) {
    this.resubscribed = action;
  }

  /** The channel deliveries currently come from (for acknowledgements). */
  public final Channel channel() {
    return channel;
  }

  /** Stops re-subscribing; the channel closes with its connection. */
  public final void stop() {
    stopped = true;
  }

  /** Stops re-subscribing and cancels the subscription: no more deliveries. */
  public final void cancel() throws IOException {
    stopped = true;
    String tag = consumerTag;
    Channel current = channel;
    if (tag != null && current != null && current.isOpen()) {
      current.basicCancel(tag);
    }
  }

  private synchronized void open() throws IOException {
    Channel previous = channel;
    if (previous != null && previous.isOpen()) {
      try {
        previous.abort(); // its subscription is replaced by the new channel's
      } catch (IOException | RuntimeException e) {
        log.debug("{}: closing the old channel failed: {}", name, e.toString());
      }
    }
    Channel opened = connection.createChannel();
    if (opened == null) {
      throw new IOException("the broker refused another channel");
    }
    opened.addShutdownListener(this::closed);
    this.channel = opened;
    subscribe.on(opened, this);
  }

  private void closed(ShutdownSignalException cause) {
    if (stopped || cause.isHardError() || cause.isInitiatedByApplication()) {
      return; // the connection's recovery, or its owner, takes care of it
    }
    log.warn("{}: the broker closed its channel ({}); subscribing again", name,
        cause.getMessage());
    resubscribe("the broker closed its channel");
  }

  private void resubscribe(String why) {
    if (stopped) {
      return;
    }
    log.debug("{}: subscribing again: {}", name, why);
    Thread reopen = new Thread(this::reopen, "nanite-resubscribe-" + name);
    reopen.setDaemon(true);
    reopen.start();
  }

  private void reopen() {
    long backoff = TimeUnit.MILLISECONDS.toNanos(50);
    for (int attempt = 1; attempt <= 20 && !stopped; attempt++) {
      try {
        if (connection.isOpen()) {
          open();
          resubscribed.run();
          return;
        }
      } catch (IOException | RuntimeException e) {
        log.debug("{}: subscribing again failed (attempt {}): {}", name, attempt, e.toString());
      }
      LockSupport.parkNanos(backoff); // a bounded backoff between attempts, not a wait for state
      backoff = Math.min(backoff * 2, TimeUnit.SECONDS.toNanos(2));
    }
    log.error("{}: could not subscribe again; it no longer receives messages", name);
  }

  @Override
  public void handleConsumeOk(String consumerTag) {
    this.consumerTag = consumerTag;
  }

  @Override
  public void handleCancelOk(String consumerTag) {}

  @Override
  public void handleCancel(String consumerTag) {
    log.warn("{}: the broker cancelled its subscription", name);
  }

  @Override
  public void handleShutdownSignal(String consumerTag, ShutdownSignalException sig) {}

  @Override
  public void handleRecoverOk(String consumerTag) {}

  @Override
  public abstract void handleDelivery(String consumerTag, Envelope envelope,
      AMQP.BasicProperties properties, byte[] body) throws IOException;
}
