package dev.nanite.processor.model;

import com.squareup.javapoet.ClassName;
import java.util.List;

/**
 * A Java record used as, or inside, a parameter or result: a protobuf message with one field
 * per component, in declaration order.
 *
 * @param javaType the record class
 * @param protoName its simple protobuf message name, unique in the actor's schema
 * @param components its components as fields
 */
public record RecordModel(ClassName javaType, String protoName, List<ParamModel> components) {}
