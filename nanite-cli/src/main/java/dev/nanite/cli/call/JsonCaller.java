package dev.nanite.cli.call;

import com.google.protobuf.DynamicMessage;
import dev.nanite.BrokerUnavailableException;
import dev.nanite.CallOptions;
import dev.nanite.Endpoint;
import dev.nanite.Mapper;
import dev.nanite.NaniteException;
import dev.nanite.NoAgentException;
import dev.nanite.PathSchema;
import dev.nanite.Replies;
import dev.nanite.Reply;
import dev.nanite.Selector;
import dev.nanite.cli.json.JsonArgumentException;
import dev.nanite.cli.json.JsonMessages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls any path with JSON arguments and a selector through a mapper, building the request from
 * the schema the agents advertise, and returns each agent's reply as JSON. What the shell and
 * the control tower send requests with. Thread-safe; calls block until every reply is in, which
 * the call's deadline bounds.
 */
public final class JsonCaller {
  private static final Duration GRACE = Duration.ofSeconds(5);

  private final Mapper mapper;
  private final Duration wait;

  /**
   * @param wait how long a call waits for its path's first agent: a new mapper hears of every
   *     live agent within one ping interval
   */
  public JsonCaller(Mapper mapper, Duration wait) {
    this.mapper = mapper;
    this.wait = wait;
  }

  /** The mapper calls go through. */
  public Mapper mapper() {
    return mapper;
  }

  /**
   * Sends a request and returns every reply: one for a single-agent selector, one per agent for
   * {@link Selector#ALL}. Errors of single agents are replies, not exceptions.
   *
   * @param json the arguments (see {@link JsonMessages#request}); null or blank for none
   * @param options must carry a timeout
   * @param agents how many agents must serve the path before it is called (waiting up to the
   *     caller's wait): for {@link Selector#ALL} from a mapper that just started
   * @throws CallException if the call cannot be made: bad arguments, no agent, no broker
   */
  public List<AgentReply> request(String path, String json, Selector selector,
      CallOptions options, int agents) throws CallException {
    PathSchema schema = schema(path, agents);
    DynamicMessage request = message(schema, json);
    Endpoint<DynamicMessage, DynamicMessage> endpoint = schema.endpoint();
    List<AgentReply> replies = new ArrayList<>();
    if (selector instanceof Selector.Single single) {
      Reply<DynamicMessage> reply = join(path,
          mapper.requestReply(endpoint, request, single, options), options);
      replies.add(reply(reply));
    } else {
      Replies<DynamicMessage> all = join(path,
          mapper.requestAll(endpoint, request, Selector.ALL, options), options);
      for (Map.Entry<String, Reply<DynamicMessage>> entry : all.byAgent().entrySet()) {
        replies.add(reply(entry.getValue()));
      }
    }
    return replies;
  }

  /**
   * Pushes a request (no reply); returns once the broker holds it. The parameters are those of
   * {@link #request}.
   *
   * @throws CallException if it cannot be sent
   */
  public void push(String path, String json, Selector selector, CallOptions options,
      int agents) throws CallException {
    PathSchema schema = schema(path, agents);
    join(path, mapper.push(schema.endpoint(), message(schema, json), selector, options), options);
  }

  /**
   * The schema of {@code path}, waiting up to the caller's wait for {@code agents} agents to
   * serve it.
   *
   * @throws CallException if the path is malformed, no agent serves it, or none advertised a
   *     schema for it
   */
  public PathSchema schema(String path, int agents) throws CallException {
    try {
      Endpoint.untyped(path);
    } catch (IllegalArgumentException e) {
      throw new CallException(CallException.Kind.USAGE, e.getMessage());
    }
    try {
      mapper.awaitAgents(path, Math.max(1, agents), wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallException(CallException.Kind.FAILED, "interrupted");
    }
    boolean served = mapper.agents().stream().anyMatch(agent -> agent.serves(path));
    if (!served) {
      throw new CallException(CallException.Kind.NO_AGENT, "no agent serves " + path
          + (wait.isZero() ? "" : " (waited " + wait.toMillis() + " ms for one)"));
    }
    return mapper.schema(path).orElseThrow(() -> new CallException(CallException.Kind.USAGE,
        "the agents serving " + path + " advertise no schema for it, so it cannot be called"
            + " with JSON; call it with its typed client"));
  }

  private static DynamicMessage message(PathSchema schema, String json) throws CallException {
    try {
      return JsonMessages.request(schema.path(), schema.requestType(), json);
    } catch (JsonArgumentException e) {
      throw new CallException(CallException.Kind.USAGE, e.getMessage());
    }
  }

  private static AgentReply reply(Reply<DynamicMessage> reply) {
    if (!reply.succeeded()) {
      return AgentReply.failed(reply.agent(), reply.error());
    }
    try {
      return AgentReply.ok(reply.agent(), JsonMessages.response(reply.value()));
    } catch (IllegalArgumentException e) {
      return new AgentReply(reply.agent(), AgentReply.Outcome.ERROR, null, null, e.getMessage());
    }
  }

  private static <T> T join(String path, CompletableFuture<T> future, CallOptions options)
      throws CallException {
    Duration timeout = options.timeout() == null ? Duration.ofMinutes(1) : options.timeout();
    try {
      return future.get(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof NoAgentException) {
        throw new CallException(CallException.Kind.NO_AGENT, cause.getMessage());
      }
      if (cause instanceof BrokerUnavailableException) {
        throw new CallException(CallException.Kind.UNAVAILABLE, cause.getMessage());
      }
      if (cause instanceof NaniteException) {
        throw new CallException(CallException.Kind.FAILED, cause.getMessage());
      }
      throw new CallException(CallException.Kind.FAILED, path + " failed: " + cause);
    } catch (TimeoutException e) {
      throw new CallException(CallException.Kind.FAILED, path + " did not complete within "
          + timeout.plus(GRACE).toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallException(CallException.Kind.FAILED, "interrupted");
    }
  }
}
