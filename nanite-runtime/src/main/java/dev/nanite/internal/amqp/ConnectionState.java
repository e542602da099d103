package dev.nanite.internal.amqp;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.impl.ForgivingExceptionHandler;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a recovering connection is up, with each change logged once: one warning when it is
 * lost, however many reconnection attempts follow, and one line when it is back. Also the
 * connection's exception handler, so that amqp-client's own per-attempt errors stay quiet.
 */
public final class ConnectionState extends ForgivingExceptionHandler implements RecoveryListener {
  private static final Logger log = LoggerFactory.getLogger(ConnectionState.class);

  /** Told when the connection goes down and when it is back. */
  public interface Listener {
    default void lost() {}

    default void recovered() {}
  }

  private final String name;
  private final AtomicBoolean up = new AtomicBoolean(true);
  /** How many times the connection was lost; each loss counts once, however long it lasts. */
  private final java.util.concurrent.atomic.AtomicLong losses =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile String lossReason = "";
  private final java.util.concurrent.atomic.AtomicLong uncaught =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile Listener listener = new Listener() {};
  private final java.util.concurrent.Executor notifications;

  /**
   * @param notifications runs the listener: shutdown and recovery callbacks come on
   *     amqp-client's connection threads, which must never block
   */
  public ConnectionState(String name, java.util.concurrent.Executor notifications) {
    this.name = name;
    this.notifications = notifications;
  }

  /** Watches {@code connection}, which must have been made with this as exception handler. */
  public void watch(Connection connection, Listener listener) {
    this.listener = listener;
    ((Recoverable) connection).addRecoveryListener(this);
    connection.addShutdownListener(this::shutdown);
  }

  public boolean isUp() {
    return up.get();
  }

  /** How many times the connection has been lost so far. */
  public long losses() {
    return losses.get();
  }

  /** Why the connection was last lost, as the AMQP client said; empty before any loss. */
  public String lossReason() {
    return lossReason;
  }

  private void shutdown(ShutdownSignalException cause) {
    if (!cause.isInitiatedByApplication() && up.compareAndSet(true, false)) {
      log.warn("{} lost its broker connection ({}); reconnecting", name, cause.getMessage());
      lost(cause.getCause() == null ? cause.getMessage()
          : cause.getMessage() + ": " + cause.getCause());
    }
  }

  @Override
  public void handleRecoveryStarted(Recoverable recoverable) {
    if (up.compareAndSet(true, false)) {
      log.warn("{} lost its broker connection; reconnecting", name);
      lost("the connection is recovering");
    }
  }

  private void lost(String reason) {
    lossReason = reason;
    losses.incrementAndGet();
    notifications.execute(listener::lost);
  }

  @Override
  public void handleRecovery(Recoverable recoverable) {
    if (up.compareAndSet(false, true)) {
      log.info("{} reconnected to the broker", name);
    }
    notifications.execute(listener::recovered);
  }

  @Override
  public void handleConnectionRecoveryException(Connection connection, Throwable exception) {
    log.debug("{}: reconnection attempt failed: {}", name, exception.toString());
  }

  /**
   * Exceptions that escaped into amqp-client from a consumer or listener callback: each one is
   * a bug (callbacks catch everything), counted so tests can see it never happens.
   */
  public long uncaught() {
    return uncaught.get();
  }

  @Override
  public void handleConsumerException(com.rabbitmq.client.Channel channel, Throwable exception,
      com.rabbitmq.client.Consumer consumer, String consumerTag, String methodName) {
    uncaught.incrementAndGet();
    log.error("{}: a consumer callback threw, which is a bug in Nanite", name, exception);
  }

  @Override
  public void handleReturnListenerException(com.rabbitmq.client.Channel channel,
      Throwable exception) {
    uncaught.incrementAndGet();
    log.error("{}: a return listener threw, which is a bug in Nanite", name, exception);
  }

  @Override
  public void handleConfirmListenerException(com.rabbitmq.client.Channel channel,
      Throwable exception) {
    uncaught.incrementAndGet();
    log.error("{}: a confirm listener threw, which is a bug in Nanite", name, exception);
  }

  @Override
  protected void log(String message, Throwable e) {
    log.debug("{}: {}: {}", name, message, e.toString());
  }
}
