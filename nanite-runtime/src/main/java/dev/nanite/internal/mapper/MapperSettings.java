package dev.nanite.internal.mapper;

import dev.nanite.CallObserver;
import dev.nanite.ConnectionListener;
import dev.nanite.RegistryListener;
import java.time.Duration;
import java.util.List;

/**
 * What a mapper was built with; see {@code Mapper.Builder} for each setting.
 *
 * @param agentTimeout how long an agent may stay silent, or null for twice its ping interval
 */
public record MapperSettings(
    String uri,
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
    List<ConnectionListener> connectionListeners) {}
