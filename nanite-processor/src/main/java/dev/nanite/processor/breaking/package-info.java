/**
 * The breaking-change check: each actor's schema compared with the previous release's, read from
 * the places {@code -Ananite.previous} names. Internal to the processor.
 */
package dev.nanite.processor.breaking;
