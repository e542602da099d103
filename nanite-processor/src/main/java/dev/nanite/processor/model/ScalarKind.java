package dev.nanite.processor.model;

/** The scalar Java types and how each is carried in protobuf. */
public enum ScalarKind {
  BOOL("bool", "BOOL"),
  BYTE("int32", "BYTE"),
  SHORT("int32", "SHORT"),
  INT32("int32", "INT32"),
  CHAR("uint32", "CHAR"),
  INT64("int64", "INT64"),
  FLOAT("float", "FLOAT"),
  DOUBLE("double", "DOUBLE"),
  STRING("string", "STRING"),
  BYTES("bytes", "BYTES"),
  BYTE_STRING("bytes", "BYTE_STRING");

  private final String protoType;
  private final String codecConstant;

  ScalarKind(String protoType, String codecConstant) {
    this.protoType = protoType;
    this.codecConstant = codecConstant;
  }

  /** The protobuf scalar type, as written in a {@code .proto} file. */
  public String protoType() {
    return protoType;
  }

  /** The name of the runtime's {@code Codecs} constant for this kind. */
  public String codecConstant() {
    return codecConstant;
  }

  /** Whether this kind can key a map (String or integral). */
  public boolean canKeyMap() {
    return this != BOOL && this != FLOAT && this != DOUBLE && this != BYTES && this != BYTE_STRING;
  }
}
