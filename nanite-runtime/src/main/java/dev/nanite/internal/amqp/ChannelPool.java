package dev.nanite.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ReturnListener;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;

/**
 * Channels for publishing, each used by one thread at a time: a publisher borrows one, publishes
 * and returns it, so no lock is held across I/O and no channel is opened per message. Channels
 * in confirm mode complete a future per message when the broker acknowledges it. Thread-safe.
 */
public final class ChannelPool implements AutoCloseable {
  private final Connection connection;
  private final boolean confirms;
  private final ReturnListener returns;
  private final Function<Throwable, Throwable> unavailable;
  private final ConcurrentLinkedQueue<Pooled> idle = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Pooled> all = new ConcurrentLinkedQueue<>();

  /**
   * @param confirms whether channels are in publisher-confirm mode
   * @param returns told of mandatory messages the broker could not route (may be null)
   * @param unavailable makes the error that fails unconfirmed messages when a channel closes
   */
  public ChannelPool(Connection connection, boolean confirms, ReturnListener returns,
      Function<Throwable, Throwable> unavailable) {
    this.connection = connection;
    this.confirms = confirms;
    this.returns = returns;
    this.unavailable = unavailable;
  }

  /** Publishes a message; the future completes when the broker confirms it (at once without confirms). */
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
      pooled.channel.basicPublish(exchange, routingKey, mandatory, properties, body);
      return confirmed;
    } catch (IOException | RuntimeException e) {
      if (pooled != null) {
        pooled.failAll(unavailable.apply(e));
      }
      return CompletableFuture.failedFuture(unavailable.apply(e));
    } finally {
      if (pooled != null) {
        idle.offer(pooled);
      }
    }
  }

  private Pooled borrow() throws IOException {
    Pooled pooled = idle.poll();
    if (pooled != null) {
      return pooled;
    }
    Channel channel = connection.createChannel();
    if (channel == null) {
      throw new IOException("the broker refused another channel (channel limit reached)");
    }
    Pooled created = new Pooled(channel);
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

  @Override
  public void close() {
    for (Pooled pooled : all) {
      try {
        if (pooled.channel.isOpen()) {
          pooled.channel.close();
        }
      } catch (IOException | RuntimeException | java.util.concurrent.TimeoutException e) {
        // closing anyway; the connection close that follows releases it
      }
    }
  }

  private static final class Pooled implements ConfirmListener {
    final Channel channel;
    final ConcurrentNavigableMap<Long, CompletableFuture<Void>> outstanding =
        new ConcurrentSkipListMap<>();

    Pooled(Channel channel) {
      this.channel = channel;
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
      settled.forEach((s, future) -> {
        if (error == null) {
          future.complete(null);
        } else {
          future.completeExceptionally(error);
        }
      });
      settled.clear();
    }

    void failAll(Throwable error) {
      outstanding.values().forEach(f -> f.completeExceptionally(error));
      outstanding.clear();
    }
  }
}
