/**
 * Checks {@code @Actor} types and {@code @Expose} methods, reporting every problem on the element
 * at fault, and turns what is valid into a {@link dev.nanite.processor.model.ActorModel}.
 * Internal to the processor.
 */
package dev.nanite.processor.validation;
