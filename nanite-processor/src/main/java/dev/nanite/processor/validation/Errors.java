package dev.nanite.processor.validation;

/**
 * The processor's diagnostics, worded as rules with the fix; format strings, so that tests check
 * the exact text.
 */
public final class Errors {
  private Errors() {}

  /** What parameter and result types may be. */
  public static final String SUPPORTED_TYPES =
      "primitives and their boxes, String, byte[], ByteString, enums, List or Set of a supported"
          + " type, Map with String or integral keys, Optional of a supported type, records of"
          + " supported types, and protoc-generated Message types";

  public static final String ACTOR_KIND =
      "@Actor applies to classes and interfaces, not to the %s %s; put it on a class or an"
          + " interface";
  public static final String ACTOR_NOT_PUBLIC =
      "@Actor types must be public so that generated code and agents can reach them; make %s"
          + " public";
  public static final String ACTOR_ENCLOSING_NOT_PUBLIC =
      "@Actor type %s is nested in %s, which is not public; make %2$s public";
  public static final String ACTOR_GENERIC =
      "@Actor types cannot be generic: the wire needs concrete types; remove the type parameters"
          + " of %s";
  public static final String ACTOR_ABSTRACT =
      "@Actor classes cannot be abstract, as the class is the implementation agents call; make %s"
          + " concrete, or put @Actor on an interface and register an implementation of it";
  public static final String ACTOR_NO_METHODS =
      "@Actor %s has no @Expose methods, so it advertises no paths; annotate the methods to"
          + " advertise with @Expose";
  public static final String MALFORMED_PREFIX =
      "malformed @Actor prefix \"%s\"; use lowercase letters, digits and underscores, starting"
          + " with a letter, such as \"%s\"";
  public static final String MALFORMED_NAME =
      "malformed @Expose name \"%s\"; use lowercase letters, digits and underscores, starting"
          + " with a letter, such as \"%s\"";
  public static final String MALFORMED_DERIVED =
      "the %s derived from %s, \"%s\", is not a valid path segment; give one explicitly with"
          + " %s(\"...\")";

  public static final String EXPOSE_OUTSIDE_ACTOR =
      "@Expose methods must be declared in an @Actor type; annotate %s with @Actor";
  public static final String EXPOSE_NOT_PUBLIC = "@Expose methods must be public; make %s public";
  public static final String EXPOSE_STATIC =
      "@Expose methods cannot be static, as they are called on the registered actor; make %s an"
          + " instance method";
  public static final String EXPOSE_GENERIC =
      "@Expose methods cannot be generic: the wire needs concrete types; remove the type"
          + " parameters of %s";
  public static final String EXPOSE_ABSTRACT =
      "@Expose methods of an @Actor class must be implemented, as the class is the"
          + " implementation; implement %s, or put @Actor on an interface (a contract) instead";
  public static final String DUPLICATE_PATH =
      "duplicate path %s: %s also advertises it; give one of them another name with"
          + " @Expose(\"...\")";
  public static final String OVERLOAD_COLLISION =
      "overloads of %s collide on the path %s; give each overload its own name with"
          + " @Expose(\"...\")";
  public static final String DUPLICATE_PATH_ACROSS_ACTORS =
      "duplicate path %s: the actor %s also advertises it; give one of the actors another"
          + " prefix with @Actor(\"...\")";
  public static final String DUPLICATE_SCHEMA =
      "@Actor %s has the prefix \"%s\", as %s in the same package has, so both would write the"
          + " schema %s; give one of them another prefix with @Actor(\"...\")";
  public static final String GENERATED_NAME_CLASH =
      "the class %s generated for @Actor %s is generated for %s too; rename one of the two";
  public static final String GENERATED_FILE_EXISTS =
      "cannot generate the code of @Actor %s: %s; rename the actor, or the type that already has"
          + " that name";
  public static final String CLIENT_NAME_CLASH =
      "@Expose method %s would clash with %s in the generated client; rename the Java method"
          + " and keep the path with @Expose(\"%s\")";

  /** The last argument is one of the {@link Reasons}. */
  public static final String UNSUPPORTED_PARAMETER =
      "unsupported type %s of parameter %s of %s (%s); supported are " + SUPPORTED_TYPES;
  /** The last argument is one of the {@link Reasons}. */
  public static final String UNSUPPORTED_RESULT =
      "unsupported result type %s of %s (%s); supported are void, "
          + SUPPORTED_TYPES
          + ", and a CompletableFuture or CompletionStage of one of them or of Void";

