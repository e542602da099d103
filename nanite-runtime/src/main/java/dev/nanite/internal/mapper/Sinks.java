package dev.nanite.internal.mapper;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.nanite.Endpoint;
import dev.nanite.NaniteException;
import dev.nanite.Replies;
import dev.nanite.Reply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** Where the outcomes of calls go: one future, or one reply among many. */
final class Sinks {
  private Sinks() {}

  /** Completes {@code future} with the decoded value or the error. */
  static <R> Call.Sink single(Endpoint<?, R> endpoint, CompletableFuture<R> future) {
    return new Call.Sink() {
      @Override
      public void value(String agent, ByteString value) {
        try {
          future.complete(endpoint.responseMarshaller().decode(value));
        } catch (InvalidProtocolBufferException | RuntimeException e) {
          future.completeExceptionally(undecodable(endpoint, agent, e));
        }
      }

      @Override
      public void error(String agent, NaniteException error) {
        future.completeExceptionally(error);
      }
    };
  }

  /**
   * Completes {@code future} with the answering agent's {@link Reply}, value or error; fails it
   * only when no agent was chosen (no agent serves the path, say).
   */
  static <R> Call.Sink reply(Endpoint<?, R> endpoint, CompletableFuture<Reply<R>> future) {
    return new Call.Sink() {
      @Override
      public void value(String agent, ByteString value) {
        try {
          future.complete(Reply.success(agent, endpoint.responseMarshaller().decode(value)));
        } catch (InvalidProtocolBufferException | RuntimeException e) {
          future.complete(Reply.failure(agent, undecodable(endpoint, agent, e)));
        }
      }

      @Override
      public void error(String agent, NaniteException error) {
        if (agent == null) {
          future.completeExceptionally(error);
        } else {
          future.complete(Reply.failure(agent, error));
        }
      }
    };
  }

  /**
   * Collects one reply per agent and completes {@code future} with all of them once every
   * agent's call has finished, in the order the agents were asked.
   */
  static <R> List<Call.Sink> all(Endpoint<?, R> endpoint, List<String> agents,
      CompletableFuture<Replies<R>> future) {
    Map<String, Reply<R>> replies = new LinkedHashMap<>();
    agents.forEach(agent -> replies.put(agent, null));
    AtomicInteger remaining = new AtomicInteger(agents.size());
    return agents.stream().map(asked -> (Call.Sink) new Call.Sink() {
      @Override
      public void value(String agent, ByteString value) {
        Reply<R> reply;
        try {
          reply = Reply.success(asked, endpoint.responseMarshaller().decode(value));
        } catch (InvalidProtocolBufferException | RuntimeException e) {
          reply = Reply.failure(asked, undecodable(endpoint, agent, e));
        }
        done(reply);
      }

      @Override
      public void error(String agent, NaniteException error) {
        done(Reply.failure(asked, error));
      }

      private void done(Reply<R> reply) {
        synchronized (replies) {
          replies.put(asked, reply);
        }
        if (remaining.decrementAndGet() == 0) {
          synchronized (replies) {
            future.complete(Replies.of(replies));
          }
        }
      }
    }).toList();
  }

  private static NaniteException undecodable(Endpoint<?, ?> endpoint, String agent, Exception e) {
    return new NaniteException(endpoint.path(), "the reply of " + endpoint.path() + " from agent "
        + agent + " does not decode: " + e.getMessage(), e);
  }
}
