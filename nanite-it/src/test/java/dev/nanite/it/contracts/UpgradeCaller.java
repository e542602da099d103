package dev.nanite.it.contracts;

import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.Selector;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What RollingUpgradeTest asks of one version's typed client: each version's {@code
 * shop.Driver}, compiled with that version of the actor, implements it with its own records.
 */
public interface UpgradeCaller {
  /** {@code describe(item)} on the agent {@code selector} picks. */
  CompletableFuture<String> describe(Mapper mapper, Selector.Single selector, CallOptions options);

  /** {@code describe(item)} on every agent, by agent. */
  CompletableFuture<Map<String, String>> describeAll(Mapper mapper, CallOptions options);

  /** {@code reserve(item)}, the record it returns as this version reads it. */
  CompletableFuture<String> reserve(Mapper mapper, Selector.Single selector, CallOptions options);

  /** {@code describe} of an item with an enum constant only this version has. */
  CompletableFuture<String> describeNewest(Mapper mapper, Selector.Single selector,
      CallOptions options);
}