  /** The first argument is the place given, the second one of the {@link Unreadable} reasons. */
  public static final String PREVIOUS_UNREADABLE =
      "cannot read the previous schemas at %s, given by -Ananite.previous: %s; give the previous"
          + " release's jar, a directory holding its META-INF/nanite/proto/**.desc files, or one"
          + " of those .desc files";
  public static final String PREVIOUS_PATH_GONE =
      "path %s was in the previous schema (%s) and is gone, so its callers would fail; keep a"
          + " method exposed at that path, as @Expose(\"%s\") does, or drop -Ananite.previous"
          + " for a release meant to break its callers";
  /** The last two arguments are a difference's where and what, as Compatibility words them. */
  public static final String PREVIOUS_FIELD_CHANGED =
      "path %s changed incompatibly since the previous schema (%s): %s is %s, so the two"
          + " versions could not call each other; keep its previous type, and add a parameter or"
          + " record component of the new type (or a new method) instead";
  /** The last two arguments are a difference's where and what, as Compatibility words them. */
  public static final String PREVIOUS_CONSTANT_CHANGED =
      "path %s changed incompatibly since the previous schema (%s): %s is %s, so the two"
          + " versions would read that number as different constants; keep the constants in"
          + " their previous order, under their previous names, and add new ones only at the end";

  public static final String UNRESOLVED_TYPE =
      "the type %s used by %s could not be resolved; check that it is on the class path";
  public static final String INTERNAL_ERROR =
      "nanite-processor failed on %s, which is a bug in Nanite; please report it: %s";

  /**
   * Why a type cannot travel: the reason in {@link #UNSUPPORTED_PARAMETER} and {@link
   * #UNSUPPORTED_RESULT}, which go on to list what is supported.
   */
  public static final class Reasons {
    private Reasons() {}

    public static final String NOT_A_SUPPORTED_KIND = "%s is not a supported kind";
    public static final String ARRAY =
        "arrays other than byte[] are not supported; use a List instead";
    public static final String WILDCARD = "wildcards are not supported; use the concrete type";
    public static final String TYPE_VARIABLE =
        "type variables are not supported; use a concrete type";
    public static final String RAW_TYPE = "raw %s: give its type argument";
    public static final String RAW_MAP = "raw java.util.Map: give its key and value types";
    public static final String RAW_FUTURE = "raw %s: give its result type, or Void";
    public static final String MAP_KEY =
        "map keys must be String or integral (Integer, Long, Short, Byte, Character), not %s";
    /** A type argument's reason, naming the type it is an argument of. */
    public static final String IN_TYPE_ARGUMENT = "%s in %s: %s";
    public static final String EMPTY_ENUM = "enum %s has no constants; give it at least one";
    public static final String GENERIC_RECORD =
        "generic records such as %s are not supported; use a record without type parameters";
    /** A record component's reason. */
    public static final String RECORD_COMPONENT = "component %s of record %s has type %s: %s";
    public static final String NOT_ACCESSIBLE =
        "%s is not accessible from package %s, where the generated code lives; make it public";
  }

  /** Why a place given by {@code -Ananite.previous} cannot be read, in PREVIOUS_UNREADABLE. */
  public static final class Unreadable {
    private Unreadable() {}

    public static final String MISSING = "no such file or directory";
    public static final String NO_SCHEMA = "it holds no Nanite schema (no .desc file)";
    public static final String PROTO_TEXT =
        "a .proto text needs protoc to be read, and the .desc file next to it holds the same"
            + " schema";
    public static final String NOT_A_JAR = "it is neither a directory, a jar nor a .desc file";
    /** The arguments are the file (or jar entry) and what failed. */
    public static final String NOT_A_DESCRIPTOR_SET = "%s is not a protobuf descriptor set (%s)";
    /** The argument is the exception's message. */
    public static final String IO = "%s";
  }

  /** What an {@code @Expose} method's client methods would clash with, in CLIENT_NAME_CLASH. */
  public static final class Clashes {
    private Clashes() {}

    public static final String PUSH_ACCESSOR =
        "the client's push() accessor for fire-and-forget calls";
    /** The signature of one of {@code Object}'s methods follows. */
    public static final String OBJECT_METHOD = "java.lang.Object.%s";
  }
}
