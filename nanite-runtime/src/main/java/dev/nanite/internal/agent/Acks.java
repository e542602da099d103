package dev.nanite.internal.agent;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledges the deliveries of one channel, several at a time when it can: while one thread
 * writes an acknowledgement, the tags that others finish queue up, and the next write covers
 * every finished tag below the first unfinished one with one {@code multiple} acknowledgement.
 * A tag finished above an unfinished one is acknowledged on its own at once, so that a slow
 * call never holds back the acknowledgements (and with them the prefetch window) of the quick
 * calls after it.
 *
 * <p>Why: under load an agent's acknowledgements were a socket write and a broker frame per
 * request; the broker's per-frame work was the largest difference to plain amqp-client in the
 * push benchmark. No lock is held across the write: a thread that finds another writing leaves
 * its tag in the queue and returns, and the writer picks it up before it lets go.
 */
final class Acks {
  private static final Logger log = LoggerFactory.getLogger(Acks.class);
  /**
   * Finished tags above a gap worth remembering; past that (a call that never finishes), the
   * channel's tags are acknowledged one by one from then on.
   */
  private static final int MAX_TRACKED = 4_096;

  private final Channel channel;
  private final String owner;
  private final ConcurrentLinkedQueue<Long> finished = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean writing = new AtomicBoolean();
  /** Tags deferred since the last write began (an overcount only makes a write come sooner). */
  private final AtomicInteger deferred = new AtomicInteger();
  // Owned by the thread that holds `writing`:
  /** Every tag up to this one is acknowledged (tags start at 1 on a channel). */
  private long settled;
  /** Finished tags above the first unfinished one, and whether each was acknowledged alone. */
  private final TreeMap<Long, Boolean> above = new TreeMap<>();
  private volatile boolean oneByOne;

  Acks(Channel channel, String owner) {
    this.channel = channel;
    this.owner = owner;
  }

  /** The channel the tags belong to. */
  Channel channel() {
    return channel;
  }

  /** Acknowledges {@code tag}, now or with the write in progress. Never throws. */
  void ack(long tag) {
    if (oneByOne) {
      write(tag, false);
      return;
    }
    finished.add(tag);
    flush();
  }

  /**
   * Leaves {@code tag} for a later write, which acknowledges it together with the tags finished
   * by then, unless {@code max} tags are already waiting. Whoever defers must make sure a later
   * {@link #ack} or {@link #flush} comes.
   *
   * <p>Why: an agent busy with quick calls wrote one acknowledgement per call, a socket write
   * on the actor thread and a frame for the broker each, as many as plain amqp-client workers
   * that ack each message. Deferred while more calls wait, a run of them goes in one frame.
   */
  void defer(long tag, int max) {
    if (oneByOne || max <= 1) {
      ack(tag);
      return;
    }
    finished.add(tag);
    if (deferred.incrementAndGet() >= max) {
      flush();
    }
  }

  /** Writes the finished tags now, or leaves them to the write in progress. Never throws. */
  void flush() {
    while (!finished.isEmpty() && writing.compareAndSet(false, true)) {
      try {
        deferred.set(0);
        drain();
      } finally {
        writing.set(false);
      }
      // A tag added during the drain either finds `writing` false and flushes itself, or is
      // seen here as `finished` not empty.
    }
  }

  private void drain() {
    List<Long> added = new ArrayList<>();
    for (Long tag = finished.poll(); tag != null; tag = finished.poll()) {
      if (oneByOne) {
        write(tag, false);
      } else {
        above.put(tag, Boolean.FALSE);
        added.add(tag);
      }
    }
    long upTo = 0; // the highest tag of the contiguous run not yet acknowledged alone
    for (Boolean alone = above.remove(settled + 1); alone != null;
        alone = above.remove(settled + 1)) {
      settled++;
      if (!alone) {
        upTo = settled;
      }
    }
    if (upTo > 0) {
      // Covers the tags below it acknowledged alone too, which the broker allows: only the
      // tag named must still be unacknowledged.
      write(upTo, true);
    }
    for (Long tag : added) { // only this drain's tags can be above a gap and not yet sent
      if (above.replace(tag, Boolean.FALSE, Boolean.TRUE)) {
        write(tag, false);
      }
    }
    if (above.size() > MAX_TRACKED) {
      log.debug("{}: delivery {} unfinished behind {} others; acknowledging one by one", owner,
          settled + 1, above.size());
      oneByOne = true;
      above.clear();
    }
  }

  private void write(long tag, boolean multiple) {
    try {
      channel.basicAck(tag, multiple);
    } catch (IOException | RuntimeException e) {
      // The channel closed: the broker requeues (or, for an exclusive queue, drops) unacked
      // messages by itself, so there is nothing left to do here.
      log.debug("{} could not acknowledge delivery {}: {}", owner, tag, e.toString());
    }
  }
}
