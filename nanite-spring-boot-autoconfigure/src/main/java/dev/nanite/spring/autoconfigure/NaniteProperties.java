package dev.nanite.spring.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code nanite.*} properties: the broker's URI, the mapper's and the agent's settings.
 * Unset settings keep the runtime's defaults, so that this class does not repeat them.
 */
@ConfigurationProperties("nanite")
public class NaniteProperties {
  /** The broker's URI, amqp://user:password@host:port/vhost (amqps:// for TLS). */
  private String uri;

  private final MapperSettings mapper = new MapperSettings();
  private final AgentSettings agent = new AgentSettings();

  /** The broker's URI, or null when none is set. */
  public String getUri() {
    return uri;
  }

  /** Sets the broker's URI. */
  public void setUri(String uri) {
    this.uri = uri;
  }

  /** The mapper's settings. */
  public MapperSettings getMapper() {
    return mapper;
  }

  /** The agent's settings. */
  public AgentSettings getAgent() {
    return agent;
  }

  /**
   * Checks the values binding cannot: each error names its property, so that a failed start-up
   * says which line of the configuration to fix.
   *
   * @throws IllegalArgumentException naming the first bad property
   */
  void validate() {
    if (uri != null) {
      checkUri(uri);
    }
    positive("nanite.mapper.request-timeout", mapper.requestTimeout);
    positive("nanite.mapper.agent-timeout", mapper.agentTimeout);
    positive("nanite.mapper.max-in-flight", mapper.maxInFlight);
    positive("nanite.agent.ping-interval", agent.pingInterval);
    positive("nanite.agent.prefetch", agent.prefetch);
  }

  private static void checkUri(String value) {
    String problem;
    try {
      URI parsed = new URI(value);
      String scheme = parsed.getScheme();
      problem = "amqp".equals(scheme) || "amqps".equals(scheme)
          ? (parsed.getHost() == null ? "it names no host" : null)
          : "its scheme is not amqp or amqps";
    } catch (URISyntaxException e) {
      problem = e.getMessage();
    }
    if (problem != null) {
      throw new IllegalArgumentException(
          "nanite.uri is not a broker URI (amqp://user:password@host:port/vhost): " + problem);
    }
  }

  private static void positive(String property, Duration value) {
    if (value != null && (value.isNegative() || value.isZero())) {
      throw new IllegalArgumentException(property + " must be positive, was " + value);
    }
  }

  private static void positive(String property, Integer value) {
    if (value != null && value <= 0) {
      throw new IllegalArgumentException(property + " must be positive, was " + value);
    }
  }

  /** The {@code nanite.mapper.*} properties. */
  public static class MapperSettings {
    /** How long a request waits for its reply before it fails. */
    private Duration requestTimeout;

    /** How long an agent may stay silent before the mapper stops routing to it. */
    private Duration agentTimeout;

    /** How many requests may await their replies at once. */
    private Integer maxInFlight;

    /** The request timeout, or null for the runtime's default. */
    public Duration getRequestTimeout() {
      return requestTimeout;
    }

    /** Sets the request timeout. */
    public void setRequestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
    }

    /** The agent timeout, or null for the runtime's default. */
    public Duration getAgentTimeout() {
      return agentTimeout;
    }

    /** Sets the agent timeout. */
    public void setAgentTimeout(Duration agentTimeout) {
      this.agentTimeout = agentTimeout;
    }

    /** The most requests in flight, or null for the runtime's default. */
    public Integer getMaxInFlight() {
      return maxInFlight;
    }

    /** Sets the most requests in flight. */
    public void setMaxInFlight(Integer maxInFlight) {
      this.maxInFlight = maxInFlight;
    }
  }

  /** The {@code nanite.agent.*} properties. */
  public static class AgentSettings {
    /** Whether to start an agent hosting the application's actor beans. */
    private boolean enabled;

    /** The agent's identity; the runtime makes one up when unset. */
    private String identity;

    /** Tags the agent advertises, which callers may select agents by. */
    private List<String> tags = new ArrayList<>();

    /** How often the agent tells the mappers it is alive. */
    private Duration pingInterval;

    /** How many requests the broker hands the agent before it answers any. */
    private Integer prefetch;

    /** Whether an agent is started. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets whether an agent is started. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** The agent's identity, or null. */
    public String getIdentity() {
      return identity;
    }

    /** Sets the agent's identity. */
    public void setIdentity(String identity) {
      this.identity = identity;
    }

    /** The tags the agent advertises. */
    public List<String> getTags() {
      return tags;
    }

    /** Sets the tags the agent advertises. */
    public void setTags(List<String> tags) {
      this.tags = tags;
    }

    /** The ping interval, or null for the runtime's default. */
    public Duration getPingInterval() {
      return pingInterval;
    }

    /** Sets the ping interval. */
    public void setPingInterval(Duration pingInterval) {
      this.pingInterval = pingInterval;
    }

    /** The prefetch, or null for the runtime's default. */
    public Integer getPrefetch() {
      return prefetch;
    }

    /** Sets the prefetch. */
    public void setPrefetch(Integer prefetch) {
      this.prefetch = prefetch;
    }
  }
}
