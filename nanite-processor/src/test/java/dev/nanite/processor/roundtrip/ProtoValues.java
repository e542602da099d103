package dev.nanite.processor.roundtrip;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Duration;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import java.util.Random;

/** Random protoc-generated messages: well-known types and a proto2 descriptor. */
final class ProtoValues {
  private ProtoValues() {}

  static Timestamp timestamp(Random r) {
    return Timestamp.newBuilder().setSeconds(Values.int64(r)).setNanos(Values.int32(r)).build();
  }

  static Duration duration(Random r) {
    return Duration.newBuilder().setSeconds(Values.int64(r)).setNanos(Values.int32(r)).build();
  }

  static Struct struct(Random r) {
    return struct(r, 3);
  }

  private static Struct struct(Random r, int depth) {
    Struct.Builder struct = Struct.newBuilder();
    int size = depth <= 0 ? 0 : r.nextInt(5);
    for (int i = 0; i < size; i++) {
      struct.putFields(Values.key(r), value(r, depth - 1));
    }
    return struct.build();
  }

  private static Value value(Random r, int depth) {
    switch (r.nextInt(depth > 0 ? 6 : 4)) {
      case 0: return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
      case 1: return Value.newBuilder().setNumberValue(Values.float64(r)).build();
      case 2: return Value.newBuilder().setStringValue(Values.string(r)).build();
      case 3: return Value.newBuilder().setBoolValue(r.nextBoolean()).build();
      case 4: return Value.newBuilder().setStructValue(struct(r, depth)).build();
      default:
        ListValue.Builder list = ListValue.newBuilder();
        for (int i = r.nextInt(4); i > 0; i--) {
          list.addValues(value(r, depth - 1));
        }
        return Value.newBuilder().setListValue(list).build();
    }
  }

  /** A proto2 message: explicit presence everywhere, enums, nested messages. */
  static FileDescriptorProto descriptor(Random r) {
    FileDescriptorProto.Builder file = FileDescriptorProto.newBuilder();
    if (r.nextBoolean()) {
      file.setName(Values.string(r));
    }
    if (r.nextBoolean()) {
      file.setPackage(Values.key(r));
    }
    for (int i = r.nextInt(3); i > 0; i--) {
      file.addDependency(Values.string(r));
    }
    for (int m = r.nextInt(3); m > 0; m--) {
      DescriptorProto.Builder message = DescriptorProto.newBuilder().setName(Values.key(r));
      for (int f = r.nextInt(4); f > 0; f--) {
        message.addField(FieldDescriptorProto.newBuilder()
            .setName(Values.key(r))
            .setNumber(Values.int32(r))
            .setLabel(FieldDescriptorProto.Label.forNumber(1 + r.nextInt(3)))
            .setType(FieldDescriptorProto.Type.forNumber(1 + r.nextInt(18))));
      }
      file.addMessageType(message);
    }
    return file.build();
  }
}
