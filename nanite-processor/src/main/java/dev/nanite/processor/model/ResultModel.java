package dev.nanite.processor.model;

import com.squareup.javapoet.TypeName;

/**
 * What an exposed method returns.
 *
 * @param valueType the boxed type the caller receives ({@code Void} when there is no value)
 * @param wire how the value travels, or null when there is none ({@code void}, {@code Void})
 * @param async whether the method returns a {@code CompletableFuture} or {@code CompletionStage}
 * @param returnsVoid whether the Java method is declared {@code void}
 */
public record ResultModel(TypeName valueType, WireType wire, boolean async, boolean returnsVoid) {}
