package dev.saffron.gl.internal;

import dev.saffron.spice.CursorShape;

import java.util.Optional;

import static org.lwjgl.opengl.GL33C.*;

/**
 * Draws a frame: black bars, the guest picture scaled into its {@link Viewport}, the guest's cursor when
 * the window draws it itself, and a progress bar while files are sent. Needs a current OpenGL 3.3 core
 * context; all calls on that context's thread.
 */
public final class Renderer implements AutoCloseable {
    /** The progress bar is a 60th of the frame's height, and never thinner than this. */
    private static final int PROGRESS_MIN_HEIGHT = 6;
    private static final int PROGRESS_HEIGHT_DIVISOR = 60;

    private final QuadProgram quad = new QuadProgram();
    private final SurfaceTexture surface = new SurfaceTexture();
    private final ScanoutImport scanout;
    private final int cursorTexture;
    private CursorShape cursor;

    /**
     * Sets up the program and textures.
     *
     * @param egl EGL where the current context is an EGL context, for importing GL scanouts; else empty
     */
    public Renderer(Optional<Egl> egl) {
        scanout = new ScanoutImport(egl);
        cursorTexture = glGenTextures();
        glBindTexture(GL_TEXTURE_2D, cursorTexture);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
    }

    /** @return the GL scanout's import, drawn instead of the surface texture while it matches the surface */
    public ScanoutImport scanout() {
        return scanout;
    }

    /** @return the texture holding the guest surface */
    public SurfaceTexture surface() {
        return surface;
    }

    /** Sets the cursor image drawn by {@link #draw} when asked to. */
    public void setCursor(CursorShape shape) {
        cursor = shape;
        if (shape.width() == 0 || shape.height() == 0) {
            return;
        }
        glBindTexture(GL_TEXTURE_2D, cursorTexture);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
        // ARGB ints are B, G, R, A bytes in memory, as the surface's pixels are.
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, shape.width(), shape.height(), 0, GL_BGRA,
                GL_UNSIGNED_INT_8_8_8_8_REV, shape.argb());
    }

    /**
     * Draws a frame into the default framebuffer.
     *
     * @param viewport where the picture goes; null to draw only black (no surface yet)
     * @param regionX  the left edge, in the surface, of the part shown (a monitor's, where several share it)
     * @param regionY  the top edge, in the surface, of the part shown
     * @param cursorX  the guest cursor's column within that part, or {@code Integer.MIN_VALUE} not to draw it
     * @param cursorY  the guest cursor's row within that part
     */
    public void draw(Viewport viewport, int regionX, int regionY, int framebufferWidth, int framebufferHeight,
                     int cursorX, int cursorY) {
        glViewport(0, 0, framebufferWidth, framebufferHeight);
        glClearColor(0, 0, 0, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        if (viewport == null || surface.width() == 0) {
            return;
        }
        glDisable(GL_BLEND);
        Optional<EglImageTexture> imported = scanout.texture(surface.width(), surface.height());
        if (imported.isPresent()) {
            imported.get().bind();
            imported.get().setFiltering(viewport.isWholeScale());
        } else {
            surface.setFiltering(viewport.isWholeScale());
            surface.bind();
        }
        boolean cropped = regionX != 0 || regionY != 0 || viewport.guestWidth() != surface.width()
                || viewport.guestHeight() != surface.height();
        if (cropped) {
            // The whole surface is drawn at the picture's scale, shifted so that the part shown fills the picture,
            // and the scissor box keeps the rest off the frame.
            glEnable(GL_SCISSOR_TEST);
            glScissor(viewport.pictureX(), framebufferHeight - viewport.pictureY() - viewport.pictureHeight(),
                    viewport.pictureWidth(), viewport.pictureHeight());
        }
        double scaleX = (double) viewport.pictureWidth() / viewport.guestWidth();
        double scaleY = (double) viewport.pictureHeight() / viewport.guestHeight();
        quad.draw(viewport.pictureX() - regionX * scaleX, viewport.pictureY() - regionY * scaleY,
                surface.width() * scaleX, surface.height() * scaleY, framebufferWidth, framebufferHeight,
                imported.isPresent() && !scanout.y0Top());
        CursorShape shape = cursor;
        if (cursorX != Integer.MIN_VALUE && shape != null && shape.width() > 0 && shape.height() > 0) {
            double scale = viewport.scale();
            glEnable(GL_BLEND);
            glActiveTexture(GL_TEXTURE0);
            glBindTexture(GL_TEXTURE_2D, cursorTexture);
            quad.draw(viewport.toFramebufferX(cursorX - shape.hotX()), viewport.toFramebufferY(cursorY - shape.hotY()),
                    shape.width() * scale, shape.height() * scale, framebufferWidth, framebufferHeight);
            glDisable(GL_BLEND);
        }
        if (cropped) {
            glDisable(GL_SCISSOR_TEST);
        }
    }

    /**
     * Draws a progress bar along the bottom of the frame, over the picture: a dark track and a lit part for
     * the fraction done. Solid rectangles need no shader, so they are cleared into a scissor box.
     */
    public void drawProgress(double fraction, int framebufferWidth, int framebufferHeight) {
        int height = Math.max(PROGRESS_MIN_HEIGHT, framebufferHeight / PROGRESS_HEIGHT_DIVISOR);
        int done = (int) Math.round(Math.clamp(fraction, 0, 1) * framebufferWidth);
        glEnable(GL_SCISSOR_TEST);
        glScissor(0, 0, framebufferWidth, height);
        glClearColor(0.15f, 0.15f, 0.15f, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        if (done > 0) {
            glScissor(0, 0, done, height);
            glClearColor(0.2f, 0.55f, 0.95f, 1);
            glClear(GL_COLOR_BUFFER_BIT);
        }
        glDisable(GL_SCISSOR_TEST);
    }

    /**
     * Draws an overlay's picture over the frame, blended by its alpha, at its own size (one texel per
     * framebuffer pixel, so its text stays sharp).
     */
    public void drawOverlay(OverlayTexture overlay, int x, int y, int framebufferWidth, int framebufferHeight) {
        glEnable(GL_BLEND);
        overlay.bind();
        quad.draw(x, y, overlay.width(), overlay.height(), framebufferWidth, framebufferHeight);
        glDisable(GL_BLEND);
    }

    @Override
    public void close() {
        scanout.close();
        glDeleteTextures(cursorTexture);
        surface.close();
        quad.close();
    }
}
