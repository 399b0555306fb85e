package dev.saffron.spice.internal.protocol;

/**
 * Message numbers, capabilities and constants of the playback and record channels, declared once: their engines
 * and the tests that speak to them both use these. Every field is little-endian, like all of SPICE.
 */
public final class AudioProtocol {
    // Playback, server to client.
    public static final int MSG_PLAYBACK_DATA = 101;
    public static final int MSG_PLAYBACK_MODE = 102;
    public static final int MSG_PLAYBACK_START = 103;
    public static final int MSG_PLAYBACK_STOP = 104;
    public static final int MSG_PLAYBACK_VOLUME = 105;
    public static final int MSG_PLAYBACK_MUTE = 106;
    public static final int MSG_PLAYBACK_LATENCY = 107;

    // Record, server to client.
    public static final int MSG_RECORD_START = 101;
    public static final int MSG_RECORD_STOP = 102;
    public static final int MSG_RECORD_VOLUME = 103;
    public static final int MSG_RECORD_MUTE = 104;

    // Record, client to server.
    public static final int MSGC_RECORD_DATA = 101;
    public static final int MSGC_RECORD_MODE = 102;
    public static final int MSGC_RECORD_START_MARK = 103;

    public static final int PLAYBACK_CAP_VOLUME = 1;
    public static final int PLAYBACK_CAP_LATENCY = 2;
    public static final int PLAYBACK_CAP_OPUS = 3;
    public static final int RECORD_CAP_VOLUME = 1;
    public static final int RECORD_CAP_OPUS = 2;

    public static final int MODE_RAW = 1;
    public static final int MODE_OPUS = 3;
    /** The only sample format SPICE has: signed 16-bit little-endian, channels interleaved. */
    public static final int FORMAT_S16 = 1;

    /**
     * Samples per channel in one record packet, raw or Opus: 10 ms at 48 kHz, as spice-gtk sends them and as
     * spice-server's Opus decoder expects them.
     */
    public static final int RECORD_FRAME_SAMPLES = 480;
    /**
     * The most samples per channel one playback packet may hold: 120 ms at 48 kHz, the longest Opus packet.
     * spice-server sends 10 ms; a packet beyond this is refused rather than buffered.
     */
    public static final int MAX_PACKET_SAMPLES = 5760;
    /** The longest Opus packet accepted: libopus's own recommended bound for one packet. */
    public static final int MAX_OPUS_PACKET_BYTES = 4000;
    public static final int MAX_CHANNELS = 8;
    public static final int MIN_FREQUENCY = 8000;
    public static final int MAX_FREQUENCY = 192_000;
    /** spice-gtk's playback buffering before the server asks for another (its SPICE_PLAYBACK_DEFAULT_LATENCY_MS). */
    public static final int DEFAULT_LATENCY_MS = 200;

    private AudioProtocol() {
    }
}
