/**
 * The validated description of an actor that the code writers work from: the writers never see
 * an element that failed validation. Internal to the processor.
 */
package dev.nanite.processor.model;
