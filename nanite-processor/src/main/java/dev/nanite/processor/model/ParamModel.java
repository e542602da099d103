package dev.nanite.processor.model;

import com.squareup.javapoet.TypeName;

/**
 * One parameter of an exposed method, or one component of a record: a numbered field.
 *
 * @param javaName the Java name (parameter or record component)
 * @param fieldName the protobuf field name (snake_case, unique in its message)
 * @param number the field number (position + 1)
 * @param javaType the declared Java type
 * @param wire how it travels
 */
public record ParamModel(
    String javaName, String fieldName, int number, TypeName javaType, WireType wire) {}
