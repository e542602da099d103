/**
 * Spring Boot auto-configuration for Nanite: a {@code Mapper} bean, typed client beans and an
 * agent hosting the application's actor beans, set up from {@code nanite.*} properties.
 */
package dev.nanite.spring.autoconfigure;
