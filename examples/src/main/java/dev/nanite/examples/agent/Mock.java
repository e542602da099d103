package dev.nanite.examples.agent;

import dev.nanite.annotations.Actor;
import dev.nanite.annotations.Expose;
import java.util.List;

/** The seed's Mock actor: {@code /mock/list} answers {@code [1, 2, 3]}, filtered. */
@Actor
public class Mock {
  /** Advertised as {@code /mock/list}; idempotent, as it only reads. */
  @Expose(idempotent = true)
  public List<Integer> list(String filter) {
    List<Integer> all = List.of(1, 2, 3);
    if (filter == null || filter.isEmpty()) {
      return all;
    }
    return all.stream().filter(i -> String.valueOf(i).contains(filter)).toList();
  }
}
