package dev.nanite.processor.validation;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.TypeName;
import dev.nanite.processor.model.Names;
import dev.nanite.processor.model.ParamModel;
import dev.nanite.processor.model.ScalarKind;
import dev.nanite.processor.model.WireType;
import dev.nanite.processor.validation.Errors.Reasons;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Decides how a Java type travels, or why it cannot. Collects the records and enums met on the
 * way, for one actor at a time.
 */
final class TypeMapper {

  /** A type that cannot travel; {@link #getMessage()} says why, to follow the type's name. */
  static final class Unsupported extends Exception {
    private static final long serialVersionUID = 1L;

    Unsupported(String reason) {
      super(reason, null, false, false);
    }
  }

  /** A type javac could not resolve yet (it may be generated in a later round). */
  static final class Unresolved extends Exception {
    private static final long serialVersionUID = 1L;

    Unresolved(TypeMirror type) {
      super(type.toString(), null, false, false);
    }
  }

  /** A record met while mapping, with its components as fields. */
  record RecordShape(TypeElement element, List<ParamModel> components) {}

  private static final Map<String, ScalarKind> BOXES =
      Map.of(
          "java.lang.Boolean", ScalarKind.BOOL,
          "java.lang.Byte", ScalarKind.BYTE,
          "java.lang.Short", ScalarKind.SHORT,
          "java.lang.Integer", ScalarKind.INT32,
          "java.lang.Character", ScalarKind.CHAR,
          "java.lang.Long", ScalarKind.INT64,
          "java.lang.Float", ScalarKind.FLOAT,
          "java.lang.Double", ScalarKind.DOUBLE,
          "java.lang.String", ScalarKind.STRING,
          "com.google.protobuf.ByteString", ScalarKind.BYTE_STRING);

  private final Elements elements;
  private final Types types;
  private final String fromPackage;
  private final Map<String, RecordShape> records = new LinkedHashMap<>();
  private final Map<String, TypeElement> enums = new LinkedHashMap<>();
  private final Set<String> recordsInProgress = new HashSet<>();

  /** A mapper for the types of an actor in {@code fromPackage}, where generated code lives. */
  TypeMapper(ProcessingEnvironment env, String fromPackage) {
    this.elements = env.getElementUtils();
    this.types = env.getTypeUtils();
    this.fromPackage = fromPackage;
  }

  /** The records met so far, keyed by binary name, dependencies before their users. */
  Map<String, RecordShape> records() {
    return records;
  }

  /** The enums met so far, keyed by binary name. */
  Map<String, TypeElement> enums() {
    return enums;
  }

  /** How {@code type} travels. */
  WireType map(TypeMirror type) throws Unsupported, Unresolved {
    switch (type.getKind()) {
      case BOOLEAN:
        return new WireType.Scalar(ScalarKind.BOOL, true);
      case BYTE:
        return new WireType.Scalar(ScalarKind.BYTE, true);
      case SHORT:
        return new WireType.Scalar(ScalarKind.SHORT, true);
      case INT:
        return new WireType.Scalar(ScalarKind.INT32, true);
      case CHAR:
        return new WireType.Scalar(ScalarKind.CHAR, true);
      case LONG:
        return new WireType.Scalar(ScalarKind.INT64, true);
      case FLOAT:
        return new WireType.Scalar(ScalarKind.FLOAT, true);
      case DOUBLE:
        return new WireType.Scalar(ScalarKind.DOUBLE, true);
      case ARRAY:
        if (((ArrayType) type).getComponentType().getKind() == TypeKind.BYTE) {
          return new WireType.Scalar(ScalarKind.BYTES, false);
        }
        throw new Unsupported(Reasons.ARRAY);
      case ERROR:
        return mapError(type);
      case DECLARED:
        return mapDeclared((DeclaredType) type);
      case WILDCARD:
        throw new Unsupported(Reasons.WILDCARD);
      case TYPEVAR:
        throw new Unsupported(Reasons.TYPE_VARIABLE);
      default:
        throw new Unsupported(String.format(Reasons.NOT_A_SUPPORTED_KIND,
            type.getKind().toString().toLowerCase(java.util.Locale.ROOT)));
    }
  }

  /**
   * A type javac could not use: not generated yet (try again next round), or one that exists but
   * is not accessible here, which javac reports too; say what the generated code needs then,
   * rather than that the type is missing.
   */
  private WireType mapError(TypeMirror type) throws Unsupported, Unresolved {
    String name = type.toString();
    int generic = name.indexOf('<');
    TypeElement existing = elements.getTypeElement(generic < 0 ? name : name.substring(0, generic));
    if (existing != null) {
      requireAccessible(existing);
    }
    throw new Unresolved(type);
  }

  private WireType mapDeclared(DeclaredType type) throws Unsupported, Unresolved {
    TypeElement element = (TypeElement) type.asElement();
    String name = element.getQualifiedName().toString();
    ScalarKind box = BOXES.get(name);
    if (box != null) {
      return new WireType.Scalar(box, false);
    }
    List<? extends TypeMirror> args = type.getTypeArguments();
    switch (name) {
      case "java.util.List":
        return new WireType.ListOf(element(type, name, args));
      case "java.util.Set":
        return new WireType.SetOf(element(type, name, args));
      case "java.util.Optional":
        return new WireType.OptionalOf(element(type, name, args));
      case "java.util.Map":
        return mapOf(type, args);
      default:
        break;
    }
    if (element.getKind() == ElementKind.ENUM) {
      return enumOf(element);
    }
    if (element.getKind() == ElementKind.RECORD) {
      return recordOf(type, element);
    }
    if (isProtobufMessage(type, element)) {
      requireAccessible(element);
      return new WireType.ProtoMessage(ClassName.get(element));
    }
    throw new Unsupported(String.format(Reasons.NOT_A_SUPPORTED_KIND, name));
  }

