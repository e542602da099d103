package dev.nanite.internal.agent;

import dev.nanite.AgentInterceptor;
import dev.nanite.ConnectionListener;
import dev.nanite.internal.amqp.BrokerSettings;
import dev.nanite.internal.security.SecuritySettings;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.DoubleSupplier;

/**
 * What an agent was built with; see {@code Agent.Builder} for each setting.
 *
 * @param executor runs actor calls, or null for the agent's own pool
 * @param security secure mode, the callers served, and signing
 */
public record AgentSettings(
    BrokerSettings broker,
    String identity,
    Duration pingInterval,
    DoubleSupplier status,
    Set<String> tags,
    int prefetch,
    ExecutorService executor,
    List<Object> actors,
    boolean durableQueue,
    boolean quorumQueue,
    Duration drainTimeout,
    int maxPacketBytes,
    ClassLoader classLoader,
    List<ConnectionListener> connectionListeners,
    List<AgentInterceptor> interceptors,
    SecuritySettings security) {}
