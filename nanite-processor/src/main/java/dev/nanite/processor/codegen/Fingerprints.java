package dev.nanite.processor.codegen;

import dev.nanite.processor.model.ActorModel;
import dev.nanite.processor.model.MethodModel;
import dev.nanite.processor.model.ParamModel;
import dev.nanite.processor.model.RecordModel;
import dev.nanite.processor.model.WireType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A method's signature fingerprint: a hash of the structure of its request and response
 * (field numbers, types, presence, enum constants, record components), not of names, so that
 * renaming a parameter keeps it and changing what travels does not.
 */
final class Fingerprints {
  private Fingerprints() {}

  /** The first 16 hex digits of the SHA-256 of {@link #canonical}. */
  static String of(ActorModel actor, MethodModel method) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(canonical(actor, method).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** The structure hashed, such as {@code (1:opt STRING)->(1:list(INT32))}. */
  static String canonical(ActorModel actor, MethodModel method) {
    StringBuilder out = new StringBuilder("(");
    List<String> stack = new ArrayList<>();
    for (ParamModel p : method.params()) {
      out.append(p.number()).append(':');
      shape(actor, p.wire(), false, stack, out);
      out.append(';');
    }
    out.append(")->(");
    if (method.result().wire() != null) {
      out.append("1:");
      shape(actor, method.result().wire(), false, stack, out);
    }
    return out.append(')').toString();
  }

  private static void shape(
      ActorModel actor, WireType type, boolean element, List<String> stack, StringBuilder out) {
    if (type instanceof WireType.Scalar scalar) {
      out.append(scalar.primitive() || element ? "" : "opt ").append(scalar.kind());
    } else if (type instanceof WireType.EnumRef e) {
      out.append("enum(")
          .append(String.join(",", actor.enums().get(e.key()).constants()))
          .append(')');
    } else if (type instanceof WireType.ProtoMessage m) {
      out.append("proto(").append(m.javaType().canonicalName()).append(')');
    } else if (type instanceof WireType.RecordRef r) {
      int depth = stack.indexOf(r.key());
      if (depth >= 0) {
        out.append("rec#").append(stack.size() - depth); // a cycle back to an enclosing record
        return;
      }
      stack.add(r.key());
      RecordModel record = actor.records().get(r.key());
      out.append("msg(");
      for (ParamModel c : record.components()) {
        out.append(c.number()).append(':');
        shape(actor, c.wire(), false, stack, out);
        out.append(';');
      }
      out.append(')');
      stack.remove(stack.size() - 1);
    } else if (type instanceof WireType.ListOf list) {
      composite("list", out, actor, stack, list.element());
    } else if (type instanceof WireType.SetOf set) {
      composite("set", out, actor, stack, set.element());
    } else if (type instanceof WireType.MapOf map) {
      composite("map", out, actor, stack, map.key(), map.value());
    } else if (type instanceof WireType.OptionalOf optional) {
      composite("optional", out, actor, stack, optional.value());
    }
  }

  private static void composite(
      String kind, StringBuilder out, ActorModel actor, List<String> stack, WireType... parts) {
    out.append(kind).append('(');
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      shape(actor, parts[i], true, stack, out);
    }
    out.append(')');
  }
}
