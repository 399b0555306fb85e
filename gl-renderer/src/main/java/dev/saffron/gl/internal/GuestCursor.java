package dev.saffron.gl.internal;

import dev.saffron.spice.CursorShape;
import dev.saffron.spice.MouseMode;

/**
 * The guest's cursor as the cursor channel describes it (shape, position, visibility), and how the window
 * shows it: in client mouse mode it becomes the host pointer's look; in server mode the window draws it into
 * the picture at the guest's position, over the host's plain arrow. Window thread only.
 */
public final class GuestCursor {
    /** How the host pointer looks over the window. */
    public enum HostPointer {
        /** The window holds the pointer, which is hidden and does not move: nothing to change. */
        GRABBED,
        /** Client mode with a guest that hides its cursor. */
        HIDDEN,
        /** Client mode: the guest's shape, or the plain arrow before the guest sent one. */
        GUEST_SHAPE,
        /** Server mode: the plain arrow, the guest's cursor being drawn in the picture. */
        ARROW
    }

    private CursorShape shape;
    private boolean visible;
    private int x;
    private int y;

    /** The guest set a new shape, shown at the next move. */
    public void shapeSet(CursorShape newShape) {
        shape = newShape;
    }

    /** The guest's cursor moved, and is shown or hidden as the cursor channel says. */
    public void moved(int newX, int newY, boolean nowVisible) {
        x = newX;
        y = newY;
        visible = nowVisible;
    }

    /** The guest hid its cursor. */
    public void hidden() {
        visible = false;
    }

    /** The cursor channel forgot its shape (after a migration or reset). */
    public void reset() {
        shape = null;
        visible = false;
    }

    /** @return how the host pointer should look now */
    public HostPointer hostPointer(MouseMode mode, boolean grabbed) {
        if (grabbed) {
            return HostPointer.GRABBED;
        }
        if (mode == MouseMode.CLIENT) {
            return shape != null && !visible ? HostPointer.HIDDEN : HostPointer.GUEST_SHAPE;
        }
        return HostPointer.ARROW;
    }

    /** @return whether the window draws the cursor into the picture, at {@link #x()}, {@link #y()} */
    public boolean drawnInPicture(MouseMode mode) {
        return mode == MouseMode.SERVER && visible && shape != null;
    }

    /** @return the hot spot's guest x */
    public int x() {
        return x;
    }

    /** @return the hot spot's guest y */
    public int y() {
        return y;
    }
}
