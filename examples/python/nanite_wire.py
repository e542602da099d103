"""What agent.py and mapper.py share: the names docs/protocol.md gives the exchanges and queues,
the broker connection and how it differs by broker, and the generated protobuf modules.

Nothing here comes from the Java code: only docs/protocol.md, the packets' schema
(nanite/protocol.proto) and an actor's .proto, compiled with `protoc --python_out`.
"""

import importlib
import logging
import os
import sys
import time

import pika

from nanite_contract import Schema

VERSION = 1  # Packet.version this code speaks; a packet of another version is dropped
HEARTBEAT = "heartbeat"  # fanout: agents ping, every mapper inbox is bound
REGISTRATION = "registration"  # fanout: Register and Unregister
ADVERTISE = "advertise"  # fanout: every agent queue is bound; a mapper asks all to register
ALL = "nanite.all"  # headers exchange of calls to all, on brokers other than RabbitMQ
CONTROL = "application/x-protobuf"  # the content type of register, ping, advertise, probe
MAX_PACKET_BYTES = 16 * 1024 * 1024  # receivers drop bodies over this (the doc's default)

log = logging.getLogger("nanite")


def add_connection_arguments(parser):
    """The arguments the agent and the mapper share: the broker, and the actors' schemas."""
    parser.add_argument("--uri", default=os.environ.get(
        "NANITE_AMQP_URI", "amqp://guest:guest@localhost:5672"))
    parser.add_argument("--descriptors", required=True,
                        help="the actors' FileDescriptorSet (protoc --descriptor_set_out "
                             "--include_imports)")
    parser.add_argument("--python-out", help="where protoc --python_out wrote the modules "
                                             "(default: the descriptors' folder)")


def now_millis():
    return int(time.time() * 1000)


def inbox(mapper):
    return "nanite.mapper.%s.inbox" % mapper


def replies(mapper):
    return "nanite.mapper.%s.replies" % mapper


def load_protocol(python_out):
    """The packets' module, compiled from nanite/protocol.proto with protoc --python_out."""
    if python_out not in sys.path:
        sys.path.insert(0, python_out)
    return importlib.import_module("nanite.protocol_pb2")


class Actors:
    """The actors' schema (a FileDescriptorSet with imports, from protoc --descriptor_set_out
    --include_imports) and the message classes protoc --python_out generated from the same
    .proto files, which must be on python_out."""

    def __init__(self, descriptors, python_out):
        with open(descriptors, "rb") as f:
            self.descriptor_set = f.read()  # what an agent advertises in Register.schemas
        self.schema = Schema.parse(self.descriptor_set)
        if python_out not in sys.path:
            sys.path.insert(0, python_out)
        self._modules = []  # (package, module) per file
        for file in self.schema.files:
            # protoc names the module after the file: dev/x/work.proto -> dev.x.work_pb2
            name = file.name[:-len(".proto")].replace("/", ".") + "_pb2"
            self._modules.append((file.package, importlib.import_module(name)))
        self.paths = {p.path: p for p in self.schema.paths()}  # nanite_contract.Path by path

    def message_class(self, full_name):
        """The generated class of a message, by its full protobuf name."""
        full_name = full_name.lstrip(".")
        for package, module in self._modules:
            if package and not full_name.startswith(package + "."):
                continue
            found = module
            # A nested message is an attribute of the class of the message around it.
            for part in (full_name[len(package) + 1:] if package else full_name).split("."):
                found = getattr(found, part, None)
                if found is None:
                    break
            if found is not None:
                return found
        raise KeyError("no generated class for %s" % full_name)


class Broker:
    """A blocking pika connection with one channel, and what its broker is.

    docs/protocol.md, "Which broker it is": the `product` the broker sends in connection.start
    says RabbitMQ (calls to all by BCC, `expiration` = milliseconds to live), Qpid (calls to
    all through nanite.all, `expiration` = the deadline in epoch milliseconds) or anything else
    (nanite.all, no `expiration`).
    """

    def __init__(self, uri, name):
        self.parameters = pika.URLParameters(uri)
        self.parameters.client_properties = {"connection_name": name}
        self.connection = pika.BlockingConnection(self.parameters)
        self.channel = self.connection.channel()
        # pika keeps what connection.start said on the connection underneath the blocking one.
        product = self.connection._impl.server_properties.get("product", "")
        self.product = product.decode("utf-8", "replace") if isinstance(product, bytes) \
            else str(product)
        self.rabbitmq = "RabbitMQ" in self.product
        self.qpid = "Qpid" in self.product
        # Every message carries the account as user-id, which the broker checks.
        self.account = self.parameters.credentials.username
        self.node = "%s:%d" % (self.parameters.host, self.parameters.port)

    def expiration(self, deadline_millis):
        """The `expiration` property for a message worth nothing after deadline_millis."""
        if self.rabbitmq:  # at least 1 ms; RabbitMQ refuses more than 2^32 - 1
            return str(min(2**32 - 1, max(1, deadline_millis - now_millis())))
        if self.qpid:
            return str(deadline_millis)
        return None

    def properties(self, control=False, deadline_millis=None, **more):
        return pika.BasicProperties(
            content_type=CONTROL if control else None,
            user_id=self.account,
            expiration=self.expiration(deadline_millis) if deadline_millis else None,
            **more)

    def declare_exchanges(self):
        for exchange in (HEARTBEAT, REGISTRATION, ADVERTISE):
            self.channel.exchange_declare(exchange, "fanout", durable=True)

    def on_own_channel(self, work):
        """Runs work(channel) on a channel of its own and says whether the broker took it: a
        refusal (an account without the permission) closes that channel, not the main one."""
        channel = self.connection.channel()
        try:
            work(channel)
            return True
        except pika.exceptions.ChannelClosedByBroker as e:
            log.info("the broker refused: %s", e)
            return False
        finally:
            if channel.is_open:
                channel.close()

    def close(self):
        if self.connection.is_open:
            self.connection.close()
