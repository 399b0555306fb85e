package dev.saffron.spice;

import dev.saffron.spice.spi.PassedDescriptor;

/**
 * A duplicate of a GL scanout's file descriptor (a dma-buf or memfd), made for one embedder by
 * {@link GlScanout#duplicateDescriptor()}. The embedder owns it: it stays valid whatever the channel does, and
 * the embedder closes it, once, when it has imported the buffer (EGL keeps its own reference) or no longer needs
 * it.
 */
public final class ScanoutDescriptor implements AutoCloseable {
    private final PassedDescriptor descriptor;

    ScanoutDescriptor(PassedDescriptor descriptor) {
        this.descriptor = descriptor;
    }

    /**
     * @return the descriptor's number, for {@code eglCreateImage}'s {@code EGL_DMA_BUF_PLANE0_FD_EXT}
     * @throws IllegalStateException after {@link #close()}
     */
    public int fd() {
        return descriptor.fd();
    }

    /** Closes the descriptor; idempotent. */
    @Override
    public void close() {
        descriptor.close();
    }
}
