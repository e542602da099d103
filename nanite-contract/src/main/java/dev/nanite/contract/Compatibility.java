package dev.nanite.contract;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What differs between two schemas of one path, and whether each difference is one protobuf
 * carries across: a fleet mid-upgrade has callers and agents of both, so a call crosses every
 * difference in both directions.
 *
 * <p>Compatible: a field (a parameter, a record component) that one side has and the other
 * lacks, since the receiver ignores a field it does not know and reads an absent one as its
 * default (null, zero, empty), except the result of a method (one that became {@code void}, or
 * stopped being); and an enum value one side lacks, since a side that never sends
 * it is unaffected (one that does is answered with an error naming the value). Incompatible: a
 * field number on both sides with another type or label (a record component's type changed, a
 * removed field's number reused, {@code int} became {@code Integer}), and an enum number with
 * another name (constants reordered or renamed). Names of fields and messages are not compared.
 *
 * <p>Differences are named in the terms of the Java method, such as {@code parameter 2 'limit':
 * int32 here, string on the agent}, {@code field 'zip' of Address: absent on the agent} or
 * {@code constant LOUD of Mode: absent here}: parameters first, in order, then the result; a
 * message or enum is compared where it is first reached.
 */
public final class Compatibility {
  private Compatibility() {}

  /**
   * One difference between two schemas.
   *
   * @param where the parameter, field or constant, such as {@code field 'zip' of Address}
   * @param what how it differs, such as {@code absent on the agent}
   * @param compatible whether protobuf carries calls across it
   */
  public record Difference(String where, String what, boolean compatible) {
    @Override
    public String toString() {
      return where + ": " + what;
    }
  }

  /**
   * Every difference between two schemas of a path, in the order described above.
   *
   * @param ours the side the words "{@code here}" name, such as {@code "here"} or {@code "now"}
   * @param theirs how the other side is named, such as {@code "on the agent"}
   */
  public static List<Difference> differences(Descriptor ourRequest, Descriptor ourResponse,
      Descriptor theirRequest, Descriptor theirResponse, String ours, String theirs) {
    Walk walk = new Walk(ours, theirs);
    walk.fields(ourRequest, theirRequest,
        f -> "parameter " + f.getNumber() + " '" + f.getName() + "'", true);
    // A result one side lacks is a method that became void (or stopped being): the caller would
    // read a default as if the method had returned it.
    walk.fields(ourResponse, theirResponse, f -> "the result", false);
    return walk.found;
  }

  /** The first difference protobuf does not carry calls across, or empty if there is none. */
  public static Optional<Difference> firstIncompatible(Descriptor ourRequest,
      Descriptor ourResponse, Descriptor theirRequest, Descriptor theirResponse, String ours,
      String theirs) {
    return differences(ourRequest, ourResponse, theirRequest, theirResponse, ours, theirs)
        .stream().filter(d -> !d.compatible()).findFirst();
  }

  /** One comparison, collecting what it finds. */
  private static final class Walk {
    private final String ours;
    private final String theirs;
    private final Set<String> seen = new HashSet<>();
    private final List<Difference> found = new ArrayList<>();

    Walk(String ours, String theirs) {
      this.ours = ours;
      this.theirs = theirs;
    }

    /**
     * Compares the fields of two messages by number, each named by {@code label}; a field one
     * side lacks is compatible if {@code absentIsCompatible}.
     */
    void fields(Descriptor here, Descriptor there, Function<FieldDescriptor, String> label,
        boolean absentIsCompatible) {
      if (!seen.add(here.getFullName() + "\n" + there.getFullName())) {
        return; // a recursive message, compared already
      }
      Set<Integer> numbers = new TreeSet<>();
      here.getFields().forEach(f -> numbers.add(f.getNumber()));
      there.getFields().forEach(f -> numbers.add(f.getNumber()));
      for (int number : numbers) {
        FieldDescriptor a = here.findFieldByNumber(number);
        FieldDescriptor b = there.findFieldByNumber(number);
        String named = label.apply(a != null ? a : b);
        if (b == null) {
          found.add(new Difference(named, "absent " + theirs, absentIsCompatible));
        } else if (a == null) {
          found.add(new Difference(named, "absent " + ours, absentIsCompatible));
        } else {
          field(a, b, named);
        }
      }
    }

    private void field(FieldDescriptor a, FieldDescriptor b, String named) {
      if (!shape(a).equals(shape(b))) {
        found.add(new Difference(named, type(a) + " " + ours + ", " + type(b) + " " + theirs,
            false));
      } else if (a.isMapField()) {
        Descriptor aEntry = a.getMessageType();
        Descriptor bEntry = b.getMessageType();
        field(aEntry.findFieldByNumber(1), bEntry.findFieldByNumber(1), named + " (its keys)");
        field(aEntry.findFieldByNumber(2), bEntry.findFieldByNumber(2), named + " (its values)");
      } else if (a.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        String owner = display(a.getMessageType().getName());
        fields(a.getMessageType(), b.getMessageType(),
            f -> "field '" + f.getName() + "' of " + owner, true);
      } else if (a.getJavaType() == FieldDescriptor.JavaType.ENUM) {
        constants(a.getEnumType(), b.getEnumType());
      }
    }

    /** Compares two enums by number: a value one side lacks, or one named otherwise. */
    private void constants(EnumDescriptor here, EnumDescriptor there) {
      if (!seen.add(here.getFullName() + "\n" + there.getFullName())) {
        return;
      }
      Set<Integer> numbers = new TreeSet<>();
      here.getValues().forEach(v -> numbers.add(v.getNumber()));
      there.getValues().forEach(v -> numbers.add(v.getNumber()));
      String owner = display(here.getName());
      for (int number : numbers) {
        EnumValueDescriptor a = here.findValueByNumber(number);
        EnumValueDescriptor b = there.findValueByNumber(number);
        if (b == null) {
          found.add(new Difference("constant " + constant(here, a) + " of " + owner,
              "absent " + theirs, true));
        } else if (a == null) {
          found.add(new Difference("constant " + constant(there, b) + " of " + owner,
              "absent " + ours, true));
        } else if (!constant(here, a).equals(constant(there, b))) {
          found.add(new Difference("constant " + number + " of " + owner,
              constant(here, a) + " " + ours + ", " + constant(there, b) + " " + theirs, false));
        }
      }
    }
  }

  /** How a field travels, without the names of the messages and enums it refers to. */
  private static String shape(FieldDescriptor field) {
    String kind = switch (field.getJavaType()) {
      case MESSAGE -> field.isMapField() ? "map" : "message";
      case ENUM -> "enum";
      default -> Fingerprint.scalar(field);
    };
    return (field.isRepeated() && !field.isMapField() ? "repeated " : "")
        + (field.toProto().getProto3Optional() ? "optional " : "") + kind;
  }

  /** The field's type as a {@code .proto} spells it: {@code optional string}, {@code map<string, Point>}. */
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
      default -> Fingerprint.scalar(field);
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
