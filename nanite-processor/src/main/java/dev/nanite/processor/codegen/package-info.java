/**
 * Writes the generated sources and resources of a valid actor model: path constants, protocol
 * (endpoints and codecs), typed client, dispatch table, protobuf schema and index records.
 * Internal to the processor.
 */
package dev.nanite.processor.codegen;
