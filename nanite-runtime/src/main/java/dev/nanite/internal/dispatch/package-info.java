/**
 * Dispatch: the generated half ({@code *Dispatch} classes, subclasses of the stub API's {@code
 * DispatchTable}) maps a method id to a direct call on the actor; this package decodes, encodes,
 * and finds tables through the index the processor writes. Not API.
 */
package dev.nanite.internal.dispatch;
