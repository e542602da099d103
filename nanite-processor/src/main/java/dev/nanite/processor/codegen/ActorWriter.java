package dev.nanite.processor.codegen;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import dev.nanite.processor.model.ActorModel;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import javax.annotation.processing.Filer;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/** Writes everything generated for one valid actor. */
public final class ActorWriter {
  private final Filer filer;

  public ActorWriter(Filer filer) {
    this.filer = filer;
  }

  /**
   * What was written for one actor.
   *
   * @param indexRecords the actor's lines of the index
   * @param schema the schema written, which the breaking-change check compares
   */
  public record Written(String indexRecords, FileDescriptorProto schema) {}

  /**
   * Writes the paths, protocol, client and dispatch sources and the schema resources, and
   * returns the actor's index records and schema.
   */
  public Written write(ActorModel actor, String binaryName) throws IOException {
    CodecExpressions codecs = new CodecExpressions(actor);
    SchemaBuilder.Schema schema = new SchemaBuilder(actor, codecs).build();

    PathsWriter.write(actor).writeTo(filer);
    new ProtocolWriter(actor, codecs, schema).write().writeTo(filer);
    new ClientWriter(actor).write().writeTo(filer);
    new DispatchWriter(actor).write().writeTo(filer);

    FileObject proto = filer.createResource(
        StandardLocation.CLASS_OUTPUT, "", actor.schemaResource(), actor.element());
    try (Writer w = proto.openWriter()) {
      w.write(ProtoPrinter.print(GeneratedFiles.header(actor), schema));
    }
    FileObject descriptor = filer.createResource(
        StandardLocation.CLASS_OUTPUT, "", actor.descriptorResource(), actor.element());
    try (OutputStream out = descriptor.openOutputStream()) {
      FileDescriptorSet.newBuilder().addFile(schema.file()).build().writeTo(out);
    }
    return new Written(IndexRecords.of(actor, schema, binaryName), schema.file());
  }

  /** Writes the index of every actor of this compilation. */
  public void writeIndex(String records) throws IOException {
    FileObject index = filer.createResource(
        StandardLocation.CLASS_OUTPUT, "", "META-INF/nanite/index");
    try (Writer w = index.openWriter()) {
      w.write(IndexRecords.HEADER);
      w.write(IndexRecords.STUB_API);
      w.write(records);
    }
  }
}
