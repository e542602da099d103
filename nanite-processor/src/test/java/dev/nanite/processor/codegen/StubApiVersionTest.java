package dev.nanite.processor.codegen;

import static com.google.common.truth.Truth.assertThat;

import dev.nanite.internal.dispatch.StubVersions;
import dev.nanite.stub.StubApi;
import org.junit.jupiter.api.Test;

/** The processor generates for the stub API of the runtime it is built with. */
class StubApiVersionTest {
  @Test
  void theProcessorGeneratesForTheRuntimesStubApi() {
    assertThat(RuntimeNames.STUB_API_VERSION).isEqualTo(StubApi.VERSION);
  }

  /** Both come from the same build, so an index names the version a user can rebuild with. */
  @Test
  void theIndexNamesTheProcessorsVersion() {
    assertThat(IndexRecords.PROCESSOR_VERSION).isEqualTo(StubVersions.RUNTIME);
    assertThat(IndexRecords.STUB_API)
        .isEqualTo("stub-api\t" + StubApi.VERSION + "\t" + StubVersions.RUNTIME + "\n");
  }
}
