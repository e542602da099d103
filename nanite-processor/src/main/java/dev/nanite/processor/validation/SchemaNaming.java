package dev.nanite.processor.validation;

import com.squareup.javapoet.ClassName;
import dev.nanite.processor.model.ActorModel;
import dev.nanite.processor.model.EnumModel;
import dev.nanite.processor.model.MethodModel;
import dev.nanite.processor.model.ParamModel;
import dev.nanite.processor.model.RecordModel;
import dev.nanite.processor.model.ScalarKind;
import dev.nanite.processor.model.WireType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;

/**
 * Gives every message and enum of an actor's schema a unique protobuf name. The user's records
 * and enums claim their own names first, then the request and response messages, then the
 * wrappers; a name already taken gets a numeric suffix.
 */
final class SchemaNaming {
  private final ProcessingEnvironment env;
  private final TypeMapper mapper;
  private final Set<String> taken = new HashSet<>();
  private final Map<String, EnumModel> enums = new LinkedHashMap<>();
  private final Map<String, RecordModel> records = new LinkedHashMap<>();
  private final Map<WireType, dev.nanite.processor.model.WrapperModel> wrappers =
      new LinkedHashMap<>();

  SchemaNaming(ProcessingEnvironment env, TypeMapper mapper) {
    this.env = env;
    this.mapper = mapper;
  }

  ActorModel name(
      ClassName actorType,
      TypeElement element,
      boolean isInterface,
      boolean creatable,
      String prefix,
      List<MethodModel> methods) {
    taken.add(dev.nanite.processor.model.Names.upperCamel(prefix)); // the service
    mapper.enums().forEach((key, e) ->
        enums.put(key, new EnumModel(ClassName.get(e), claim(nestedName(e)), constants(e))));
    mapper.records().forEach((key, r) ->
        records.put(key, new RecordModel(ClassName.get(r.element()), claim(nestedName(r.element())),
            r.components())));
    List<MethodModel> named = new ArrayList<>();
    for (MethodModel m : methods) {
      named.add(new MethodModel(m.element(), m.id(), m.name(), m.path(), m.params(), m.result(),
          m.idempotent(), claim(m.requestMessage()), claim(m.responseMessage())));
    }
    for (MethodModel m : named) {
      m.params().forEach(p -> visit(p.wire(), false));
      if (m.result().wire() != null) {
        visit(m.result().wire(), false);
      }
    }
    for (RecordModel r : records.values()) {
      for (ParamModel component : r.components()) {
        visit(component.wire(), false);
      }
    }
    return new ActorModel(element, actorType, isInterface, creatable, prefix, List.copyOf(named),
        records, enums, wrappers);
  }

  /** Registers the wrappers {@code type} needs, inner ones first. */
  private void visit(WireType type, boolean elementPosition) {
    if (type instanceof WireType.ListOf list) {
      visit(list.element(), true);
    } else if (type instanceof WireType.SetOf set) {
      visit(set.element(), true);
    } else if (type instanceof WireType.MapOf map) {
      visit(map.value(), true);
    } else if (type instanceof WireType.OptionalOf optional) {
      visit(optional.value(), true);
    }
    if (elementPosition && type.needsWrapper() && !wrappers.containsKey(type)) {
      wrappers.put(type, new dev.nanite.processor.model.WrapperModel(claim(wrapperName(type)), type));
    }
  }

  private String wrapperName(WireType type) {
    if (type instanceof WireType.ListOf list) {
      return "ListOf" + elementName(list.element());
    } else if (type instanceof WireType.SetOf set) {
      return "SetOf" + elementName(set.element());
    } else if (type instanceof WireType.MapOf map) {
      return "MapOf" + elementName(map.key()) + "To" + elementName(map.value());
    } else {
      return "OptionalOf" + elementName(((WireType.OptionalOf) type).value());
    }
  }

  private String elementName(WireType type) {
    if (type instanceof WireType.Scalar scalar) {
      return scalarName(scalar.kind());
    } else if (type instanceof WireType.EnumRef e) {
      return enums.get(e.key()).protoName();
    } else if (type instanceof WireType.RecordRef r) {
      return records.get(r.key()).protoName();
    } else if (type instanceof WireType.ProtoMessage m) {
      return m.javaType().simpleName();
    } else {
      return wrappers.get(type).protoName();
    }
  }

  private static String scalarName(ScalarKind kind) {
    switch (kind) {
      case BYTE_STRING:
        return "ByteString";
      case INT32:
        return "Int32";
      case INT64:
        return "Int64";
      default:
        return dev.nanite.processor.model.Names.upperCamel(
            kind.name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  private String claim(String wanted) {
    String name = wanted;
    for (int n = 2; !taken.add(name); n++) {
      name = wanted + "_" + n;
    }
    return name;
  }

  /** {@code Outer.Point} → {@code Outer_Point}. */
  private static String nestedName(TypeElement type) {
    StringBuilder name = new StringBuilder(type.getSimpleName());
    for (Element e = type.getEnclosingElement(); e instanceof TypeElement;
        e = e.getEnclosingElement()) {
      name.insert(0, e.getSimpleName() + "_");
    }
    return name.toString();
  }

  private static List<String> constants(TypeElement type) {
    List<String> constants = new ArrayList<>();
    for (Element e : type.getEnclosedElements()) {
      if (e.getKind() == ElementKind.ENUM_CONSTANT) {
        constants.add(e.getSimpleName().toString());
      }
    }
    return List.copyOf(constants);
  }
}
