package dev.nanite.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The terminal side of the shell: JLine reads lines with a prompt and keeps their history. */
class JLineSourceTest {
  @TempDir
  Path dir;

  @Test
  void readsLinesWithAPromptAndKeepsTheirHistoryInAFile() throws Exception {
    Path history = dir.resolve("history");
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    try (JLineSource source = JLineSource.over(
        new ByteArrayInputStream("agents\nrequest /mock/list\n".getBytes(StandardCharsets.UTF_8)),
        screen, history, () -> List.of("/mock/list"))) {
      assertEquals("agents", source.readLine());
      assertEquals("request /mock/list", source.readLine());
      assertNull(source.readLine(), "the end of input ends the shell");
    }
    assertTrue(screen.toString(StandardCharsets.UTF_8).contains(JLineSource.PROMPT));
    List<String> saved = Files.readAllLines(history);
    assertEquals(2, saved.size(), saved.toString());
    assertTrue(saved.get(0).endsWith("agents"), saved.toString());
    assertTrue(saved.get(1).endsWith("request /mock/list"), saved.toString());
  }
}
