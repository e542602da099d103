#!/usr/bin/python3
"""Signature fingerprints of Nanite paths, computed from the protobuf schema alone.

This is docs/protocol.md, "Signature fingerprints", in Python: it works from the
FileDescriptorProto messages that `protoc --include_imports --descriptor_set_out=FILE` writes,
never from Java, so a program with only the `.proto` of an actor gets the fingerprint the Java
build wrote into it (its `// nanite-fingerprint:` comments).

    /usr/bin/python3 nanite_contract.py vectors ../../docs/protocol.md
        checks every row of the doc's "### Test vectors" (compiles its proto block with protoc)
    /usr/bin/python3 nanite_contract.py fingerprints actors.desc
        prints "<path> <fingerprint> <canonical form>" for every rpc in a descriptor set
"""

import collections
import hashlib
import os
import re
import subprocess
import sys
import tempfile

from google.protobuf import descriptor_pb2

FieldDescriptorProto = descriptor_pb2.FieldDescriptorProto

# A scalar's name in the canonical form is its protobuf name: TYPE_INT32 -> "int32".
SCALARS = {
    number: name[len("TYPE_"):].lower()
    for name, number in FieldDescriptorProto.Type.items()
    if name not in ("TYPE_MESSAGE", "TYPE_GROUP", "TYPE_ENUM")
}


class Schema:
    """The messages and enums of a set of .proto files, by full name (".pkg.Name")."""

    def __init__(self, files):
        self.files = list(files)
        self.messages = {}
        self.enums = {}
        for file in self.files:
            prefix = "." + file.package if file.package else ""
            for message in file.message_type:
                self._add_message(prefix, message)
            for enum in file.enum_type:
                self.enums[prefix + "." + enum.name] = enum

    def _add_message(self, prefix, message):
        name = prefix + "." + message.name
        self.messages[name] = message
        for nested in message.nested_type:
            self._add_message(name, nested)
        for enum in message.enum_type:
            self.enums[name + "." + enum.name] = enum

    @staticmethod
    def read(path):
        """The schema in a FileDescriptorSet file, as protoc --descriptor_set_out writes it."""
        with open(path, "rb") as f:
            return Schema.parse(f.read())

    @staticmethod
    def parse(data):
        descriptor_set = descriptor_pb2.FileDescriptorSet()
        descriptor_set.ParseFromString(data)
        return Schema(descriptor_set.file)

    def _name(self, full_name):
        """A message's key in self.messages: its full name with the leading dot."""
        key = full_name if full_name.startswith(".") else "." + full_name
        if key not in self.messages:
            raise KeyError("no message %s in the schema" % full_name.lstrip("."))
        return key

    def canonical(self, request_type, response_type):
        """The canonical form of a path whose request and response are these messages."""
        out = []
        # The request is expanded first, then the response, each from an empty stack.
        self._message(self._name(request_type), [], out)
        out.append("->")
        self._message(self._name(response_type), [], out)
        return "".join(out)

    def fingerprint(self, request_type, response_type):
        return hash_canonical(self.canonical(request_type, response_type))

    def _message(self, name, stack, out):
        """Appends message(M) for the message of this full name; stack holds the names of the
        messages being expanded around it, outermost first."""
        if name in stack:
            out.append("^%d" % (len(stack) - stack.index(name)))  # back to an enclosing message
            return
        stack.append(name)
        out.append("{")
        for field in sorted(self.messages[name].field, key=lambda f: f.number):
            out.append("%d:" % field.number)
            entry = self._map_entry(field)
            if entry is not None:
                key, value = self._entry_fields(entry)
                out.append("map<")
                self._type(key, stack, out)
                out.append(",")
                self._type(value, stack, out)
                out.append(">")
            else:
                if field.label == FieldDescriptorProto.LABEL_REPEATED:
                    out.append("repeated ")
                elif field.proto3_optional:
                    out.append("optional ")
                self._type(field, stack, out)
            out.append(";")
        out.append("}")
        stack.pop()

    def _map_entry(self, field):
        """The entry message of a map field, or None: a map is a repeated field of a message
        type whose options say map_entry."""
        if (field.label != FieldDescriptorProto.LABEL_REPEATED
                or field.type != FieldDescriptorProto.TYPE_MESSAGE):
            return None
        entry = self.messages[self._name(field.type_name)]
        return entry if entry.options.map_entry else None

    @staticmethod
    def _entry_fields(entry):
        by_number = {f.number: f for f in entry.field}
        return by_number[1], by_number[2]

    def _type(self, field, stack, out):
        if field.type in (FieldDescriptorProto.TYPE_MESSAGE, FieldDescriptorProto.TYPE_GROUP):
            self._message(self._name(field.type_name), stack, out)
        elif field.type == FieldDescriptorProto.TYPE_ENUM:
            enum = self.enums[field.type_name]
            # sorted() is stable, so aliases of one number keep their declared order.
            values = sorted(enum.value, key=lambda v: v.number)
            out.append("enum{" + ",".join("%d=%s" % (v.number, v.name) for v in values) + "}")
        else:
            out.append(SCALARS[field.type])

    def paths(self):
        """Every rpc of every service in the schema's files, as a Path. The path is
        /<prefix>/<rpc>, where the prefix is the name of the actor's .proto file
        (docs/protocol.md: <java package>/<prefix>.proto)."""
        found = []
        for file in self.files:
            prefix = os.path.splitext(os.path.basename(file.name))[0]
            for service in file.service:
                for method in service.method:
                    canonical = self.canonical(method.input_type, method.output_type)
                    found.append(Path(
                        "/%s/%s" % (prefix, method.name), service.name, method.name,
                        method.input_type.lstrip("."), method.output_type.lstrip("."),
                        hash_canonical(canonical), canonical))
        return found


