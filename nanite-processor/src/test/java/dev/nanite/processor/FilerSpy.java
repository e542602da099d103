package dev.nanite.processor;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * Runs {@link NaniteProcessor} behind a {@link Filer} that records the name of every file it
 * creates, or fails on the first. compile-testing shows generated files only of a compilation that
 * succeeded, and javac's own Filer cannot be made to fail.
 */
final class FilerSpy extends AbstractProcessor {
  private final Processor delegate = new NaniteProcessor();
  private final RuntimeException failure;
  private final List<String> created = new ArrayList<>();

  private FilerSpy(RuntimeException failure) {
    this.failure = failure;
  }

  /** A spy that records what is created. */
  static FilerSpy recording() {
    return new FilerSpy(null);
  }

  /** A spy on which creating any file throws {@code failure}, as a bug in a writer would. */
  static FilerSpy failingWith(RuntimeException failure) {
    return new FilerSpy(failure);
  }

  /** The names of the created files: type names of sources, relative names of resources. */
  List<String> created() {
    return created;
  }

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    Filer filer = proxy(Filer.class, env.getFiler(), (method, args) -> {
      if (method.getName().startsWith("create")) {
        if (failure != null) {
          throw failure;
        }
        // createSourceFile(name, ...), createClassFile(name, ...), createResource(loc, pkg, name)
        created.add(String.valueOf(method.getName().equals("createResource") ? args[2] : args[0]));
      }
      return null;
    });
    delegate.init(proxy(ProcessingEnvironment.class, env,
        (method, args) -> method.getName().equals("getFiler") ? filer : null));
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return delegate.getSupportedAnnotationTypes();
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return delegate.getSupportedSourceVersion();
  }

  @Override
  public Set<String> getSupportedOptions() {
    return delegate.getSupportedOptions();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    return delegate.process(annotations, round);
  }

  /** What a proxy does before forwarding a call: return non-null to answer it instead. */
  private interface Interceptor {
    Object intercept(Method method, Object[] args);
  }

  private static <T> T proxy(Class<T> type, T target, Interceptor interceptor) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (proxy, method, args) -> {
          Object answer = interceptor.intercept(method, args);
          if (answer != null) {
            return answer;
          }
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        }));
  }
}
