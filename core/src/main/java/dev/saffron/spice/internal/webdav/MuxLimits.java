package dev.saffron.spice.internal.webdav;

import java.time.Duration;

/**
 * What the mux holds at most. The wire has no flow control per guest connection: the only brake on the guest is
 * to stop reading the channel, which stops every connection. So the mux buffers a little per connection, stops
 * reading while one connection's buffer is full, and ends that connection if its server does not make room
 * within {@code stallLimit}, rather than let one idle server hold up all the others for good.
 *
 * @param inboundBuffer bytes from the guest buffered per connection before the channel stops reading
 * @param outboundInFlight bytes per connection queued for the guest before the server's writes block
 * @param maxClients    guest connections served at once; more are closed as they open
 * @param stallLimit    how long the channel waits for a connection's server to read before ending it
 */
public record MuxLimits(int inboundBuffer, int outboundInFlight, int maxClients, Duration stallLimit) {
    /** The frame payload is a u16 size, so one frame never needs more than this. */
    public static final int MAX_FRAME_DATA = 0xFFFF;

    /** Limits for a session: 256 KiB each way per connection, 64 connections (16 MiB each way at most). */
    public static final MuxLimits DEFAULT = new MuxLimits(256 * 1024, 256 * 1024, 64, Duration.ofSeconds(30));

    public MuxLimits {
        if (inboundBuffer < MAX_FRAME_DATA || outboundInFlight < MAX_FRAME_DATA) {
            throw new IllegalArgumentException("each buffer must hold at least one whole frame ("
                    + MAX_FRAME_DATA + " bytes)");
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("at least one client, not " + maxClients);
        }
        if (stallLimit.isNegative() || stallLimit.isZero()) {
            throw new IllegalArgumentException("stall limit must be positive");
        }
    }
}
