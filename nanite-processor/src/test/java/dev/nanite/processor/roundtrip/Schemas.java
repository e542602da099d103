package dev.nanite.processor.roundtrip;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Message;
import dev.nanite.Marshaller;
import dev.nanite.internal.codec.WireMessage;
import dev.nanite.processor.fixtures.roundtrip.EchoProtocol;
import dev.nanite.processor.fixtures.roundtrip.NestingProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The schemas the processor published for the fixture actors, as protobuf descriptors. */
final class Schemas {
  static final FileDescriptor ECHO = load(EchoProtocol.descriptorResource());
  static final FileDescriptor NESTING = load(NestingProtocol.descriptorResource());

  private Schemas() {}

  /** Reads a generated {@code FileDescriptorSet} resource holding one file, without imports. */
  static FileDescriptor load(String resource) {
    try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new AssertionError("no resource " + resource);
      }
      FileDescriptorSet set = FileDescriptorSet.parseFrom(in);
      if (set.getFileCount() != 1) {
        throw new AssertionError(resource + " holds " + set.getFileCount() + " files");
      }
      return FileDescriptor.buildFrom(set.getFile(0), new FileDescriptor[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (DescriptorValidationException e) {
      throw new AssertionError(resource + " is not a valid schema: " + e.getMessage(), e);
    }
  }

  /** The message type a generated marshaller writes, found by its full protobuf name. */
  static Descriptor messageType(Marshaller<?> marshaller) {
    String name = ((WireMessage<?>) marshaller).typeName();
    for (FileDescriptor file : List.of(ECHO, NESTING)) {
      if (name.startsWith(file.getPackage() + ".")) {
        Descriptor type = file.findMessageTypeByName(name.substring(file.getPackage().length() + 1));
        if (type != null) {
          return type;
        }
      }
    }
    throw new AssertionError("no message " + name + " in the published schemas");
  }

  /** Throws if {@code message} or any message inside it has unknown fields. */
  static void requireNoUnknownFields(String path, Message message) {
    if (!message.getUnknownFields().asMap().isEmpty()) {
      throw new AssertionError(path + " (" + message.getDescriptorForType().getFullName()
          + ") has fields the schema does not declare: " + message.getUnknownFields());
    }
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      String fieldPath = path + "." + field.getKey().getName();
      if (field.getKey().isRepeated()) {
        List<?> values = (List<?>) field.getValue();
        for (int i = 0; i < values.size(); i++) {
          requireNoUnknownFields(fieldPath + "[" + i + "]", (Message) values.get(i));
        }
      } else {
        requireNoUnknownFields(fieldPath, (Message) field.getValue());
      }
    }
  }
}
