/**
 * The mapper side of the fabric: the registry of agents fed by registrations and pings,
 * eviction, selection, and the calls in flight with their deadlines. Not API.
 */
package dev.nanite.internal.mapper;
