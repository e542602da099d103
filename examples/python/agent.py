#!/usr/bin/python3
"""A small Nanite agent in Python, written from docs/protocol.md alone.

It serves actors whose .proto the Java build generated (the nanite-it fixtures Work and Mock,
the examples module's Mock and Foo): it registers their paths with the fingerprints
nanite_contract.py computes from the schema, pings, answers requests with results, and
unregisters when it is stopped (SIGTERM or Ctrl-C). See README.md for how to run it.

Left out for brevity, as the doc allows a small agent to: reconnecting, signing and secure mode,
durable queues, and sending again a result the broker returned (it is counted and dropped).
"""

import argparse
import logging
import math
import os
import signal
import sys
import time

from google.protobuf.message import DecodeError

import nanite_wire as wire

log = logging.getLogger("nanite.agent")


# --- The actors: Python implementations of the Java actors' schemas -----------------------
#
# Each method takes the path's request message (field n = parameter n) and returns the result,
# which the agent puts in field 1 of the response message (None for a void method, or for an
# absent optional result). An exception is answered as the error python.<ExceptionClass>.

class Work:
    """nanite-it's dev.nanite.it.fixtures.Work contract, in part: an agent need not serve
    every path of an actor, and registers only the ones it implements."""

    IDEMPOTENT = {"whoami"}  # not in the schema: the implementer knows

    def __init__(self, identity):
        self.identity = identity

    def whoami(self, request):
        return self.identity

    def repeat(self, request):
        return request.text * request.times

    def boom(self, request):
        raise ValueError(request.message)


class Mock:
    """The seed's Mock actor: /mock/list answers [1, 2, 3], keeping the numbers that contain
    the filter (all of them without one)."""

    IDEMPOTENT = {"list"}

    def __init__(self, identity):
        pass

    def list(self, request):
        if not request.HasField("filter"):  # proto3 optional: absent means Java's null
            return [1, 2, 3]
        return [i for i in (1, 2, 3) if request.filter in str(i)]


class Foo:
    """The examples module's Foo contract: /foo/bar greets the payload, naming the agent."""

    IDEMPOTENT = {"bar"}

    def __init__(self, identity):
        self.identity = identity

    def bar(self, request):
        return "bar(%s) from %s" % (request.payload if request.HasField("payload") else "null",
                                    self.identity)


# The actors by the name of their service in the .proto (the Java actor's simple name).
ACTORS = {"Work": Work, "Mock": Mock, "Foo": Foo}


class Route:
    """One path this agent serves: its implementation, messages and fingerprint."""

    def __init__(self, path, method, request_class, response_class, fingerprint, idempotent):
        self.path = path
        self.method = method
        self.request_class = request_class
        self.response_class = response_class
        self.fingerprint = fingerprint
        self.idempotent = idempotent


