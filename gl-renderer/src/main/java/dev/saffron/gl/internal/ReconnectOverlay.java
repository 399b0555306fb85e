package dev.saffron.gl.internal;

import java.util.Optional;

import static org.lwjgl.opengl.GL33C.*;

/**
 * What the window lays over the last picture while the session reconnects: a translucent black shade that
 * dims it, and "reconnecting…" in the middle. The text is drawn once per size with {@link OverlayText} and kept
 * in a texture; where no text can be drawn the picture is only dimmed. Created at the first reconnect, so a
 * session that never drops pays nothing for it. Needs a current OpenGL 3.3 core context; window thread only.
 */
final class ReconnectOverlay implements AutoCloseable {
    static final String TEXT = "reconnecting\u2026";
    /** How much of the picture shows through the shade: a third, enough to recognise, plainly not live. */
    private static final int SHADE_ALPHA = 170;
    /** Letters a 20th of the frame's height, within these bounds. */
    private static final int TEXT_HEIGHT_DIVISOR = 20;
    private static final int MIN_TEXT_HEIGHT = 14;
    private static final int MAX_TEXT_HEIGHT = 72;

    private final QuadProgram quad = new QuadProgram();
    private final int shadeTexture;
    private final int textTexture;
    /** The letter height the text texture was drawn for; 0 before it is drawn. */
    private int textDrawnFor;
    private Optional<OverlayText> text = Optional.empty();

    ReconnectOverlay() {
        shadeTexture = glGenTextures();
        glBindTexture(GL_TEXTURE_2D, shadeTexture);
        setSampling();
        glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 1, 1, 0, GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV,
                new int[]{SHADE_ALPHA << 24});
        textTexture = glGenTextures();
        glBindTexture(GL_TEXTURE_2D, textTexture);
        setSampling();
    }

    private static void setSampling() {
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    }

    /** @return the letter height for a frame of that height */
    static int textHeightFor(int framebufferHeight) {
        return Math.clamp(framebufferHeight / TEXT_HEIGHT_DIVISOR, MIN_TEXT_HEIGHT, MAX_TEXT_HEIGHT);
    }

    /** Shades the whole frame drawn so far and puts the text in its middle. */
    void draw(int framebufferWidth, int framebufferHeight) {
        glViewport(0, 0, framebufferWidth, framebufferHeight);
        glEnable(GL_BLEND);
        glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, shadeTexture);
        quad.draw(0, 0, framebufferWidth, framebufferHeight, framebufferWidth, framebufferHeight);
        int letters = textHeightFor(framebufferHeight);
        if (letters != textDrawnFor) {
            textDrawnFor = letters;
            text = OverlayText.render(TEXT, letters);
            text.ifPresent(this::upload);
        }
        if (text.isPresent()) {
            OverlayText shown = text.get();
            // Whole pixels, so that the texture maps one to one and the letters stay sharp.
            int x = Math.max(0, (framebufferWidth - shown.width()) / 2);
            int y = Math.max(0, (framebufferHeight - shown.height()) / 2);
            glBindTexture(GL_TEXTURE_2D, textTexture);
            quad.draw(x, y, shown.width(), shown.height(), framebufferWidth, framebufferHeight);
        }
        glDisable(GL_BLEND);
    }

    private void upload(OverlayText shown) {
        glBindTexture(GL_TEXTURE_2D, textTexture);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
        // ARGB ints are B, G, R, A bytes in memory, as the cursor's are.
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, shown.width(), shown.height(), 0, GL_BGRA,
                GL_UNSIGNED_INT_8_8_8_8_REV, shown.pixelsForUpload());
    }

    @Override
    public void close() {
        glDeleteTextures(shadeTexture);
        glDeleteTextures(textTexture);
        quad.close();
    }
}
