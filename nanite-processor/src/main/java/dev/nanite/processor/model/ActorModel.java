package dev.nanite.processor.model;

import com.squareup.javapoet.ClassName;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.TypeElement;

/**
 * A validated {@code @Actor} type, with every message its schema needs.
 *
 * @param element the annotated type
 * @param actorType its class name
 * @param isInterface whether it is a contract (an interface) rather than an implementation
 * @param creatable whether its dispatch table can create it: a class with a public no-argument
 *     constructor that throws no checked exception
 * @param prefix the path prefix
 * @param methods the exposed methods, in declaration order
 * @param records the records used, keyed by binary name, in order of first use
 * @param enums the enums used, keyed by binary name, in order of first use
 * @param wrappers the wrapper messages needed, in order of first use
 */
public record ActorModel(
    TypeElement element,
    ClassName actorType,
    boolean isInterface,
    boolean creatable,
    String prefix,
    List<MethodModel> methods,
    Map<String, RecordModel> records,
    Map<String, EnumModel> enums,
    Map<WireType, WrapperModel> wrappers) {

  /** Where generated resources go: {@code META-INF/nanite/proto/}. */
  public static final String SCHEMA_DIRECTORY = "META-INF/nanite/proto/";

  /** The Java package of the actor and of the generated classes. */
  public String javaPackage() {
    return actorType.packageName();
  }

  /** The protobuf package: the Java package and the prefix, {@code dev.example.mock}. */
  public String protoPackage() {
    return javaPackage().isEmpty() ? prefix : javaPackage() + "." + prefix;
  }

  /** The schema's file name as protobuf knows it, {@code dev/example/mock.proto}. */
  public String protoFileName() {
    return (javaPackage().isEmpty() ? "" : javaPackage().replace('.', '/') + "/") + prefix + ".proto";
  }

  /** The class-path resource of the {@code .proto} text. */
  public String schemaResource() {
    return SCHEMA_DIRECTORY + protoFileName();
  }

  /** The class-path resource of the binary {@code FileDescriptorSet}. */
  public String descriptorResource() {
    String file = schemaResource();
    return file.substring(0, file.length() - ".proto".length()) + ".desc";
  }

  /** The generated path constants class, {@code MockPaths}. */
  public ClassName pathsClass() {
    return generated("Paths");
  }

  /** The generated endpoints and codecs class, {@code MockProtocol}. */
  public ClassName protocolClass() {
    return generated("Protocol");
  }

  /** The generated typed client, {@code MockClient}. */
  public ClassName clientClass() {
    return generated("Client");
  }

  /** The generated dispatch table, {@code MockDispatch}. */
  public ClassName dispatchClass() {
    return generated("Dispatch");
  }

  /** The full protobuf name of a message or enum of this schema. */
  public String protoName(String simpleName) {
    return protoPackage() + "." + simpleName;
  }

  private ClassName generated(String suffix) {
    // A nested actor Outer.Mock gives top-level Outer_MockClient, as Dagger names its classes.
    return ClassName.get(
        actorType.packageName(), String.join("_", actorType.simpleNames()) + suffix);
  }
}
