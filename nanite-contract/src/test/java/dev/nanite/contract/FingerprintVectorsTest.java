package dev.nanite.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test vectors of docs/protocol.md ("Signature fingerprints"), read from the doc itself:
 * protoc compiles its {@code .proto} block, and each row's canonical form and fingerprint must be
 * what {@link Fingerprint} computes for that rpc. The Python conformance test checks the same
 * rows with its own implementation. The build fetches protoc where it is published for the
 * machine (see the {@code protoc-linux-x86_64} profile); elsewhere this test is skipped.
 */
class FingerprintVectorsTest {
  private static final Path DOC = Path.of("..", "docs", "protocol.md");
  private static final Pattern ROW =
      Pattern.compile("^\\| `(\\w+)` \\| `([^`]+)` \\| `([0-9a-f]{16})` \\|$", Pattern.MULTILINE);

  /** One row: an rpc of the vectors' service, its canonical form and its fingerprint. */
  private record Vector(String rpc, String canonical, String fingerprint) {}

  @Test
  void everyVectorOfTheDocMatches(@TempDir Path out) throws Exception {
    String protoc = System.getProperty("nanite.protoc");
    Assumptions.assumeTrue(protoc != null && Files.isRegularFile(Path.of(protoc)),
        "no protoc for this machine");
    String section = vectorsSection(Files.readString(DOC, StandardCharsets.UTF_8));
    Map<String, Vector> vectors = rows(section);
    assertFalse(vectors.isEmpty(), "no rows in the doc's test vectors");

    FileDescriptor file = compile(Path.of(protoc), proto(section), out);
    List<MethodDescriptor> methods = file.getServices().get(0).getMethods();
    assertEquals(vectors.keySet(), methods.stream().map(MethodDescriptor::getName)
        .collect(Collectors.toCollection(LinkedHashSet::new)),
        "a row for each rpc of the vectors' service, in order");
    for (MethodDescriptor method : methods) {
      Vector vector = vectors.get(method.getName());
      assertEquals(vector.canonical(),
          Fingerprint.canonical(method.getInputType(), method.getOutputType()), method.getName());
      assertEquals(vector.fingerprint(),
          Fingerprint.of(method.getInputType(), method.getOutputType()), method.getName());
      assertEquals(vector.fingerprint(), Fingerprint.hash(vector.canonical()), method.getName());
    }
  }

  private static String vectorsSection(String doc) {
    int start = doc.indexOf("### Test vectors");
    assertTrue(start >= 0, "docs/protocol.md has no '### Test vectors'");
    int end = doc.indexOf("\n## ", start);
    return doc.substring(start, end < 0 ? doc.length() : end);
  }

  private static String proto(String section) {
    Matcher block = Pattern.compile("```proto\n(.*?)```", Pattern.DOTALL).matcher(section);
    assertTrue(block.find(), "the test vectors have no ```proto block");
    return block.group(1);
  }

  private static Map<String, Vector> rows(String section) {
    Map<String, Vector> rows = new LinkedHashMap<>();
    Matcher row = ROW.matcher(section);
    while (row.find()) {
      rows.put(row.group(1), new Vector(row.group(1), row.group(2), row.group(3)));
    }
    return rows;
  }

  private static FileDescriptor compile(Path protoc, String proto, Path out) throws Exception {
    assertTrue(protoc.toFile().canExecute() || protoc.toFile().setExecutable(true),
        "cannot make " + protoc + " executable");
    Files.writeString(out.resolve("vectors.proto"), proto, StandardCharsets.UTF_8);
    Path descriptors = out.resolve("vectors.desc");
    Process process = new ProcessBuilder(protoc.toString(), "--proto_path=" + out,
        "--descriptor_set_out=" + descriptors, "vectors.proto")
        .redirectErrorStream(true).redirectOutput(out.resolve("protoc.log").toFile()).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("protoc did not finish within 60 s");
    }
    assertEquals(0, process.exitValue(),
        () -> "protoc failed: " + readQuietly(out.resolve("protoc.log")));
    FileDescriptorSet set = FileDescriptorSet.parseFrom(Files.readAllBytes(descriptors));
    FileDescriptor file = FileDescriptor.buildFrom(set.getFile(0), new FileDescriptor[0]);
    assertNotNull(file.findServiceByName("Vectors"), "the vectors' service is Vectors");
    return file;
  }

  private static String readQuietly(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
