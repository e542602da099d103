package dev.nanite.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.nanite.processor.validation.Errors;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The wording convention of {@link Errors}, checked for texts added later too: a diagnostic
 * names what it is about and, after a semicolon, says how to fix it.
 */
class ErrorsTest {
  /** A format argument: the element, type or path the message is about. */
  private static final Pattern ARGUMENT = Pattern.compile("%(\\d+\\$)?s");

  @Test
  void everyDiagnosticNamesItsSubjectAndTheFix() throws IllegalAccessException {
    List<String> checked = new ArrayList<>();
    for (Field field : Errors.class.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers()) || field.getType() != String.class
          || field.getName().equals("SUPPORTED_TYPES")) {
        continue;
      }
      String text = (String) field.get(null);
      assertWithMessage("%s names its subject", field.getName())
          .that(ARGUMENT.matcher(text).find()).isTrue();
      assertWithMessage("%s says how to fix it, after a semicolon", field.getName())
          .that(text).containsMatch("; [a-z]");
      checked.add(field.getName());
    }
    assertThat(checked).containsAtLeast("ACTOR_KIND", "EXPOSE_NOT_PUBLIC", "UNSUPPORTED_RESULT");
  }

  /** The unsupported-type errors list what is supported, so that the fix is in the message. */
  @Test
  void unsupportedTypeErrorsListTheSupportedKinds() {
    assertThat(Errors.UNSUPPORTED_PARAMETER).endsWith(Errors.SUPPORTED_TYPES);
    assertThat(Errors.UNSUPPORTED_RESULT).contains(Errors.SUPPORTED_TYPES);
  }
}
