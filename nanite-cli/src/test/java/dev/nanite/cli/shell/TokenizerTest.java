package dev.nanite.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {
  @Test
  void splitsOnBlanksAndHonoursQuotes() {
    assertEquals(List.of("request", "/foo/bar", "{\"payload\":\"hi there\"}", "--selector", "all"),
        Tokenizer.split("request /foo/bar '{\"payload\":\"hi there\"}' --selector all"));
    assertEquals(List.of("a b", "c\"d", "e f"), Tokenizer.split("\"a b\" \"c\\\"d\" e\\ f"));
    assertEquals(List.of(), Tokenizer.split("   "));
  }

  @Test
  void takesUnquotedJsonToItsMatchingBracket() {
    assertEquals(List.of("request", "/m/l", "{\"a\": [1, {\"b\": \"}\"}]}", "-s", "all"),
        Tokenizer.split("request /m/l {\"a\": [1, {\"b\": \"}\"}]} -s all"));
    assertEquals(List.of("[1, 2]"), Tokenizer.split("[1, 2]"));
  }

  @Test
  void refusesWhatIsNotClosed() {
    assertEquals("a ' quote is not closed",
        assertThrows(IllegalArgumentException.class, () -> Tokenizer.split("x 'y")).getMessage());
    assertEquals("a \" quote is not closed",
        assertThrows(IllegalArgumentException.class, () -> Tokenizer.split("x \"y")).getMessage());
    assertEquals("the JSON starting at '{\"a\": [1' is not closed",
        assertThrows(IllegalArgumentException.class, () -> Tokenizer.split("{\"a\": [1"))
            .getMessage());
  }
}
