package dev.saffron.gl.internal;

/**
 * Decides when the window shows the last picture dimmed: from the moment the connection drops until the
 * session is connected again and has a picture of its own, so that the window never goes black in between, nor
 * shows the new connection's surface before the server has drawn into it. Window thread only.
 */
final class ReconnectFreeze {
    private boolean frozen;
    private boolean reconnected;
    private boolean surfaceSinceDrop;

    /** The connection dropped; the session tries again. */
    void reconnecting() {
        frozen = true;
        reconnected = false;
        surfaceSinceDrop = false;
    }

    /** A primary surface arrived. */
    void surfaceCreated() {
        if (frozen) {
            surfaceSinceDrop = true;
            thawIfBack();
        }
    }

    /**
     * The session is connected again.
     *
     * @param surfaceLive whether a surface is shown that is still alive: one the session kept across the
     *                    reconnect, which gets no new creation
     */
    void reconnected(boolean surfaceLive) {
        if (frozen) {
            reconnected = true;
            surfaceSinceDrop |= surfaceLive;
            thawIfBack();
        }
    }

    /** The session gave up reconnecting. */
    void abandoned() {
        frozen = false;
    }

    /** @return whether the last picture is to be shown dimmed */
    boolean frozen() {
        return frozen;
    }

    private void thawIfBack() {
        if (reconnected && surfaceSinceDrop) {
            frozen = false;
        }
    }
}
