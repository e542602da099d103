package dev.nanite.processor.breaking;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import dev.nanite.contract.Compatibility;
import dev.nanite.processor.model.ActorModel;
import dev.nanite.processor.model.MethodModel;
import dev.nanite.processor.validation.Errors;
import dev.nanite.processor.validation.Reporter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Compares each actor's schema with its schema of the previous release, as buf's breaking-change
 * check does, and reports what would break a fleet running both: a path that is gone (an error
 * on the actor), and each difference protobuf does not carry calls across (an error on the
 * method). Compatible changes (a parameter, record component or enum constant added or removed)
 * compile quietly, since {@code -Werror} builds must not fail on them.
 */
public final class BreakingChangeCheck {
  /** How differences name this compilation's schema and the previous one. */
  private static final String NOW = "now";
  private static final String BEFORE = "in the previous schema";

  private final PreviousSchemas previous;
  private final Reporter reporter;

  /** A check against {@code previous}, reporting to {@code reporter}. */
  public BreakingChangeCheck(PreviousSchemas previous, Reporter reporter) {
    this.previous = previous;
    this.reporter = reporter;
  }

  /**
   * Checks the actor whose schema is {@code schema}; an actor without a previous schema is new,
   * and has nothing to break.
   */
  public void check(ActorModel actor, FileDescriptorProto schema) {
    Optional<PreviousSchemas.Previous> found = previous.find(actor.protoFileName());
    if (found.isEmpty()) {
      return;
    }
    String where = found.get().where();
    ServiceDescriptor now = build(schema).getServices().get(0);
    Map<String, MethodModel> methods = new HashMap<>();
    // An rpc is named after its path's last segment, which may not be the Java method's name.
    actor.methods().forEach(m -> methods.put(m.name(), m));
    for (ServiceDescriptor service : found.get().file().getServices()) {
      for (MethodDescriptor before : service.getMethods()) {
        MethodModel method = methods.get(before.getName());
        if (method == null) {
          reporter.error(actor.element(), Errors.PREVIOUS_PATH_GONE,
              "/" + actor.prefix() + "/" + before.getName(), where, before.getName());
        } else {
          compare(method, now.findMethodByName(before.getName()), before, where);
        }
      }
    }
  }

  /** Reports each difference between two versions of a method that breaks calls. */
  private void compare(MethodModel method, MethodDescriptor now, MethodDescriptor before,
      String where) {
    for (Compatibility.Difference d : Compatibility.differences(now.getInputType(),
        now.getOutputType(), before.getInputType(), before.getOutputType(), NOW, BEFORE)) {
      if (!d.compatible()) {
        // Compatibility names an enum's values "constant ..."; they want another fix.
        String format = d.where().startsWith("constant ")
            ? Errors.PREVIOUS_CONSTANT_CHANGED : Errors.PREVIOUS_FIELD_CHANGED;
        reporter.error(method.element(), format, method.path(), where, d.where(), d.what());
      }
    }
  }

  private static FileDescriptor build(FileDescriptorProto schema) {
    try {
      return FileDescriptor.buildFrom(schema, new FileDescriptor[0]);
    } catch (DescriptorValidationException e) {
      // A bug in this processor: the schema was written a moment ago, and is valid.
      throw new IllegalStateException("the schema generated in " + schema.getName()
          + " is invalid: " + e.getMessage(), e);
    }
  }
}
