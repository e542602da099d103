package dev.nanite.processor.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The parts of the schema builder that must agree with protoc to the letter. */
class SchemaBuilderTest {
  @Test
  void jsonNamesAreProtocs() {
    assertEquals("name", SchemaBuilder.jsonName("name"));
    assertEquals("maybeNames", SchemaBuilder.jsonName("maybe_names"));
    assertEquals("Leading", SchemaBuilder.jsonName("_leading"));
    assertEquals("trailing", SchemaBuilder.jsonName("trailing_"));
    assertEquals("doubleUnder", SchemaBuilder.jsonName("double__under"));
    assertEquals("v2Beta", SchemaBuilder.jsonName("v2_beta"));
    assertEquals("a1b", SchemaBuilder.jsonName("a_1b"));
  }
}
