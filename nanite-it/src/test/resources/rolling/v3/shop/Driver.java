package shop;

import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.Replies;
import dev.nanite.Selector;
import dev.nanite.it.contracts.UpgradeCaller;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Calls Stock version 3 through its typed client, for RollingUpgradeTest. */
public class Driver implements UpgradeCaller {
  private static final Stock.Item ITEM = new Stock.Item("apple", "3", Stock.Grade.USED);
  private static final Stock.Item NEWEST = null;

  @Override
  public CompletableFuture<String> describe(Mapper mapper, Selector.Single selector,
      CallOptions options) {
    return new StockClient(mapper).describe(ITEM, selector, options);
  }

  @Override
  public CompletableFuture<Map<String, String>> describeAll(Mapper mapper, CallOptions options) {
    return new StockClient(mapper).describe(ITEM, Selector.ALL, options).thenApply(Replies::values);
  }

  @Override
  public CompletableFuture<String> reserve(Mapper mapper, Selector.Single selector,
      CallOptions options) {
    return new StockClient(mapper).reserve(ITEM, selector, options).thenApply(Object::toString);
  }

  @Override
  public CompletableFuture<String> describeNewest(Mapper mapper, Selector.Single selector,
      CallOptions options) {
    if (NEWEST == null) {
      throw new UnsupportedOperationException("version 3 has no constant the others lack");
    }
    return new StockClient(mapper).describe(NEWEST, selector, options);
  }
}