class Agent:
    def __init__(self, args):
        self.identity = args.identity
        self.tags = [t for t in args.tags.split(",") if t]
        self.ping_millis = args.ping
        self.fixed_status = args.status
        self.protocol = wire.load_protocol(args.python_out)
        self.actors = wire.Actors(args.descriptors, args.python_out)
        self.routes = self._routes()
        self.counters = self.protocol.Counters()
        self.stopping = False
        self.broker = None
        self.all_exchange = False

    def _routes(self):
        routes = {}
        actors = {}
        for path in self.actors.paths.values():
            actor_class = ACTORS.get(path.service)
            if actor_class is None:
                continue
            if path.service not in actors:
                actors[path.service] = actor_class(self.identity)
            implementation = getattr(actors[path.service], path.rpc, None)
            if implementation is None:
                continue  # a path of the actor this agent does not implement
            routes[path.path] = Route(path.path, implementation,
                                      self.actors.message_class(path.request_type),
                                      self.actors.message_class(path.response_type),
                                      path.fingerprint, path.rpc in actor_class.IDEMPOTENT)
        if not routes:
            raise SystemExit("no service in the descriptors has a Python implementation here")
        return routes

    # --- Connecting and the topology ------------------------------------------------------

    def start(self, uri):
        self.broker = wire.Broker(uri, "nanite-python-agent-" + self.identity)
        channel = self.broker.channel
        self.broker.declare_exchanges()
        # Exclusive and auto-delete: the queue goes with the connection, so a request sent to
        # a dead agent comes back to its mapper at once as unroutable.
        channel.queue_declare(self.identity, exclusive=True, auto_delete=True)
        channel.queue_bind(self.identity, wire.ADVERTISE)
        if not self.broker.rabbitmq and len(("@" + self.identity).encode("utf-8")) <= 255:
            self.all_exchange = self._bind_for_all()
        channel.basic_qos(prefetch_count=16)
        channel.add_on_return_callback(self._returned)
        channel.basic_consume(self.identity, self._delivered, auto_ack=False)
        self.register(None)
        for route in self.routes.values():
            log.info("serving %s, fingerprint %s", route.path, route.fingerprint)
        log.info("agent %s up on %s (%s)", self.identity, self.broker.node, self.broker.product)

    def _bind_for_all(self):
        """Off RabbitMQ a call to all comes through nanite.all, under the header @<identity>
        (the @ keeps an identity starting with x- from reading as a binding option). If the
        broker refuses, mappers send this agent a message of its own instead."""
        def bind(channel):
            channel.exchange_declare(wire.ALL, "headers", durable=True)
            channel.queue_bind(self.identity, wire.ALL,
                               arguments={"x-match": "any", "@" + self.identity: True})
        return self.broker.on_own_channel(bind)

    def status(self):
        if self.fixed_status is not None:
            return self.fixed_status
        return os.getloadavg()[0]  # the doc's default: the system load average

    def register(self, mapper):
        """Register to every mapper, or to one mapper's inbox when it asked with Advertise."""
        register = self.protocol.Register(
            identity=self.identity, tags=self.tags, status=self.status(),
            ping_interval_millis=self.ping_millis, schemas=self.actors.descriptor_set,
            all_exchange=self.all_exchange, counters=self.counters, broker=self.broker.node)
        for route in self.routes.values():
            register.services.add(
                path=route.path, fingerprint=route.fingerprint, idempotent=route.idempotent,
                request_type=route.request_class.DESCRIPTOR.full_name,
                response_type=route.response_class.DESCRIPTOR.full_name)
        packet = self.protocol.Packet(version=wire.VERSION, register=register)
        if mapper:
            self._publish("", wire.inbox(mapper), packet, control=True)
        else:
            self._publish(wire.REGISTRATION, "", packet, control=True)

    def ping(self):
        ping = self.protocol.Ping(identity=self.identity, status=self.status(),
                                  ping_interval_millis=self.ping_millis, counters=self.counters)
        self._publish(wire.HEARTBEAT, "", self.protocol.Packet(version=wire.VERSION, ping=ping),
                      control=True)
        self.counters.pings += 1

    def _publish(self, exchange, routing_key, packet, control=False, mandatory=False):
        self.broker.channel.basic_publish(
            exchange, routing_key, packet.SerializeToString(),
            properties=self.broker.properties(control=control), mandatory=mandatory)

    # --- Requests -------------------------------------------------------------------------

    def _delivered(self, channel, method, properties, body):
        try:
            self._take(method, properties, body)
        finally:
            # Acknowledged only now, after the result is published (or nothing was due).
            channel.basic_ack(method.delivery_tag)

    def _take(self, method, properties, body):
        packet = None
        if len(body) <= wire.MAX_PACKET_BYTES:
            try:
                packet = self.protocol.Packet.FromString(body)
            except DecodeError:
                pass
        if packet is not None and packet.WhichOneof("body") == "signed":
            # This agent does not check signatures; it takes the packet inside unchecked.
            try:
                packet = self.protocol.Packet.FromString(packet.signed.packet)
            except DecodeError:
                packet = None
        if packet is None or packet.version != wire.VERSION:
            self.counters.rejected += 1
            log.warning("dropped a message that is no version-%d packet (%d bytes)",
                        wire.VERSION, len(body))
            if properties.reply_to and properties.correlation_id:
                self._answer_error(properties.reply_to, properties.correlation_id, 0,
                                   "nanite.BadPacket", "not a Nanite packet of version 1")
            return
        kind = packet.WhichOneof("body")
        if kind == "request":
            self._request(packet.request, method.redelivered)
        elif kind == "advertise":
            self.register(packet.advertise.mapper)
        elif kind == "probe":
            pass  # a mapper checking that this queue still exists
        else:
            log.warning("dropped an unexpected %s packet", kind)

    def _request(self, request, redelivered):
        self.counters.requests += 1
        if request.deadline_unix_millis and request.deadline_unix_millis < wire.now_millis():
            self.counters.expired += 1  # the caller has given up
            return
        route = self.routes.get(request.path)
        if route is None:
            self.counters.rejected += 1
            return self._error(request, "nanite.UnknownPath",
                               "%s does not serve %s" % (self.identity, request.path))
        if redelivered and not route.idempotent:
            return self._error(request, "nanite.Redelivered",
                               "%s may already have run; not idempotent" % request.path)
        # Serve the caller's signature, or one its mapper judged compatible with it.
        if (request.fingerprint and request.fingerprint != route.fingerprint
                and route.fingerprint not in request.compatible):
            self.counters.rejected += 1
            return self._error(request, "nanite.SignatureMismatch",
                               "%s has fingerprint %s here, %s at the caller"
                               % (request.path, route.fingerprint, request.fingerprint))
        try:
            arguments = route.request_class.FromString(request.args)
        except DecodeError as e:
            self.counters.rejected += 1
            return self._error(request, "nanite.BadArguments", str(e))
        try:
            result = route.method(arguments)
        except Exception as e:  # the actor's failure goes to the caller, the agent goes on
            self.counters.failed += 1
            return self._error(request, "python." + type(e).__name__, str(e))
        try:
            value = self._response(route, result).SerializeToString()
        except (TypeError, ValueError, AttributeError) as e:
            return self._error(request, "nanite.BadResult", str(e))
        if request.reply_to:  # a push (empty reply_to) gets no result
            self._publish("", request.reply_to, self.protocol.Packet(
                version=wire.VERSION, result=self.protocol.Result(
                    token=request.token, agent=self.identity, value=value,
                    deadline_unix_millis=request.deadline_unix_millis)), mandatory=True)

    @staticmethod
    def _response(route, result):
        """The response message: field 1 is the result; a void method's has no fields."""
        response = route.response_class()
        fields = response.DESCRIPTOR.fields_by_number
        if result is None or 1 not in fields:
            return response
        field = fields[1]
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            getattr(response, field.name).update(result)  # a dict
        elif field.label == field.LABEL_REPEATED:
            getattr(response, field.name).extend(result)  # a list
        elif field.type == field.TYPE_MESSAGE:
            getattr(response, field.name).CopyFrom(result)
        else:
            setattr(response, field.name, result)
        return response

    def _error(self, request, error_type, message):
        if request.reply_to:
            self._answer_error(request.reply_to, request.token, request.deadline_unix_millis,
                               error_type, message)

    def _answer_error(self, reply_to, token, deadline, error_type, message):
        self._publish("", reply_to, self.protocol.Packet(
            version=wire.VERSION, result=self.protocol.Result(
                token=token, agent=self.identity, deadline_unix_millis=deadline,
                error=self.protocol.Error(type=error_type, message=message))), mandatory=True)

    def _returned(self, channel, method, properties, body):
        # A result whose reply queue is gone (its mapper is gone or reconnecting). The Java
        # agent sends it again for a while; this small one counts it and lets it go.
        self.counters.unrouted += 1
        self.counters.undelivered += 1
        log.warning("the broker returned a result for %s: %s", method.routing_key,
                    method.reply_text)

    # --- Running and stopping -------------------------------------------------------------

    def run(self):
        next_ping = time.monotonic() + self.ping_millis / 1000.0
        while not self.stopping:
            # Deliveries, and the ping when it is due: one thread does both.
            self.broker.connection.process_data_events(
                time_limit=max(0.0, min(0.1, next_ping - time.monotonic())))
            if time.monotonic() >= next_ping:
                self.ping()
                next_ping += self.ping_millis / 1000.0

    def stop(self, drain_seconds=5.0):
        """Unregister first, so mappers stop routing here at once; then answer what is still
        in the queue (cancelling the consumer would delete the auto-delete queue and any
        request left in it), and close."""
        self._publish(wire.REGISTRATION, "", self.protocol.Packet(
            version=wire.VERSION, unregister=self.protocol.Unregister(identity=self.identity)),
            control=True)
        deadline = time.monotonic() + drain_seconds
        while time.monotonic() < deadline:
            waiting = self.broker.channel.queue_declare(self.identity, passive=True)
            if waiting.method.message_count == 0:
                break
            self.broker.connection.process_data_events(time_limit=0.05)
        self.broker.close()
        log.info("agent %s stopped", self.identity)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    wire.add_connection_arguments(parser)
    parser.add_argument("--identity", required=True, help="unique on the vhost; the queue name")
    parser.add_argument("--tags", default="", help="comma-separated")
    parser.add_argument("--ping", type=int, default=2000, help="ping interval, milliseconds")
    parser.add_argument("--status", type=float,
                        help="a fixed status to report (default: the load average)")
    args = parser.parse_args()
    if args.python_out is None:
        args.python_out = os.path.dirname(os.path.abspath(args.descriptors))
    if not 10 <= args.ping <= 3_600_000:
        parser.error("--ping must be from 10 to 3600000 ms: mappers drop pings outside it")
    if args.status is not None and not math.isfinite(args.status):
        parser.error("--status must be a finite number")
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("pika").setLevel(logging.WARNING)  # its INFO is every socket step

    agent = Agent(args)

    def stop(signum, frame):
        agent.stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    agent.start(args.uri)
    agent.run()
    agent.stop()


if __name__ == "__main__":
    main()
