/**
 * An in-process, in-memory AMQP 0-9-1 broker (Apache Qpid Broker-J) for demos and tests that must
 * run without RabbitMQ: {@link dev.nanite.broker.EmbeddedBroker} to start one from code, {@link
 * dev.nanite.broker.EmbeddedBrokerMain} to run one as a process.
 */
package dev.nanite.broker;
