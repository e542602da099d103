#!/usr/bin/python3
"""A small Nanite mapper in Python, written from docs/protocol.md alone.

It hears the agents' registrations and pings into a registry, then makes the calls it is given
to agents in any language (the Java ones, say): to the least-loaded agent, to a named one, or
to all of them, with the fingerprints nanite_contract.py computes from the actors' schema, so
it only calls agents built against the same signature. It prints, a line each:

    fingerprint <path> <fingerprint>              (of each path called, from the schema)
    broker <product>                              (as the broker announced itself)
    agents <identity>,...                         (once --agents of them are known)
    reply <call> <selector> <path> <agent> value <response as JSON>
    reply <call> <selector> <path> <agent> error <type> <message>
    missing <call> <selector> <path> <agent>      (no reply by the deadline)
    failed <call> <selector> <path> <why>         (no agent to call)
    sent <call> <selector> <path> <how>           (a call to all: bcc, nanite.all or per-agent)

with tabs between the fields. See README.md for how to run it.

Left out for brevity: reconnecting, signing and secure mode, pushes, the offline queue, and
compatibility across fingerprints (like any mapper without the caller's schema in the Java
sense, it only routes to identical fingerprints).
"""

import argparse
import collections
import json
import logging
import math
import os
import random
import sys
import time
import uuid

from google.protobuf import json_format
from google.protobuf.message import DecodeError

import nanite_wire as wire

log = logging.getLogger("nanite.mapper")


class KnownAgent:
    """What the registry holds of one agent."""

    def __init__(self, register):
        self.identity = register.identity
        self.tags = set(register.tags)
        self.services = {s.path: s for s in register.services}
        self.all_exchange = register.all_exchange
        self.heard(register.status, register.ping_interval_millis)

    def heard(self, status, interval_millis):
        self.status = status
        self.interval_millis = interval_millis
        self.last_heard = time.monotonic()

    def silent(self):
        """Not heard from for twice its ping interval: the doc's default agent timeout."""
        return time.monotonic() - self.last_heard > 2 * self.interval_millis / 1000.0


class Call:
    """A call in flight: the agents it went to and what each answered."""

    def __init__(self, number, selector, path, response_class, deadline_millis):
        self.number = number
        self.selector = selector
        self.path = path
        self.response_class = response_class
        self.deadline_millis = deadline_millis
        self.expected = set()  # the agents asked
        self.sent = None  # how a call to all went out: bcc, nanite.all or per-agent
        self.replies = collections.OrderedDict()  # agent -> ("value", json) or ("error", t, m)
        self.failed = None  # why no agent was asked

    def done(self):
        return self.failed is not None or self.expected <= set(self.replies)


