package dev.nanite.spring.autoconfigure;

import dev.nanite.Requester;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Import;

/**
 * Registers a bean of each typed client in the application's actors' index, injectable by type,
 * once there is a {@link Requester} (the auto-configured mapper, or the application's own) for
 * them to send through. A separate auto-configuration, after {@link NaniteAutoConfiguration},
 * because a condition on a bean sees only the beans registered before it.
 */
@AutoConfiguration(after = NaniteAutoConfiguration.class)
@ConditionalOnClass(Requester.class)
@ConditionalOnBean(Requester.class)
@Import(NaniteClientRegistrar.class)
public class NaniteClientsAutoConfiguration {}
