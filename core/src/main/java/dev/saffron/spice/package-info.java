/**
 * Saffron's SPICE client API: build a {@link dev.saffron.spice.SessionConfig}, open a
 * {@link dev.saffron.spice.SpiceSession}, and listen to its channels.
 */
package dev.saffron.spice;
