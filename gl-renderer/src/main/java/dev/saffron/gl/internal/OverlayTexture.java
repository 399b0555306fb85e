package dev.saffron.gl.internal;

import org.lwjgl.system.MemoryUtil;

import java.awt.image.BufferedImage;
import java.nio.IntBuffer;

import static org.lwjgl.opengl.GL33C.*;

/**
 * A texture holding a picture painted on the CPU (an ARGB {@link BufferedImage}) to be drawn over the frame, such
 * as the window's menu. Owns its OpenGL texture; needs the window's context current for every call.
 */
public final class OverlayTexture implements AutoCloseable {
    private final int texture;
    private int width;
    private int height;

    /** Makes an empty texture. */
    public OverlayTexture() {
        texture = glGenTextures();
        glBindTexture(GL_TEXTURE_2D, texture);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    }

    /** Replaces the texture's picture with {@code image}, which must be {@link BufferedImage#TYPE_INT_ARGB}. */
    public void upload(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_INT_ARGB) {
            throw new IllegalArgumentException("an overlay is TYPE_INT_ARGB, not type " + image.getType());
        }
        width = image.getWidth();
        height = image.getHeight();
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        // Freed below: an off-heap copy, since an overlay may be larger than the thread's LWJGL stack.
        IntBuffer pixels = MemoryUtil.memAllocInt(argb.length);
        try {
            pixels.put(argb).flip();
            glBindTexture(GL_TEXTURE_2D, texture);
            glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
            glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
            // ARGB ints are B, G, R, A bytes in memory.
            glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV, pixels);
        } finally {
            MemoryUtil.memFree(pixels);
        }
    }

    /** @return the picture's width in pixels; 0 before the first upload */
    public int width() {
        return width;
    }

    /** @return the picture's height in pixels */
    public int height() {
        return height;
    }

    /** Binds the texture to unit 0 for drawing. */
    void bind() {
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, texture);
    }

    @Override
    public void close() {
        glDeleteTextures(texture);
    }
}
