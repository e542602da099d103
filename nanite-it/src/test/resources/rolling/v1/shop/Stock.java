package shop;

import dev.nanite.annotations.Actor;
import dev.nanite.annotations.Expose;

/** Version 1 of the actor a fleet upgrades (RollingUpgradeTest). */
@Actor
public class Stock {
  public enum Grade { NEW, USED }

  public record Item(String sku, int quantity, Grade grade) {}

  @Expose(idempotent = true)
  public String describe(Item item) {
    return "v1 " + item.sku() + " x" + item.quantity() + " " + item.grade();
  }

  @Expose(idempotent = true)
  public Item reserve(Item item) {
    return new Item(item.sku(), item.quantity() - 1, item.grade());
  }
}
