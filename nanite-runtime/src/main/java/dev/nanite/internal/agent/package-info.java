/** The agent side of the fabric: routes, the request consumer, pings and lifecycle. Not API. */
package dev.nanite.internal.agent;
