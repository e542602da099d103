package shop;

import dev.nanite.annotations.Actor;
import dev.nanite.annotations.Expose;

/** Version 3 (RollingUpgradeTest): the quantity became a String, an incompatible change. */
@Actor
public class Stock {
  public enum Grade { NEW, USED }

  public record Item(String sku, String quantity, Grade grade) {}

  @Expose(idempotent = true)
  public String describe(Item item) {
    return "v3 " + item.sku() + " x" + item.quantity() + " " + item.grade();
  }

  @Expose(idempotent = true)
  public Item reserve(Item item) {
    return item;
  }
}
