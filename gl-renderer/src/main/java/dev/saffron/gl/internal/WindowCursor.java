package dev.saffron.gl.internal;

import dev.saffron.spice.CursorShape;
import org.lwjgl.glfw.GLFWImage;
import org.lwjgl.system.MemoryUtil;

import java.nio.ByteBuffer;

import static org.lwjgl.glfw.GLFW.*;

/**
 * The host pointer over the window, set as {@link GuestCursor} decides. Owns the GLFW cursor made from the
 * guest's shape, destroyed when the shape changes and on {@link #close}. Window thread only.
 */
public final class WindowCursor implements AutoCloseable {
    private final long window;
    private long glfwCursor = MemoryUtil.NULL;

    /** @param window the GLFW window */
    public WindowCursor(long window) {
        this.window = window;
    }

    /** Makes the guest's new shape the host pointer's, for client mode; an empty shape leaves the arrow. */
    public void shapeSet(CursorShape shape) {
        destroyCursor();
        if (shape.width() > 0 && shape.height() > 0) {
            glfwCursor = createGlfwCursor(shape);
        }
    }

    /** Sets the host pointer's look. */
    public void apply(GuestCursor.HostPointer look) {
        switch (look) {
            case GRABBED -> {
            }
            case HIDDEN -> glfwSetInputMode(window, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);
            case GUEST_SHAPE -> {
                glfwSetInputMode(window, GLFW_CURSOR, GLFW_CURSOR_NORMAL);
                glfwSetCursor(window, glfwCursor);
            }
            case ARROW -> {
                glfwSetInputMode(window, GLFW_CURSOR, GLFW_CURSOR_NORMAL);
                glfwSetCursor(window, MemoryUtil.NULL);
            }
        }
    }

    /** Destroys the GLFW cursor; call before the window goes. */
    @Override
    public void close() {
        destroyCursor();
    }

    private void destroyCursor() {
        if (glfwCursor != MemoryUtil.NULL) {
            glfwSetCursor(window, MemoryUtil.NULL);
            glfwDestroyCursor(glfwCursor);
            glfwCursor = MemoryUtil.NULL;
        }
    }

    private static long createGlfwCursor(CursorShape shape) {
        int[] argb = shape.argb();
        ByteBuffer rgba = MemoryUtil.memAlloc(argb.length * 4);
        try (GLFWImage image = GLFWImage.malloc()) {
            for (int pixel : argb) {
                rgba.put((byte) (pixel >>> 16)).put((byte) (pixel >>> 8)).put((byte) pixel).put((byte) (pixel >>> 24));
            }
            rgba.flip();
            image.set(shape.width(), shape.height(), rgba);
            return glfwCreateCursor(image, Math.min(shape.hotX(), shape.width() - 1),
                    Math.min(shape.hotY(), shape.height() - 1));
        } finally {
            MemoryUtil.memFree(rgba);
        }
    }
}
