package dev.nanite.processor.validation;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/** Reports diagnostics on elements and remembers whether any error was reported. */
public final class Reporter {
  private final Messager messager;
  private int errors;

  public Reporter(Messager messager) {
    this.messager = messager;
  }

  /** Reports an error on {@code element}. */
  public void error(Element element, String format, Object... args) {
    errors++;
    messager.printMessage(Diagnostic.Kind.ERROR, String.format(format, args), element);
  }

  /** Reports an error on an annotation's value, or on the annotation if the value is absent. */
  public void error(
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      String format,
      Object... args) {
    errors++;
    String message = String.format(format, args);
    if (annotation == null) {
      messager.printMessage(Diagnostic.Kind.ERROR, message, element);
    } else if (value == null) {
      messager.printMessage(Diagnostic.Kind.ERROR, message, element, annotation);
    } else {
      messager.printMessage(Diagnostic.Kind.ERROR, message, element, annotation, value);
    }
  }

  /** Reports a warning on {@code element}. */
  public void warning(Element element, String format, Object... args) {
    messager.printMessage(Diagnostic.Kind.WARNING, String.format(format, args), element);
  }

  /** How many errors have been reported so far. */
  public int errorCount() {
    return errors;
  }
}
