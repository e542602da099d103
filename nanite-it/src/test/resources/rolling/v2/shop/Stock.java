package shop;

import dev.nanite.annotations.Actor;
import dev.nanite.annotations.Expose;

/**
 * Version 2 (RollingUpgradeTest): a record component and an enum constant added at the end,
 * compatible changes.
 */
@Actor
public class Stock {
  public enum Grade { NEW, USED, REFURBISHED }

  public record Item(String sku, int quantity, Grade grade, String note) {}

  @Expose(idempotent = true)
  public String describe(Item item) {
    return "v2 " + item.sku() + " x" + item.quantity() + " " + item.grade() + " note="
        + item.note();
  }

  @Expose(idempotent = true)
  public Item reserve(Item item) {
    return new Item(item.sku(), item.quantity() - 1, item.grade(),
        item.note() == null ? "reserved" : item.note() + ", reserved");
  }
}
