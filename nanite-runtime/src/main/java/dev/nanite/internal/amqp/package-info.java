/**
 * What agents and mappers share about AMQP: the topology (exchanges and queues), connections
 * with automatic recovery, pooled publishing channels, packet framing, and rate-limited logs.
 * Not API.
 */
package dev.nanite.internal.amqp;