class Mapper:
    def __init__(self, protocol, actors, tags, in_flight_weight=1.0):
        self.protocol = protocol
        self.actors = actors
        self.tags = set(tags)
        self.weight = in_flight_weight
        self.identity = "py-mapper-" + uuid.uuid4().hex[:8]
        self.token_prefix = uuid.uuid4().hex[:12]  # so that a stray result matches no call
        self.tokens = 0
        self.agents = {}  # identity -> KnownAgent
        self.in_flight = collections.Counter()  # identity -> this mapper's calls in flight
        self.pending = {}  # token -> Call
        self.advertised = {}  # identity -> when we last asked that unknown agent to register
        self.broker = None

    # --- Connecting and the topology ------------------------------------------------------

    def start(self, uri):
        self.broker = wire.Broker(uri, "nanite-python-mapper-" + self.identity)
        channel = self.broker.channel
        self.broker.declare_exchanges()
        if not self.broker.rabbitmq:
            # Calls to all go through nanite.all off RabbitMQ. Agents declare it too, so a
            # refusal only means waiting for them.
            self.broker.on_own_channel(
                lambda c: c.exchange_declare(wire.ALL, "headers", durable=True))
        # Both queues are exclusive to this connection and go with it; what is in them is worth
        # nothing once the mapper is gone, so they are consumed with automatic acks.
        channel.queue_declare(wire.inbox(self.identity), exclusive=True, auto_delete=True)
        channel.queue_bind(wire.inbox(self.identity), wire.HEARTBEAT)
        channel.queue_bind(wire.inbox(self.identity), wire.REGISTRATION)
        channel.queue_declare(wire.replies(self.identity), exclusive=True, auto_delete=True)
        channel.basic_consume(wire.inbox(self.identity), self._control, auto_ack=True)
        channel.basic_consume(wire.replies(self.identity), self._result, auto_ack=True)
        channel.add_on_return_callback(self._returned)
        # Every live agent answers with Register, to this inbox alone: the registry fills
        # within a round trip instead of a ping interval.
        self._publish(wire.ADVERTISE, "", self.protocol.Packet(
            version=wire.VERSION, advertise=self.protocol.Advertise(mapper=self.identity)),
            control=True, deadline_millis=wire.now_millis() + 10_000)
        log.info("mapper %s up on %s (%s)", self.identity, self.broker.node, self.broker.product)

    def _publish(self, exchange, routing_key, packet, control=False, mandatory=False,
                 deadline_millis=None, **properties):
        self.broker.channel.basic_publish(
            exchange, routing_key, packet.SerializeToString(), mandatory=mandatory,
            properties=self.broker.properties(control=control, deadline_millis=deadline_millis,
                                              **properties))

    def pump(self, seconds):
        """Handles what the broker delivers for up to `seconds`, then evicts silent agents."""
        self.broker.connection.process_data_events(time_limit=seconds)
        for agent in [a for a in self.agents.values() if a.silent()]:
            log.info("evicted %s: silent for twice its ping interval", agent.identity)
            self._remove(agent.identity)

    def close(self):
        self.broker.close()

    # --- The registry ---------------------------------------------------------------------

    def _control(self, channel, method, properties, body):
        packet = self._parse(body)
        kind = packet.WhichOneof("body") if packet else None
        if kind == "register":
            register = packet.register
            if self._sane(register.identity, register.status, register.ping_interval_millis):
                if register.identity not in self.agents:
                    log.info("registered %s: %s", register.identity,
                             ", ".join(s.path for s in register.services))
                self.agents[register.identity] = KnownAgent(register)
        elif kind == "unregister":
            if packet.unregister.identity in self.agents:
                log.info("unregistered %s", packet.unregister.identity)
                self._remove(packet.unregister.identity)
        elif kind == "ping":
            ping = packet.ping
            if not self._sane(ping.identity, ping.status, ping.ping_interval_millis):
                return  # a dropped ping does not count as hearing from the agent
            agent = self.agents.get(ping.identity)
            if agent is not None:
                agent.heard(ping.status, ping.ping_interval_millis)
            elif time.monotonic() - self.advertised.get(ping.identity, -1.0) >= 1.0:
                # An agent we do not know (evicted and back, or its registration missed): ask
                # it to register, at most once a second.
                self.advertised[ping.identity] = time.monotonic()
                self._publish("", ping.identity, self.protocol.Packet(
                    version=wire.VERSION, advertise=self.protocol.Advertise(
                        mapper=self.identity)), control=True,
                    deadline_millis=wire.now_millis() + 10_000)

    @staticmethod
    def _sane(identity, status, interval_millis):
        """Registrations and pings with a NaN or infinite status, or an interval outside 10 ms
        to an hour, are dropped (the doc says why)."""
        return bool(identity) and math.isfinite(status) and 10 <= interval_millis <= 3_600_000

    def _parse(self, body):
        if len(body) > wire.MAX_PACKET_BYTES:
            log.warning("dropped a message of %d bytes, over the limit", len(body))
            return None
        try:
            packet = self.protocol.Packet.FromString(body)
        except DecodeError:
            log.warning("dropped a message that is no packet (%d bytes)", len(body))
            return None
        if packet.WhichOneof("body") == "signed":  # not checked: this mapper does not sign
            return self._parse(packet.signed.packet)
        if packet.version != wire.VERSION:
            log.warning("dropped a packet of version %d", packet.version)
            return None
        return packet

    def _remove(self, identity):
        self.agents.pop(identity, None)
        for call in self.pending.values():
            if identity in call.expected and identity not in call.replies:
                # Its queue went with it: whatever it held is lost (it may or may not have run).
                call.replies[identity] = ("error", "python.AgentLost", identity + " is gone")
                self.in_flight[identity] -= 1

    def candidates(self, path):
        """The agents serving path with this mapper's fingerprint and carrying its tags."""
        fingerprint = self.actors.paths[path].fingerprint
        return [a for a in sorted(self.agents.values(), key=lambda a: a.identity)
                if path in a.services and a.services[path].fingerprint == fingerprint
                and self.tags <= a.tags]

    def wait_for_agents(self, count, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            known = [a for a in self.agents.values() if self.tags <= a.tags]
            if len(known) >= count:
                return known
            self.pump(0.05)
        return None

    # --- Calls ----------------------------------------------------------------------------

    def call(self, number, selector, path, arguments, timeout_seconds):
        """Sends one call: selector is least_loaded, target:<identity> or all."""
        route = self.actors.paths[path]
        args = json_format.ParseDict(arguments, self.actors.message_class(route.request_type)())
        call = Call(number, selector, path, self.actors.message_class(route.response_type),
                    wire.now_millis() + int(timeout_seconds * 1000))
        candidates = self.candidates(path)
        if selector == "all":
            chosen = candidates
        elif selector.startswith("target:"):
            chosen = [a for a in candidates if a.identity == selector[len("target:"):]]
        elif selector == "least_loaded":
            chosen = [self._least_loaded(candidates)] if candidates else []
        else:
            raise ValueError("unknown selector " + selector)
        if not chosen:
            call.failed = "no agent serves %s with fingerprint %s and tags %s" % (
                path, route.fingerprint, sorted(self.tags))
            return call
        request = self.protocol.Request(
            path=path, fingerprint=route.fingerprint, args=args.SerializeToString(),
            reply_to=wire.replies(self.identity), mapper=self.identity,
            deadline_unix_millis=call.deadline_millis)
        if selector == "all" and (self.broker.rabbitmq or all(a.all_exchange for a in chosen)):
            self._send_to_all(call, request, chosen)
        else:
            # Off RabbitMQ, an agent not bound to nanite.all gets a message (and token) of its own.
            for agent in chosen:
                self._send(call, request, agent)
            call.sent = "per-agent" if selector == "all" else None
        return call

    def _least_loaded(self, candidates):
        """The lowest status + weight x calls in flight to it, ties broken at random: the
        in-flight term spreads a burst between two pings."""
        scores = [(a.status + self.weight * self.in_flight[a.identity], a) for a in candidates]
        best = min(score for score, _ in scores)
        return random.choice([a for score, a in scores if score == best])

    def _token(self):
        self.tokens += 1
        return "%s-%d" % (self.token_prefix, self.tokens)

    def _send(self, call, request, agent):
        """One request to one agent, through the default exchange to its queue, mandatory so
        that the broker returns it if the queue is gone."""
        request.token = self._token()
        request.agent = agent.identity
        self._publish("", agent.identity, self.protocol.Packet(
            version=wire.VERSION, request=request), mandatory=True,
            deadline_millis=call.deadline_millis, correlation_id=request.token,
            reply_to=request.reply_to, delivery_mode=1)
        self.pending[request.token] = call
        call.expected.add(agent.identity)
        self.in_flight[agent.identity] += 1

    def _send_to_all(self, call, request, agents):
        """One message for every agent: on RabbitMQ to the first agent's queue with the others
        in BCC, which the broker strips; elsewhere to nanite.all with a header per agent."""
        request.token = self._token()
        request.agent = ""  # one message for several agents
        identities = [a.identity for a in agents]
        if self.broker.rabbitmq:
            exchange, routing_key, headers = "", identities[0], {"BCC": identities[1:]}
            call.sent = "bcc"
        else:
            exchange, routing_key = wire.ALL, ""
            headers = {"@" + identity: True for identity in identities}
            call.sent = wire.ALL
        self._publish(exchange, routing_key, self.protocol.Packet(
            version=wire.VERSION, request=request), mandatory=True,
            deadline_millis=call.deadline_millis, correlation_id=request.token,
            reply_to=request.reply_to, delivery_mode=1, headers=headers)
        self.pending[request.token] = call
        for identity in identities:
            call.expected.add(identity)
            self.in_flight[identity] += 1

    def _result(self, channel, method, properties, body):
        packet = self._parse(body)
        if packet is None or packet.WhichOneof("body") != "result":
            return
        result = packet.result
        if not result.token:
            log.warning("%s refused request %s: %s", result.agent, result.refused_token,
                        result.error.type)  # a notice: it does not fail the call
            return
        call = self.pending.get(result.token)
        if call is None or result.agent not in call.expected or result.agent in call.replies:
            return  # late (past its deadline), or not ours
        self.in_flight[result.agent] -= 1
        if result.WhichOneof("outcome") == "error":
            call.replies[result.agent] = ("error", result.error.type, result.error.message)
            return
        try:
            value = call.response_class.FromString(result.value)
            call.replies[result.agent] = ("value", json.dumps(json_format.MessageToDict(
                value, preserving_proto_field_name=True), sort_keys=True,
                separators=(",", ":")))
        except DecodeError as e:
            call.replies[result.agent] = ("error", "python.DecodeError", str(e))

    def _returned(self, channel, method, properties, body):
        # A request the broker could not route: the agent's queue is gone with its connection.
        # It was never delivered, so drop the agent now; the call fails here, where the Java
        # mapper would send it to another agent.
        packet = self._parse(body)
        if packet is None or packet.WhichOneof("body") != "request":
            return
        request = packet.request
        if request.agent:
            gone = [request.agent]
        else:  # a call to all comes back only when none of its agents' queues is left
            call = self.pending.get(request.token)
            gone = sorted(call.expected) if call else []
        for identity in gone:
            log.info("%s is gone: the broker returned a request to it", identity)
            self._remove(identity)

    def wait(self, calls):
        """Handles deliveries until every call is answered or past its deadline."""
        while not all(c.done() for c in calls):
            if wire.now_millis() > max(c.deadline_millis for c in calls):
                break
            self.pump(0.02)
        for call in calls:
            for identity in call.expected - set(call.replies):
                self.in_flight[identity] -= 1  # given up on at the deadline
        for token in [t for t, c in self.pending.items() if c in calls]:
            del self.pending[token]


def show(call):
    """Prints a call's outcome, one line per agent."""
    where = "%d\t%s\t%s" % (call.number, call.selector, call.path)
    if call.failed:
        print("failed\t%s\t%s" % (where, call.failed))
    if call.sent:
        print("sent\t%s\t%s" % (where, call.sent))
    for agent, reply in call.replies.items():
        print("reply\t%s\t%s\t%s" % (where, agent, "\t".join(reply)))
    for agent in sorted(call.expected - set(call.replies)):
        print("missing\t%s\t%s" % (where, agent))
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="SELECTOR: least_loaded, target:<identity>, all, or burst:<n> (n least-loaded "
               "calls sent at once, then awaited together)")
    wire.add_connection_arguments(parser)
    parser.add_argument("--tags", default="", help="tags the called agents must carry")
    parser.add_argument("--agents", type=int, default=1,
                        help="wait until this many agents with the tags are known")
    parser.add_argument("--wait", type=float, default=10.0, help="how long to wait for them, s")
    parser.add_argument("--timeout", type=float, default=10.0, help="each call's deadline, s")
    parser.add_argument("--call", nargs="+", action="append", default=[],
                        metavar=("SELECTOR PATH", "ARGUMENTS"),
                        help="a call: SELECTOR PATH [ARGUMENTS as JSON, default {}]")
    args = parser.parse_args()
    if args.python_out is None:
        args.python_out = os.path.dirname(os.path.abspath(args.descriptors))
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("pika").setLevel(logging.WARNING)  # its INFO is every socket step

    mapper = Mapper(wire.load_protocol(args.python_out),
                    wire.Actors(args.descriptors, args.python_out),
                    [t for t in args.tags.split(",") if t])
    for spec in args.call:
        if len(spec) not in (2, 3) or spec[1] not in mapper.actors.paths:
            parser.error("--call %s: give SELECTOR PATH [ARGUMENTS], a path of the schema"
                         % " ".join(spec))
    # What this mapper computed from the schema: the fingerprint every call carries.
    for path in sorted({spec[1] for spec in args.call}):
        print("fingerprint\t%s\t%s" % (path, mapper.actors.paths[path].fingerprint))
    mapper.start(args.uri)
    print("broker\t%s" % mapper.broker.product)  # what decides BCC and expiration
    try:
        known = mapper.wait_for_agents(args.agents, args.wait)
        if known is None:
            print("failed\tfewer than %d agents with tags %s within %s s"
                  % (args.agents, args.tags, args.wait))
            return 1
        print("agents\t%s" % ",".join(sorted(a.identity for a in known)))
        failed = False
        for number, spec in enumerate(args.call, 1):
            selector, path = spec[0], spec[1]
            arguments = json.loads(spec[2]) if len(spec) == 3 else {}
            if selector.startswith("burst:"):
                calls = [mapper.call(number, "least_loaded", path, arguments, args.timeout)
                         for _ in range(int(selector[len("burst:"):]))]
            else:
                calls = [mapper.call(number, selector, path, arguments, args.timeout)]
            mapper.wait(calls)
            for call in calls:
                show(call)
                failed |= call.failed is not None or not call.done()
        return 1 if failed else 0
    finally:
        mapper.close()


if __name__ == "__main__":
    sys.exit(main())
