package dev.nanite.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ReturnListener;
import dev.nanite.internal.security.Outbound;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Channels for publishing, each used by one thread at a time: a publisher borrows one, publishes
 * and returns it, so no lock is held across I/O and no channel is opened per message. Channels
 * in confirm mode complete a future per message when the broker acknowledges it. Thread-safe.
 */
public final class ChannelPool implements Publisher, AutoCloseable {
  private final Connection connection;
  private final boolean confirms;
  private final ReturnListener returns;
  private final Function<Throwable, Throwable> unavailable;
  private final Outbound outbound;
  private final Settlements completions;
  private final ConcurrentLinkedQueue<Pooled> idle = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Pooled> all = new ConcurrentLinkedQueue<>();

  /**
   * @param confirms whether channels are in publisher-confirm mode
   * @param returns told of mandatory messages the broker could not route (may be null); it is
   *     called on the connection's I/O thread, so it must hand any work to another thread
   * @param unavailable makes the error that fails unconfirmed messages when a channel closes
   * @param completions completes the futures of confirmed messages: never the connection's I/O
   *     thread, where confirms arrive, since whatever a future's dependents do (open a channel,
   *     say) would block it and hang the connection
   * @param outbound stamps the account and the signature on each message
   */
  public ChannelPool(Connection connection, boolean confirms, ReturnListener returns,
      Function<Throwable, Throwable> unavailable, Executor completions, Outbound outbound) {
    this.outbound = outbound;
    this.connection = connection;
    this.completions = new Settlements(completions);
    this.confirms = confirms;
    this.returns = returns;
    this.unavailable = unavailable;
  }

  /** Publishes a message; the future completes when the broker confirms it (at once without confirms). */
  @Override
  public CompletableFuture<Void> publish(String exchange, String routingKey, boolean mandatory,
      AMQP.BasicProperties properties, byte[] body) {
    Pooled pooled = null;
    try {
      pooled = borrow();
      CompletableFuture<Void> confirmed;
      if (confirms) {
        confirmed = new CompletableFuture<>();
        pooled.outstanding.put(pooled.channel.getNextPublishSeqNo(), confirmed);
      } else {
        confirmed = CompletableFuture.completedFuture(null);
      }
      pooled.channel.basicPublish(exchange, routingKey, mandatory,
          outbound.properties(properties), outbound.body(body));
      return confirmed;
    } catch (IOException | RuntimeException e) {
      if (pooled != null) {
        pooled.failAll(unavailable.apply(e));
      }
      return CompletableFuture.failedFuture(unavailable.apply(e));
    } finally {
      if (pooled != null) {
        release(pooled);
      }
    }
  }

  private Pooled borrow() throws IOException {
    for (Pooled pooled = idle.poll(); pooled != null; pooled = idle.poll()) {
      if (pooled.usable()) {
        return pooled;
      }
      all.remove(pooled); // closed by a channel error: it will not come back
    }
    if (!connection.isOpen()) {
      throw new IOException("the connection is closed (reconnecting)");
    }
    Channel channel = connection.createChannel();
    if (channel == null) {
      throw new IOException("the broker refused another channel (channel limit reached)");
    }
    Pooled created = new Pooled(channel, completions);
    if (returns != null) {
      channel.addReturnListener(returns);
    }
    if (confirms) {
      channel.confirmSelect();
      channel.addConfirmListener(created);
    }
    channel.addShutdownListener(cause -> created.failAll(unavailable.apply(cause)));
    all.add(created);
    return created;
  }

  private void release(Pooled pooled) {
    if (pooled.usable() || !connection.isOpen()) {
      idle.offer(pooled); // a channel closed with its connection recovers with it
    } else {
      all.remove(pooled);
    }
  }

  @Override
  public void close() {
    for (Pooled pooled : all) {
      try {
        if (pooled.channel.isOpen()) {
          pooled.channel.close();
        }
      } catch (IOException | RuntimeException | TimeoutException e) {
        // closing anyway; the connection close that follows releases it
      }
    }
  }

  private static final class Pooled implements ConfirmListener {
    final Channel channel;
    final ConcurrentNavigableMap<Long, CompletableFuture<Void>> outstanding =
        new ConcurrentSkipListMap<>();
    final Settlements completions;

    Pooled(Channel channel, Settlements completions) {
      this.channel = channel;
      this.completions = completions;
    }

    /** Open, or closed only because its connection is down and will recover. */
    boolean usable() {
      if (channel.isOpen()) {
        return true;
      }
      var cause = channel.getCloseReason();
      return cause != null && cause.isHardError() && !cause.isInitiatedByApplication();
    }

    @Override
    public void handleAck(long seq, boolean multiple) {
      settle(seq, multiple, null);
    }

    @Override
    public void handleNack(long seq, boolean multiple) {
      settle(seq, multiple, new IOException("the broker refused the message (nack)"));
    }

    private void settle(long seq, boolean multiple, Throwable error) {
      var settled = multiple ? outstanding.headMap(seq, true) : outstanding.subMap(seq, true, seq, true);
      List<CompletableFuture<Void>> futures = new ArrayList<>(settled.values());
      settled.clear();
      completions.settle(futures, error);
    }

    void failAll(Throwable error) {
      List<CompletableFuture<Void>> futures = new ArrayList<>(outstanding.values());
      outstanding.clear();
      completions.settle(futures, error);
    }
  }
}
