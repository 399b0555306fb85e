package dev.saffron.gl.internal;

import java.lang.foreign.MemorySegment;
import java.util.Set;

import static org.lwjgl.opengl.GL33C.*;

/**
 * A texture whose storage is an EGLImage: a dma-buf the guest's GPU rendered (GL scanout) or, for tests where
 * no such buffer exists, another texture of the same context ({@code EGL_KHR_gl_texture_2D_image}). Owns the
 * image and the texture; needs the EGL context current that made it.
 */
public final class EglImageTexture implements AutoCloseable {
    private final Egl egl;
    private final MemorySegment display;
    private final MemorySegment image;
    private final int texture;

    private EglImageTexture(Egl egl, MemorySegment display, MemorySegment image) {
        this.egl = egl;
        this.display = display;
        this.image = image;
        texture = glGenTextures();
        glBindTexture(GL_TEXTURE_2D, texture);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        while (glGetError() != GL_NO_ERROR) {
            // Errors of earlier calls must not be taken for the bind's.
        }
        egl.imageTargetTexture2D(image);
        int error = glGetError();
        if (error != GL_NO_ERROR) {
            glDeleteTextures(texture);
            egl.destroyImage(display, image);
            throw new ImportException(String.format("glEGLImageTargetTexture2DOES failed: GL error 0x%x", error));
        }
    }

    /** Why a buffer could not become a texture. */
    public static final class ImportException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ImportException(String message) {
            super(message);
        }
    }

    /** @return whether the current context is EGL's and its display imports dma-bufs */
    public static boolean canImportDmaBuf(Egl egl) {
        MemorySegment display = egl.currentDisplay();
        return !display.equals(MemorySegment.NULL)
                && egl.extensions(display).contains("EGL_EXT_image_dma_buf_import");
    }

    /** @return whether the current EGL display takes DRM format modifiers with dma-bufs */
    public static boolean takesModifiers(Egl egl) {
        MemorySegment display = egl.currentDisplay();
        return !display.equals(MemorySegment.NULL)
                && egl.extensions(display).contains("EGL_EXT_image_dma_buf_import_modifiers");
    }

    /**
     * Imports a dma-buf; the descriptor in {@code attributes} stays the caller's (EGL takes a reference of its own).
     *
     * @param attributes from {@link DmaBufAttributes#of}
     * @throws ImportException if EGL or GL refuses it, for example a memfd (not a dma-buf) or an unsupported layout
     */
    public static EglImageTexture importDmaBuf(Egl egl, int[] attributes) {
        MemorySegment display = requireDisplay(egl, "EGL_EXT_image_dma_buf_import");
        MemorySegment image = egl.createImage(display, MemorySegment.NULL, Egl.EGL_LINUX_DMA_BUF_EXT,
                MemorySegment.NULL, attributes);
        if (image.equals(MemorySegment.NULL)) {
            throw new ImportException(String.format("eglCreateImageKHR(EGL_LINUX_DMA_BUF_EXT) failed: EGL error 0x%x",
                    egl.error()));
        }
        return new EglImageTexture(egl, display, image);
    }

    /**
     * Makes an EGLImage of a texture of the current context and a new texture over it: the same import path as
     * a dma-buf's from the image on, for machines without one.
     */
    public static EglImageTexture fromTexture(Egl egl, int sourceTexture) {
        MemorySegment display = requireDisplay(egl, "EGL_KHR_gl_texture_2D_image");
        MemorySegment image = egl.createImage(display, egl.currentContext(), Egl.EGL_GL_TEXTURE_2D_KHR,
                MemorySegment.ofAddress(Integer.toUnsignedLong(sourceTexture)), new int[]{Egl.EGL_NONE});
        if (image.equals(MemorySegment.NULL)) {
            throw new ImportException(String.format("eglCreateImageKHR(EGL_GL_TEXTURE_2D_KHR) failed: EGL error 0x%x",
                    egl.error()));
        }
        return new EglImageTexture(egl, display, image);
    }

    private static MemorySegment requireDisplay(Egl egl, String extension) {
        MemorySegment display = egl.currentDisplay();
        if (display.equals(MemorySegment.NULL)) {
            throw new ImportException("the current OpenGL context is not an EGL context");
        }
        Set<String> extensions = egl.extensions(display);
        if (!extensions.contains(extension)) {
            throw new ImportException("the EGL display lacks " + extension);
        }
        return display;
    }

    /** Picks exact sampling for a picture shown at a whole scale (1×, 2×...), smoothed at others; binds the texture. */
    public void setFiltering(boolean nearest) {
        glBindTexture(GL_TEXTURE_2D, texture);
        int filter = nearest ? GL_NEAREST : GL_LINEAR;
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
    }

    /** Binds the texture to unit 0 for drawing. */
    public void bind() {
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, texture);
    }

    @Override
    public void close() {
        glDeleteTextures(texture);
        egl.destroyImage(display, image);
    }
}
