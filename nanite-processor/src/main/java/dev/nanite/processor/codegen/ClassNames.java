package dev.nanite.processor.codegen;

import com.squareup.javapoet.ClassName;
import java.util.List;
import java.util.Objects;

/** JDK class names used by several writers. */
final class ClassNames {
  private ClassNames() {}

  static final ClassName LIST = ClassName.get(List.class);
  static final ClassName OBJECTS = ClassName.get(Objects.class);
}
