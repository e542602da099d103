package dev.nanite.processor.roundtrip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import dev.nanite.processor.fixtures.MockProtocol;
import dev.nanite.processor.fixtures.roundtrip.EchoProtocol;
import dev.nanite.processor.fixtures.roundtrip.NestingProtocol;
import dev.nanite.processor.model.ActorModel;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles the generated {@code .proto} text with protoc itself and checks that it describes
 * exactly the binary descriptor published next to it: other languages read the text, the codec
 * and these tests the descriptor. The build fetches protoc where it is published for the
 * machine (see the {@code protoc-linux-x86_64} profile); elsewhere this test is skipped.
 */
class ProtocSchemaTest {
  private static final List<String> SCHEMAS = List.of(EchoProtocol.schemaResource(),
      NestingProtocol.schemaResource(), MockProtocol.schemaResource());

  @Test
  void protocCompilesTheProtoTextToThePublishedDescriptor(@TempDir Path out) throws Exception {
    String protoc = System.getProperty("nanite.protoc");
    Assumptions.assumeTrue(protoc != null && Files.isRegularFile(Path.of(protoc)),
        "no protoc for this machine");
    Path executable = Path.of(protoc);
    assertTrue(executable.toFile().setExecutable(true), "cannot make " + protoc + " executable");

    Path root = resourceRoot();
    Path descriptors = out.resolve("protoc.desc");
    List<String> command = new ArrayList<>(List.of(executable.toString(),
        "--proto_path=" + root, "--descriptor_set_out=" + descriptors));
    SCHEMAS.forEach(s -> command.add(s.substring(ActorModel.SCHEMA_DIRECTORY.length())));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(out.resolve("protoc.log").toFile()).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("protoc did not finish within 60 s");
    }
    assertEquals(0, process.exitValue(), () -> "protoc failed: " + log(out));

    FileDescriptorSet compiled = FileDescriptorSet.parseFrom(Files.readAllBytes(descriptors));
    assertEquals(SCHEMAS.size(), compiled.getFileCount());
    for (FileDescriptorProto theirs : compiled.getFileList()) {
      FileDescriptorProto ours = published(theirs.getName());
      if (!ours.equals(theirs)) {
        throw new AssertionError(theirs.getName() + ": protoc differs from the published"
            + " descriptor\n" + firstDifference(ours.toString(), theirs.toString()));
      }
    }
  }

  /** The directory the schema resources are under, {@code META-INF/nanite/proto}. */
  private static Path resourceRoot() throws URISyntaxException {
    String resource = EchoProtocol.schemaResource();
    Path file = Path.of(ProtocSchemaTest.class.getClassLoader().getResource(resource).toURI());
    Path root = file;
    for (int i = resource.split("/").length - 3; i > 0; i--) { // up to META-INF/nanite/proto
      root = root.getParent();
    }
    return root;
  }

  private static FileDescriptorProto published(String protoFile) throws IOException {
    String resource = ActorModel.SCHEMA_DIRECTORY + protoFile.substring(0, protoFile.length() - ".proto".length()) + ".desc";
    try (InputStream in = ProtocSchemaTest.class.getClassLoader().getResourceAsStream(resource)) {
      return FileDescriptorSet.parseFrom(in).getFile(0);
    }
  }

  /** The first differing line of two text forms, with the lines before it for context. */
  private static String firstDifference(String ours, String theirs) {
    String[] a = ours.split("\n");
    String[] b = theirs.split("\n");
    int i = 0;
    while (i < a.length && i < b.length && a[i].equals(b[i])) {
      i++;
    }
    StringBuilder out = new StringBuilder();
    for (int j = Math.max(0, i - 6); j < i; j++) {
      out.append("   ").append(a[j]).append('\n');
    }
    return out.append("ours:   ").append(i < a.length ? a[i] : "<end>").append('\n')
        .append("protoc: ").append(i < b.length ? b[i] : "<end>").toString();
  }

  private static String log(Path out) {
    try {
      return Files.readString(out.resolve("protoc.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }
}
