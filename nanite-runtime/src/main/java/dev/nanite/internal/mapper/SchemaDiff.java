package dev.nanite.internal.mapper;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.nanite.PathSchema;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The first difference between a caller's schema of a path and an agent's, in the terms of the
 * Java method: "parameter 2 'limit': int32 here, string on the agent", "field 'zip' of Address:
 * absent on the agent", "constant LOUD of Mode: absent here". Parameters first, in order, then
 * the result; a record or enum is compared where it is first reached. Names are not compared:
 * the fingerprint ignores them (a renamed parameter keeps its signature).
 */
final class SchemaDiff {
  private SchemaDiff() {}

  /** What differs first, or empty if the two schemas show no difference. */
  static Optional<String> first(PathSchema here, PathSchema agent) {
    Set<String> seen = new HashSet<>();
    String difference = fields(here.requestType(), agent.requestType(),
        f -> "parameter " + f.getNumber() + " '" + f.getName() + "'", seen);
    if (difference == null) {
      difference = fields(here.responseType(), agent.responseType(), f -> "the result", seen);
    }
    return Optional.ofNullable(difference);
  }

  /** The first difference between the fields of two messages, by number, named by {@code label}. */
  private static String fields(Descriptor here, Descriptor agent,
      Function<FieldDescriptor, String> label, Set<String> seen) {
    if (!seen.add(here.getFullName() + "\n" + agent.getFullName())) {
      return null; // a recursive record, compared already
    }
    Set<Integer> numbers = new TreeSet<>();
    here.getFields().forEach(f -> numbers.add(f.getNumber()));
    agent.getFields().forEach(f -> numbers.add(f.getNumber()));
    for (int number : numbers) {
      FieldDescriptor ours = here.findFieldByNumber(number);
      FieldDescriptor theirs = agent.findFieldByNumber(number);
      String named = label.apply(ours != null ? ours : theirs);
      if (theirs == null) {
        return named + ": absent on the agent";
      }
      if (ours == null) {
        return named + ": absent here";
      }
      String difference = field(ours, theirs, named, seen);
      if (difference != null) {
        return difference;
      }
    }
    return null;
  }

  private static String field(FieldDescriptor ours, FieldDescriptor theirs, String label,
      Set<String> seen) {
    if (!shape(ours).equals(shape(theirs))) {
      return label + ": " + type(ours) + " here, " + type(theirs) + " on the agent";
    }
    if (ours.isMapField()) {
      Descriptor oursEntry = ours.getMessageType();
      Descriptor theirsEntry = theirs.getMessageType();
      String key = field(oursEntry.findFieldByNumber(1), theirsEntry.findFieldByNumber(1),
          label + " (its keys)", seen);
      return key != null ? key : field(oursEntry.findFieldByNumber(2),
          theirsEntry.findFieldByNumber(2), label + " (its values)", seen);
    }
    if (ours.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
      String owner = display(ours.getMessageType().getName());
      return fields(ours.getMessageType(), theirs.getMessageType(),
          f -> "field '" + f.getName() + "' of " + owner, seen);
    }
    if (ours.getJavaType() == FieldDescriptor.JavaType.ENUM) {
      return constants(ours.getEnumType(), theirs.getEnumType());
    }
    return null;
  }

  /** The first constant, by number, that one side lacks or names otherwise. */
  private static String constants(EnumDescriptor here, EnumDescriptor agent) {
    int count = Math.max(here.getValues().size(), agent.getValues().size());
    String owner = display(here.getName());
    for (int number = 0; number < count; number++) {
      EnumValueDescriptor ours = here.findValueByNumber(number);
      EnumValueDescriptor theirs = agent.findValueByNumber(number);
      if (theirs == null && ours != null) {
        return "constant " + constant(here, ours) + " of " + owner + ": absent on the agent";
      }
      if (ours == null && theirs != null) {
        return "constant " + constant(agent, theirs) + " of " + owner + ": absent here";
      }
      if (ours != null && !constant(here, ours).equals(constant(agent, theirs))) {
        return "constant " + number + " of " + owner + ": " + constant(here, ours) + " here, "
            + constant(agent, theirs) + " on the agent";
      }
    }
    return null;
  }

  /** How a field travels, without the names of the messages and enums it refers to. */
  private static String shape(FieldDescriptor field) {
    String kind = switch (field.getJavaType()) {
      case MESSAGE -> field.isMapField() ? "map" : "message";
      case ENUM -> "enum";
      default -> field.getType().name();
    };
    return (field.isRepeated() && !field.isMapField() ? "repeated " : "")
        + (field.toProto().getProto3Optional() ? "optional " : "") + kind;
  }

  /** The field's type as the {@code .proto} spells it: {@code optional string}, {@code map<string, Point>}. */
  private static String type(FieldDescriptor field) {
    if (field.isMapField()) {
      return "map<" + element(field.getMessageType().findFieldByNumber(1)) + ", "
          + element(field.getMessageType().findFieldByNumber(2)) + ">";
    }
    return (field.isRepeated() ? "repeated " : "")
        + (field.toProto().getProto3Optional() ? "optional " : "") + element(field);
  }

  private static String element(FieldDescriptor field) {
    return switch (field.getJavaType()) {
      case MESSAGE -> display(field.getMessageType().getName());
      case ENUM -> "enum " + display(field.getEnumType().getName());
      default -> field.getType().name().toLowerCase(Locale.ROOT);
    };
  }

  /** A record's or enum's name as Java spells it: {@code Mock_Point} is {@code Mock.Point}. */
  private static String display(String protoName) {
    return protoName.replace('_', '.');
  }

  /** A constant's Java name: the value's name without the enum's prefix, MOCK_MODE_LOUD. */
  private static String constant(EnumDescriptor type, EnumValueDescriptor value) {
    String prefix = type.getName()
        .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
        .replaceAll("([A-Z])([A-Z][a-z])", "$1_$2")
        .toUpperCase(Locale.ROOT) + "_";
    return value.getName().startsWith(prefix) ? value.getName().substring(prefix.length())
        : value.getName();
  }
}
