package dev.nanite.processor.roundtrip;

import dev.nanite.Endpoint;
import dev.nanite.Marshaller;
import dev.nanite.processor.fixtures.roundtrip.EchoProtocol;
import dev.nanite.processor.fixtures.roundtrip.NestingProtocol;
import java.util.List;
import java.util.stream.Stream;

/** Every case of both fixture actors, and every endpoint the processor generated for them. */
final class AllCases {
  private AllCases() {}

  static Stream<Case> cases() {
    return Stream.concat(EchoCases.ALL.stream(), NestingCases.ALL.stream());
  }

  static List<Endpoint<?, ?>> endpoints() {
    return Stream.concat(EchoProtocol.endpoints().stream(), NestingProtocol.endpoints().stream())
        .toList();
  }

  /** The response marshaller of a case, for values generated without a static type. */
  @SuppressWarnings("unchecked")
  static Marshaller<Object> response(Case c) {
    return (Marshaller<Object>) c.endpoint().responseMarshaller();
  }
}
