package dev.saffron.gl.internal;

import dev.saffron.spice.GlScanout;
import dev.saffron.spice.ScanoutDescriptor;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * The GL scanout imported as a texture, which the window then draws instead of the surface texture, with the
 * same viewport, scaling, cursor and input mapping. Where the import is not possible (no EGL context, no
 * {@code EGL_EXT_image_dma_buf_import}, a buffer the driver refuses, a memfd), nothing is imported and the
 * window draws the surface, into which the display channel copies every scanout on the CPU. Window thread only.
 */
public final class ScanoutImport implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ScanoutImport.class.getName());

    private final Optional<Egl> egl;
    private EglImageTexture texture;
    private int width;
    private int height;
    private boolean y0Top;
    private String lastReason;

    /** @param egl EGL where the window's context is an EGL context, else empty */
    public ScanoutImport(Optional<Egl> egl) {
        this.egl = Objects.requireNonNull(egl, "egl");
    }

    /** Imports a new scanout, dropping the previous import. */
    public void show(GlScanout scanout) {
        clear();
        if (egl.isEmpty()) {
            fallBack("the window's OpenGL context is not an EGL context");
            return;
        }
        if (!EglImageTexture.canImportDmaBuf(egl.get())) {
            fallBack("the window's EGL display lacks EGL_EXT_image_dma_buf_import");
            return;
        }
        // EGL takes its own reference to the buffer: the duplicate is closed right after the import.
        try (ScanoutDescriptor descriptor = scanout.duplicateDescriptor().orElse(null)) {
            if (descriptor == null) {
                return;
            }
            int[] attributes = DmaBufAttributes.of(scanout.width(), scanout.height(), scanout.fourcc(),
                    descriptor.fd(), scanout.offset(), scanout.stride(), scanout.modifier(),
                    EglImageTexture.takesModifiers(egl.get()));
            texture = EglImageTexture.importDmaBuf(egl.get(), attributes);
            width = scanout.width();
            height = scanout.height();
            y0Top = scanout.y0Top();
            lastReason = null;
            LOG.log(System.Logger.Level.INFO, "showing the GL scanout {0} from its imported dma-buf", scanout);
        } catch (IOException | EglImageTexture.ImportException e) {
            fallBack(e.getMessage());
        }
    }

    /** Logs why the CPU copy is shown, once per reason. */
    private void fallBack(String reason) {
        if (!reason.equals(lastReason)) {
            lastReason = reason;
            LOG.log(System.Logger.Level.INFO, "showing GL scanouts through the CPU copy: {0}", reason);
        }
    }

    /** Drops the import: the scanout is off, or the surface shown is another. */
    public void clear() {
        if (texture != null) {
            texture.close();
            texture = null;
        }
    }

    /** @return the imported texture, if there is one for a picture of this size */
    public Optional<EglImageTexture> texture(int pictureWidth, int pictureHeight) {
        return texture != null && width == pictureWidth && height == pictureHeight ? Optional.of(texture)
                : Optional.empty();
    }

    /** @return whether the imported buffer's row 0 is the picture's top */
    public boolean y0Top() {
        return y0Top;
    }

    @Override
    public void close() {
        clear();
    }
}