  private WireType element(DeclaredType type, String name, List<? extends TypeMirror> args)
      throws Unsupported, Unresolved {
    if (args.isEmpty()) {
      throw new Unsupported(String.format(Reasons.RAW_TYPE, name));
    }
    return inner(args.get(0), type);
  }

  private WireType mapOf(DeclaredType type, List<? extends TypeMirror> args)
      throws Unsupported, Unresolved {
    if (args.isEmpty()) {
      throw new Unsupported(Reasons.RAW_MAP);
    }
    WireType key = inner(args.get(0), type);
    if (!(key instanceof WireType.Scalar scalar) || !scalar.kind().canKeyMap()) {
      throw new Unsupported(String.format(Reasons.MAP_KEY, args.get(0)));
    }
    return new WireType.MapOf(scalar, inner(args.get(1), type));
  }

  /** Maps a type argument, naming the enclosing type in the reason if it fails. */
  private WireType inner(TypeMirror arg, TypeMirror enclosing) throws Unsupported, Unresolved {
    try {
      return map(arg);
    } catch (Unsupported e) {
      throw new Unsupported(
          String.format(Reasons.IN_TYPE_ARGUMENT, arg, enclosing, e.getMessage()));
    }
  }

  private WireType enumOf(TypeElement element) throws Unsupported {
    requireAccessible(element);
    boolean hasConstants =
        element.getEnclosedElements().stream()
            .anyMatch(e -> e.getKind() == ElementKind.ENUM_CONSTANT);
    if (!hasConstants) {
      throw new Unsupported(String.format(Reasons.EMPTY_ENUM, element.getQualifiedName()));
    }
    String key = elements.getBinaryName(element).toString();
    enums.putIfAbsent(key, element);
    return new WireType.EnumRef(key);
  }

  private WireType recordOf(DeclaredType type, TypeElement element)
      throws Unsupported, Unresolved {
    requireAccessible(element);
    if (!element.getTypeParameters().isEmpty()) {
      throw new Unsupported(String.format(Reasons.GENERIC_RECORD, type));
    }
    String key = elements.getBinaryName(element).toString();
    if (records.containsKey(key) || !recordsInProgress.add(key)) {
      return new WireType.RecordRef(key); // known, or a cycle back to a record being mapped
    }
    try {
      List<ParamModel> components = new ArrayList<>();
      Set<String> fieldNames = new HashSet<>();
      for (RecordComponentElement component : element.getRecordComponents()) {
        String javaName = component.getSimpleName().toString();
        WireType wire;
        try {
          wire = map(component.asType());
        } catch (Unsupported e) {
          throw new Unsupported(String.format(Reasons.RECORD_COMPONENT, javaName,
              element.getQualifiedName(), component.asType(), e.getMessage()));
        }
        components.add(
            new ParamModel(
                javaName,
                uniqueFieldName(Names.snakeCase(javaName), fieldNames),
                components.size() + 1,
                TypeName.get(component.asType()),
                wire));
      }
      records.put(key, new RecordShape(element, List.copyOf(components)));
      return new WireType.RecordRef(key);
    } finally {
      recordsInProgress.remove(key);
    }
  }

  /** Makes a protobuf field name unique within its message. */
  static String uniqueFieldName(String wanted, Set<String> taken) {
    String name = wanted;
    for (int n = 2; !taken.add(name); n++) {
      name = wanted + "_" + n;
    }
    return name;
  }

  private boolean isProtobufMessage(DeclaredType type, TypeElement element) {
    TypeElement message = elements.getTypeElement("com.google.protobuf.Message");
    if (message == null || !types.isAssignable(type, message.asType())) {
      return false;
    }
    if (element.getModifiers().contains(Modifier.ABSTRACT)) {
      return false;
    }
    for (ExecutableElement method : ElementFilter.methodsIn(element.getEnclosedElements())) {
      if (method.getSimpleName().contentEquals("parser")
          && method.getParameters().isEmpty()
          && method.getModifiers().contains(Modifier.STATIC)
          && method.getModifiers().contains(Modifier.PUBLIC)) {
        return true;
      }
    }
    return false;
  }

  private void requireAccessible(TypeElement element) throws Unsupported {
    for (Element e = element; e instanceof TypeElement; e = e.getEnclosingElement()) {
      Set<Modifier> modifiers = e.getModifiers();
      if (modifiers.contains(Modifier.PUBLIC)) {
        continue;
      }
      boolean samePackage =
          elements.getPackageOf(e).getQualifiedName().contentEquals(fromPackage);
      if (modifiers.contains(Modifier.PRIVATE) || modifiers.contains(Modifier.PROTECTED)
          || !samePackage) {
        throw new Unsupported(String.format(Reasons.NOT_ACCESSIBLE,
            ((TypeElement) e).getQualifiedName(),
            fromPackage.isEmpty() ? "(default)" : fromPackage));
      }
    }
  }
}
