package dev.nanite.processor.codegen;

import dev.nanite.processor.model.MethodModel;
import javax.lang.model.element.VariableElement;

/** Javadoc {@code @link} targets for the actor's methods. */
final class JavadocLinks {
  private JavadocLinks() {}

  /** {@code list(java.util.List)}: the method with the erasures of its parameter types. */
  static String method(MethodModel method) {
    StringBuilder out = new StringBuilder(method.javaName()).append('(');
    boolean first = true;
    for (VariableElement p : method.element().getParameters()) {
      if (!first) {
        out.append(", ");
      }
      String type = p.asType().toString().replaceAll("@\\S+\\s+", "");
      int generic = type.indexOf('<');
      out.append(generic < 0 ? type : type.substring(0, generic));
      first = false;
    }
    return out.append(')').toString();
  }
}
