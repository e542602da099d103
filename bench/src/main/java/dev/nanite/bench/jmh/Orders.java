package dev.nanite.bench.jmh;

import dev.nanite.annotations.Actor;
import dev.nanite.annotations.Expose;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An actor whose request mixes the shapes real calls carry (strings, a list of records, a map,
 * a number, an optional), so that {@link CodecBenchmark} measures the generated request codec
 * on more than a single string. Never deployed: only its generated {@code OrdersProtocol} is used.
 */
@Actor
public class Orders {
  /** Advertised as {@code /orders/place}; answers an order id. */
  @Expose
  public String place(String customer, List<Line> lines, Map<String, Integer> quantities,
      long when, Optional<String> note) {
    return customer + "-" + when;
  }
}
