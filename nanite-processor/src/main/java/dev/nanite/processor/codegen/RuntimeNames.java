package dev.nanite.processor.codegen;

import com.squareup.javapoet.ClassName;

/**
 * The runtime types generated code refers to (the processor does not link against them): the
 * public API in {@code dev.nanite} and the stub API in {@code dev.nanite.stub}, never the
 * runtime's internal packages.
 */
final class RuntimeNames {
  private RuntimeNames() {}

  private static final String STUB = "dev.nanite.stub";

  /**
   * The version of the stub API ({@code dev.nanite.stub.StubApi.VERSION}) this processor
   * generates code for, which the code records and the runtime checks. Raise it with every
   * change to what generated code needs of the stub API that an older runtime lacks.
   */
  static final int STUB_API_VERSION = 1;

  static final ClassName ENDPOINT = ClassName.get("dev.nanite", "Endpoint");
  static final ClassName REQUESTER = ClassName.get("dev.nanite", "Requester");
  static final ClassName SELECTOR = ClassName.get("dev.nanite", "Selector");
  static final ClassName SELECTOR_SINGLE = SELECTOR.nestedClass("Single");
  static final ClassName SELECTOR_ALL = SELECTOR.nestedClass("All");
  static final ClassName CALL_OPTIONS = ClassName.get("dev.nanite", "CallOptions");
  static final ClassName REPLIES = ClassName.get("dev.nanite", "Replies");

  static final ClassName ARGS = ClassName.get(STUB, "Args");
  static final ClassName CODECS = ClassName.get(STUB, "Codecs");
  static final ClassName FIELDS = ClassName.get(STUB, "Fields");
  static final ClassName MESSAGE_CODEC = ClassName.get(STUB, "MessageCodec");
  static final ClassName VALUE_CODEC = ClassName.get(STUB, "ValueCodec");
  static final ClassName DISPATCH_TABLE = ClassName.get(STUB, "DispatchTable");
  static final ClassName STUB_API = ClassName.get(STUB, "StubApi");

  static final ClassName COMPLETABLE_FUTURE =
      ClassName.get("java.util.concurrent", "CompletableFuture");
  static final ClassName COMPLETION_STAGE =
      ClassName.get("java.util.concurrent", "CompletionStage");
  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
}
