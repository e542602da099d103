package dev.nanite.spring.autoconfigure;

import dev.nanite.Mapper;

/**
 * Changes the auto-configured mapper's builder before it starts (TLS, an interceptor, an
 * observer...), and sees the mapper once it has. Every bean of this type is applied, in
 * {@code @Order}.
 */
@FunctionalInterface
public interface NaniteMapperCustomizer {
  /** Changes {@code builder}, which the {@code nanite.*} properties have set already. */
  void customize(Mapper.Builder builder);

  /** Called with the mapper once it has started; does nothing unless overridden. */
  default void started(Mapper mapper) {}
}