# One rpc of an actor's schema: its path, the service and rpc it comes from, the full names of
# its request and response messages, its fingerprint and the canonical form hashed.
Path = collections.namedtuple(
    "Path", "path service rpc request_type response_type fingerprint canonical")


def hash_canonical(canonical):
    """The first 8 bytes of SHA-256(UTF-8(canonical)), as 16 lower-case hex digits."""
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


# --- The doc's test vectors ---------------------------------------------------------------

ROW = re.compile(r"^\| `(\w+)` \| `([^`]+)` \| `([0-9a-f]{16})` \|$", re.MULTILINE)


def check_vectors(doc_path, protoc="protoc", out=sys.stdout):
    """Checks every row of the "### Test vectors" section of docs/protocol.md: protoc compiles
    the section's proto block, and each rpc's canonical form and fingerprint must be the row's.
    Returns the list of failures (empty when every row holds)."""
    with open(doc_path, encoding="utf-8") as f:
        doc = f.read()
    start = doc.find("### Test vectors")
    if start < 0:
        return ["%s has no '### Test vectors'" % doc_path]
    end = doc.find("\n## ", start)
    section = doc[start:] if end < 0 else doc[start:end]
    block = re.search(r"```proto\n(.*?)```", section, re.DOTALL)
    if block is None:
        return ["the test vectors have no ```proto block"]
    rows = {m.group(1): (m.group(2), m.group(3)) for m in ROW.finditer(section)}
    if not rows:
        return ["no rows in the test vectors"]

    with tempfile.TemporaryDirectory(prefix="nanite-vectors-") as tmp:
        with open(os.path.join(tmp, "vectors.proto"), "w", encoding="utf-8") as f:
            f.write(block.group(1))
        descriptors = os.path.join(tmp, "vectors.desc")
        compiled = subprocess.run(
            [protoc, "--proto_path=" + tmp, "--include_imports",
             "--descriptor_set_out=" + descriptors, "vectors.proto"],
            capture_output=True, text=True, timeout=60)
        if compiled.returncode != 0:
            return ["protoc failed: " + compiled.stderr.strip()]
        schema = Schema.read(descriptors)

    failures = []
    file = next(f for f in schema.files if f.name == "vectors.proto")
    methods = file.service[0].method
    if [m.name for m in methods] != list(rows):
        failures.append("rows %s, rpcs %s: a row for each rpc, in order"
                        % (list(rows), [m.name for m in methods]))
    for method in methods:
        if method.name not in rows:
            continue
        want_canonical, want_fingerprint = rows[method.name]
        canonical = schema.canonical(method.input_type, method.output_type)
        fingerprint = hash_canonical(canonical)
        ok = (canonical == want_canonical and fingerprint == want_fingerprint
              and hash_canonical(want_canonical) == want_fingerprint)
        print("%-4s %-8s %s %s" % ("ok" if ok else "FAIL", method.name, fingerprint, canonical),
              file=out)
        if canonical != want_canonical:
            failures.append("%s: canonical form %s, the doc says %s"
                            % (method.name, canonical, want_canonical))
        if fingerprint != want_fingerprint:
            failures.append("%s: fingerprint %s, the doc says %s"
                            % (method.name, fingerprint, want_fingerprint))
        if hash_canonical(want_canonical) != want_fingerprint:
            failures.append("%s: the doc's canonical form hashes to %s, not %s"
                            % (method.name, hash_canonical(want_canonical), want_fingerprint))
    return failures


def main(argv):
    if len(argv) >= 2 and argv[0] == "vectors":
        protoc = argv[2] if len(argv) > 2 else os.environ.get("PROTOC", "protoc")
        failures = check_vectors(argv[1], protoc)
        for failure in failures:
            print("FAIL " + failure, file=sys.stderr)
        print("%s: %s" % (argv[1], "every test vector holds" if not failures
                          else "%d failures" % len(failures)))
        return 1 if failures else 0
    if len(argv) == 2 and argv[0] == "fingerprints":
        for path in Schema.read(argv[1]).paths():
            print(path.path, path.fingerprint, path.canonical)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
