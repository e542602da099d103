package dev.nanite.processor;

import static com.google.common.truth.Truth.assertThat;

import com.google.protobuf.ByteString;
import dev.nanite.Endpoint;
import dev.nanite.internal.dispatch.Dispatcher;
import dev.nanite.processor.fixtures.Shapes.Color;
import dev.nanite.processor.fixtures.Shapes.Node;
import dev.nanite.processor.fixtures.Shapes;
import dev.nanite.processor.fixtures.ShapesDispatch;
import dev.nanite.processor.fixtures.ShapesProtocol;
import dev.nanite.stub.Args;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Runs code the processor generated for the fixture {@link Shapes} (this module's test sources
 * are compiled with it): a request encoded with a protocol endpoint, dispatched by id to the
 * actor, and its response decoded, as a mapper and an agent would, minus the broker.
 */
class RoundTripTest {
  private static final Node LEAF = new Node("leaf", Color.GREEN, List.of(), Optional.empty());
  private static final Node TREE = new Node("root", Color.RED,
      List.of(LEAF, new Node("inner", Color.RED, List.of(LEAF), Optional.of(LEAF))),
      Optional.empty());

  private final ShapesDispatch table = new ShapesDispatch();
  private final Dispatcher<Shapes> dispatcher = Dispatcher.of(table);

  @Test
  void recursiveRecordsTravelThroughTheGeneratedCodecs() throws Exception {
    assertThat(call(ShapesProtocol.MIRROR, Args.of(TREE))).isEqualTo(TREE);
  }

  @Test
  void enumsInCollectionsAndMapsTravelToo() throws Exception {
    assertThat(call(ShapesProtocol.COLORS, Args.of(List.of(TREE, LEAF))))
        .isEqualTo(Map.of("root", List.of(Color.GREEN, Color.RED), "leaf", List.of()));
  }

  private <R> R call(Endpoint<Args, R> endpoint, Args args) throws Exception {
    ByteString request = endpoint.requestMarshaller().encode(args);
    ByteString response =
        dispatcher.call(table.newActor(), dispatcher.id(endpoint.path()), request).get();
    return endpoint.responseMarshaller().decode(response);
  }
}
