package dev.nanite.processor.codegen;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import dev.nanite.contract.Fingerprint;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each method's signature fingerprint, computed from the actor's protobuf schema by
 * {@link Fingerprint} exactly as a program with only the {@code .proto} computes it.
 */
final class Fingerprints {
  private Fingerprints() {}

  /** The fingerprint of each rpc of {@code file}, by rpc name (the Java method's name). */
  static Map<String, String> of(FileDescriptorProto file) {
    FileDescriptor built;
    try {
      built = FileDescriptor.buildFrom(file, new FileDescriptor[0]);
    } catch (DescriptorValidationException e) {
      // A bug in this processor: SchemaBuilder writes self-contained, valid schemas.
      throw new IllegalStateException("the schema generated in " + file.getName()
          + " is invalid: " + e.getMessage() + "\n" + file, e);
    }
    Map<String, String> fingerprints = new LinkedHashMap<>();
    for (ServiceDescriptor service : built.getServices()) {
      for (MethodDescriptor method : service.getMethods()) {
        fingerprints.put(method.getName(),
            Fingerprint.of(method.getInputType(), method.getOutputType()));
      }
    }
    return fingerprints;
  }
}
