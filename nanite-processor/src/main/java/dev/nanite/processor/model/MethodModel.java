package dev.nanite.processor.model;

import java.util.List;
import javax.lang.model.element.ExecutableElement;

/**
 * One {@code @Expose} method.
 *
 * @param element the method
 * @param id its method id in the dispatch table (declaration order)
 * @param name the last path segment
 * @param path the full path, {@code /prefix/name}
 * @param params its parameters, field n = parameter n
 * @param result what it returns
 * @param idempotent whether {@code @Expose(idempotent = true)}
 * @param requestMessage the simple protobuf name of its request message
 * @param responseMessage the simple protobuf name of its response message
 */
public record MethodModel(
    ExecutableElement element,
    int id,
    String name,
    String path,
    List<ParamModel> params,
    ResultModel result,
    boolean idempotent,
    String requestMessage,
    String responseMessage) {

  /** The Java method name. */
  public String javaName() {
    return element.getSimpleName().toString();
  }

  /** The method as a reader would write it: {@code list(java.lang.String)}. */
  public String signature() {
    return javaName()
        + "("
        + String.join(", ", params.stream().map(p -> p.javaType().toString()).toList())
        + ")";
  }
}
