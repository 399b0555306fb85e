package dev.saffron.gl.internal;

import dev.saffron.spice.MouseButton;
import dev.saffron.spice.MouseMode;

import java.util.EnumSet;
import java.util.Set;

import static org.lwjgl.glfw.GLFW.GLFW_MOUSE_BUTTON_4;
import static org.lwjgl.glfw.GLFW.GLFW_MOUSE_BUTTON_5;
import static org.lwjgl.glfw.GLFW.GLFW_MOUSE_BUTTON_LEFT;
import static org.lwjgl.glfw.GLFW.GLFW_MOUSE_BUTTON_MIDDLE;
import static org.lwjgl.glfw.GLFW.GLFW_MOUSE_BUTTON_RIGHT;

/**
 * Turns the window's pointer events into the guest's, by mouse mode. Client mode sends absolute positions in
 * guest pixels, each only once. Server mode sends relative motion, and only while the window holds the pointer:
 * motion is scaled to guest pixels and its fractions carried over, so a slow drag still moves the guest's
 * pointer; the click that takes the pointer stays with the window. Wheel steps become button 4 and 5 clicks.
 * The buttons the guest holds are remembered, so that losing the grab or the focus releases them. Window
 * thread only.
 */
public final class PointerInput {
    private final Set<MouseButton> buttonsHeld = EnumSet.noneOf(MouseButton.class);
    private MouseMode mouseMode = MouseMode.SERVER;
    private boolean grabbed;
    private double lastPointerX = Double.NaN;
    private double lastPointerY;
    private double motionRemainderX;
    private double motionRemainderY;
    private double scrollRemainder;
    private int lastSentX = -1;
    private int lastSentY = -1;

    /** @return the mode the server last announced */
    public MouseMode mouseMode() {
        return mouseMode;
    }

    /** @return whether the window holds the pointer (server mode only) */
    public boolean grabbed() {
        return grabbed;
    }

    /** The server switched mouse modes; motion counts afresh from the next event. */
    public void mouseModeChanged(MouseMode mode) {
        mouseMode = mode;
        lastPointerX = Double.NaN;
    }

    /**
     * The window took or let go of the pointer, which is now at ({@code x}, {@code y}): the first motion after a
     * grab counts from there. Letting go releases the buttons the guest holds.
     *
     * @param inputs the guest, or null while there is none
     */
    public void grabChanged(boolean grab, double x, double y, GuestInputs inputs) {
        grabbed = grab;
        lastPointerX = grab ? x : Double.NaN;
        lastPointerY = y;
        motionRemainderX = 0;
        motionRemainderY = 0;
        if (!grab) {
            releaseButtons(inputs);
        }
    }

    /**
     * The pointer moved to window position ({@code x}, {@code y}).
     *
     * @param viewport how the window shows the guest's display
     * @param display  the guest display the window shows
     */
    public void moved(double x, double y, Viewport viewport, int display, GuestInputs inputs) {
        if (mouseMode == MouseMode.CLIENT) {
            Viewport.GuestPoint point = viewport.toGuest(x, y);
            if (point.x() != lastSentX || point.y() != lastSentY) {
                lastSentX = point.x();
                lastSentY = point.y();
                inputs.position(point.x(), point.y(), display, buttonsHeld);
            }
        } else if (grabbed) {
            if (!Double.isNaN(lastPointerX)) {
                motionRemainderX += viewport.toGuestDeltaX(x - lastPointerX);
                motionRemainderY += viewport.toGuestDeltaY(y - lastPointerY);
                int dx = (int) motionRemainderX;
                int dy = (int) motionRemainderY;
                motionRemainderX -= dx;
                motionRemainderY -= dy;
                if (dx != 0 || dy != 0) {
                    inputs.motion(dx, dy, buttonsHeld);
                }
            }
            lastPointerX = x;
            lastPointerY = y;
        }
    }

    /**
     * A GLFW mouse button went down or up.
     *
     * @return whether the window should take the pointer instead: a press in server mode without the grab,
     *         which the guest does not see, as in spice-gtk
     */
    public boolean button(int glfwButton, boolean pressed, GuestInputs inputs) {
        if (mouseMode == MouseMode.SERVER && !grabbed) {
            return pressed;
        }
        MouseButton button = switch (glfwButton) {
            case GLFW_MOUSE_BUTTON_LEFT -> MouseButton.LEFT;
            case GLFW_MOUSE_BUTTON_RIGHT -> MouseButton.RIGHT;
            case GLFW_MOUSE_BUTTON_MIDDLE -> MouseButton.MIDDLE;
            case GLFW_MOUSE_BUTTON_4 -> MouseButton.SIDE;
            case GLFW_MOUSE_BUTTON_5 -> MouseButton.EXTRA;
            default -> null;
        };
        if (button == null) {
            return false;
        }
        if (pressed) {
            Set<MouseButton> before = Set.copyOf(buttonsHeld);
            buttonsHeld.add(button);
            inputs.buttonPress(button, before);
        } else if (buttonsHeld.contains(button)) {
            Set<MouseButton> before = Set.copyOf(buttonsHeld);
            buttonsHeld.remove(button);
            inputs.buttonRelease(button, before);
        }
        return false;
    }

    /** The wheel turned {@code dy} steps, up when positive; fractions add up across events. */
    public void scrolled(double dy, GuestInputs inputs) {
        if (mouseMode == MouseMode.SERVER && !grabbed) {
            return;
        }
        scrollRemainder += dy;
        while (Math.abs(scrollRemainder) >= 1) {
            MouseButton wheel = scrollRemainder > 0 ? MouseButton.UP : MouseButton.DOWN;
            inputs.buttonPress(wheel, buttonsHeld);
            inputs.buttonRelease(wheel, buttonsHeld);
            scrollRemainder -= Math.signum(scrollRemainder);
        }
    }

    /**
     * Releases every button the guest holds, as when the window loses the focus.
     *
     * @param inputs the guest, or null while there is none (the buttons are only forgotten)
     */
    public void releaseButtons(GuestInputs inputs) {
        // EnumSet copies, so the buttons go up in a fixed order rather than a JVM-run's hash order.
        for (MouseButton button : EnumSet.copyOf(buttonsHeld)) {
            Set<MouseButton> before = EnumSet.copyOf(buttonsHeld);
            buttonsHeld.remove(button);
            if (inputs != null) {
                inputs.buttonRelease(button, before);
            }
        }
    }
}
