/**
 * The call context on an agent's threads ({@code CallContext.current()}) and the cancellation
 * it carries. Not API.
 */
package dev.nanite.internal.context;
