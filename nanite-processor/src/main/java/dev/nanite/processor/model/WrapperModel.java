package dev.nanite.processor.model;

/**
 * A message with one field that carries a collection, map or optional where protobuf allows only
 * a plain value: {@code List<List<Integer>>} is a repeated {@code ListOfInt32}.
 *
 * @param protoName its simple protobuf message name, unique in the actor's schema
 * @param wrapped the type of its only field, number 1
 */
public record WrapperModel(String protoName, WireType wrapped) {}
