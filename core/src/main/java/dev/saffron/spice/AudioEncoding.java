package dev.saffron.spice;

/** How the server sends (playback) or the client sends (record) audio on the wire. */
public enum AudioEncoding {
    /** Plain PCM, as {@link PcmFormat} describes it. */
    RAW,
    /** One Opus packet per message; both sides need an Opus codec, and the stream is 48 kHz stereo. */
    OPUS
}
