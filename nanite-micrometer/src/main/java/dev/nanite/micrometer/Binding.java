package dev.nanite.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The registries a binder was bound to and the mapper or agent it monitors, which come in
 * either order: a framework binds every {@code MeterBinder} when it starts, the application
 * may start its mapper later. Once both are known, {@code register} adds the meters that read
 * the monitored object to each registry.
 */
final class Binding<T> {
  private final String what;
  private final BiConsumer<MeterRegistry, T> register;
  private final List<MeterRegistry> registries = new ArrayList<>();
  private T monitored;

  Binding(String what, BiConsumer<MeterRegistry, T> register) {
    this.what = what;
    this.register = register;
  }

  /** Adds a registry, with the monitored object's meters if it is known. */
  synchronized void bind(MeterRegistry registry) {
    registries.add(registry);
    if (monitored != null) {
      register.accept(registry, monitored);
    }
  }

  /**
   * Sets the monitored object and adds its meters to the registries bound so far.
   *
   * @throws IllegalStateException if another one is monitored already: gauges of the same
   *     names would keep reading the first
   */
  synchronized void monitor(T target) {
    Objects.requireNonNull(target, what);
    if (monitored == target) {
      return;
    }
    if (monitored != null) {
      throw new IllegalStateException("these metrics monitor a " + what + " already: create one"
          + " metrics object per " + what + ", each with tags that tell them apart");
    }
    monitored = target;
    for (MeterRegistry registry : registries) {
      register.accept(registry, target);
    }
  }
}
