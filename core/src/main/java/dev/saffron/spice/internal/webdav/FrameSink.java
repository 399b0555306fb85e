package dev.saffron.spice.internal.webdav;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/** Where the mux's frames for the guest go: the channel's DATA messages, one frame per message. */
@FunctionalInterface
interface FrameSink {
    /**
     * Queues one whole frame; it must reach the guest in one piece, in the order of the calls.
     *
     * @return completes when the frame is written, or fails when it never will be
     */
    CompletableFuture<Void> send(ByteBuffer frame);
}
