package dev.saffron.spice;

import dev.saffron.spice.internal.display.DisplayEngine;
import dev.saffron.spice.internal.display.GlScanoutFrame;

import java.io.IOException;
import java.util.Optional;

/**
 * A GL scanout the server sent (protocol reference §4.9): a single-plane 32-bit buffer, usually a dma-buf the
 * guest's GPU renders into, which an embedder can import with {@code EGL_EXT_image_dma_buf_import}. The display
 * channel also copies it into its primary surface on the CPU, so surfaces, screenshots and windows work without
 * any import. This object only describes the scanout; the descriptor stays the channel's until an embedder asks
 * for a duplicate of its own.
 */
public final class GlScanout {
    private final GlScanoutFrame frame;
    private final DisplayEngine engine;
    private final long generation;

    GlScanout(GlScanoutFrame frame, DisplayEngine engine, long generation) {
        this.frame = frame;
        this.engine = engine;
        this.generation = generation;
    }

    public int width() {
        return frame.width();
    }

    public int height() {
        return frame.height();
    }

    /** @return bytes from one row to the next, plane 0 */
    public int stride() {
        return frame.stride();
    }

    /** @return where plane 0 starts in the buffer: always 0 for GL_SCANOUT_UNIX */
    public int offset() {
        return 0;
    }

    /** @return the DRM fourcc, such as {@code XR24} (0x34325258) for XRGB8888 */
    public int fourcc() {
        return frame.fourcc();
    }

    /** @return the DRM format modifier; GL_SCANOUT_UNIX names none, so DRM_FORMAT_MOD_INVALID (implicit layout) */
    public long modifier() {
        return frame.modifier();
    }

    /** @return whether row 0 is the picture's top; otherwise it is the bottom and a GL renderer flips */
    public boolean y0Top() {
        return frame.y0Top();
    }

    /**
     * Duplicates the scanout's descriptor for the caller.
     *
     * @return a descriptor the caller owns and must close, or empty when the channel already moved on to another
     *         scanout (or none), whose own event follows
     * @throws IOException if the process has no descriptor left
     */
    public Optional<ScanoutDescriptor> duplicateDescriptor() throws IOException {
        return engine.duplicateGlDescriptor(generation).map(ScanoutDescriptor::new);
    }

    @Override
    public String toString() {
        return "GlScanout[" + width() + "x" + height() + ", stride " + stride() + ", fourcc "
                + String.format("0x%08x", fourcc()) + (y0Top() ? ", y0 top" : ", y0 bottom") + "]";
    }
}
