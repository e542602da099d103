package dev.nanite.processor.model;

import com.squareup.javapoet.ClassName;
import java.util.List;

/**
 * A Java enum used as, or inside, a parameter or result: a protobuf enum numbered by ordinal.
 *
 * @param javaType the enum class
 * @param protoName its simple protobuf enum name, unique in the actor's schema
 * @param constants its constants in ordinal order
 */
public record EnumModel(ClassName javaType, String protoName, List<String> constants) {}
