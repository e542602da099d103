package dev.nanite.internal.mapper;

import dev.nanite.CallObserver;
import dev.nanite.CallOptions;
import dev.nanite.ConnectionListener;
import dev.nanite.MapperInterceptor;
import dev.nanite.RegistryListener;
import dev.nanite.internal.amqp.BrokerSettings;
import dev.nanite.internal.security.SecuritySettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * What a mapper was built with; see {@code Mapper.Builder} for each setting.
 *
 * @param agentTimeout how long an agent may stay silent, or null for twice its ping interval
 * @param executor completes callers' futures, or null for the mapper's own pool
 * @param discovery how long after start a call finding no agent waits for agents to register
 * @param quorumOfflineQueue whether the offline queue is declared as a quorum queue
 * @param security secure mode and signing
 */
public record MapperSettings(
    BrokerSettings broker,
    String identity,
    Duration agentTimeout,
    Duration requestTimeout,
    double inFlightWeight,
    int maxInFlight,
    boolean persistent,
    int maxPacketBytes,
    int offlineHeld,
    Duration offlineRetry,
    List<RegistryListener> listeners,
    List<CallObserver> observers,
    Executor executor,
    Duration discovery,
    List<ConnectionListener> connectionListeners,
    boolean quorumOfflineQueue,
    List<MapperInterceptor> interceptors,
    SecuritySettings security) {

  /** The deadline of a call made with {@code options}: its own, or the mapper's default. */
  Duration timeoutOf(CallOptions options) {
    return options.timeout() != null ? options.timeout() : requestTimeout;
  }
}
