package dev.saffron.gl.internal;

import org.lwjgl.glfw.GLFWVidMode;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;

import java.nio.IntBuffer;

import static org.lwjgl.glfw.GLFW.GLFW_DONT_CARE;
import static org.lwjgl.glfw.GLFW.glfwGetVideoMode;
import static org.lwjgl.glfw.GLFW.glfwGetWindowPos;
import static org.lwjgl.glfw.GLFW.glfwSetWindowMonitor;

/**
 * Whether a GLFW window fills a host monitor, and where it stood before: GLFW forgets a window's position and
 * size when it goes full screen, so leaving needs them. Used on the window's thread only.
 */
public final class FullScreenState {
    private final long window;
    private boolean fullScreen;
    private int[] windowedBounds = new int[4];

    public FullScreenState(long window) {
        this.window = window;
    }

    public boolean isFullScreen() {
        return fullScreen;
    }

    /**
     * Makes the window fill {@code monitor} at its current video mode, remembering the window's bounds.
     *
     * @return false, changing nothing, where the monitor reports no video mode
     */
    public boolean fill(long monitor) {
        GLFWVidMode mode = monitor == MemoryUtil.NULL ? null : glfwGetVideoMode(monitor);
        if (mode == null) {
            return false;
        }
        if (!fullScreen) {
            try (MemoryStack stack = MemoryStack.stackPush()) {
                IntBuffer x = stack.mallocInt(1);
                IntBuffer y = stack.mallocInt(1);
                glfwGetWindowPos(window, x, y);
                int[] size = FramePresenter.windowSize(window);
                windowedBounds = new int[]{x.get(0), y.get(0), size[0], size[1]};
            }
        }
        glfwSetWindowMonitor(window, monitor, 0, 0, mode.width(), mode.height(), mode.refreshRate());
        fullScreen = true;
        return true;
    }

    /** Puts the window back where and as big as it was before {@link #fill}. */
    public void leave() {
        glfwSetWindowMonitor(window, MemoryUtil.NULL, windowedBounds[0], windowedBounds[1], windowedBounds[2],
                windowedBounds[3], GLFW_DONT_CARE);
        fullScreen = false;
    }
}
