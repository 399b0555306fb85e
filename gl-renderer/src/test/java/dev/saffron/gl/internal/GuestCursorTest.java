package dev.saffron.gl.internal;

import dev.saffron.spice.CursorShape;
import dev.saffron.spice.CursorType;
import dev.saffron.spice.MouseMode;
import org.junit.jupiter.api.Test;

import static dev.saffron.gl.internal.GuestCursor.HostPointer.ARROW;
import static dev.saffron.gl.internal.GuestCursor.HostPointer.GRABBED;
import static dev.saffron.gl.internal.GuestCursor.HostPointer.GUEST_SHAPE;
import static dev.saffron.gl.internal.GuestCursor.HostPointer.HIDDEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuestCursorTest {
    private static final CursorShape ARROW_SHAPE =
            new CursorShape(CursorType.ALPHA, 2, 2, 0, 0, new int[] {-1, -1, -1, -1});

    private final GuestCursor cursor = new GuestCursor();

    @Test
    void clientModeShowsTheGuestShapeUnlessTheGuestHidesIt() {
        assertEquals(GUEST_SHAPE, cursor.hostPointer(MouseMode.CLIENT, false), "no shape yet: the plain arrow");
        cursor.shapeSet(ARROW_SHAPE);
        assertEquals(HIDDEN, cursor.hostPointer(MouseMode.CLIENT, false), "a shape not yet moved is hidden");
        cursor.moved(5, 6, true);
        assertEquals(GUEST_SHAPE, cursor.hostPointer(MouseMode.CLIENT, false));
        cursor.hidden();
        assertEquals(HIDDEN, cursor.hostPointer(MouseMode.CLIENT, false));
        assertFalse(cursor.drawnInPicture(MouseMode.CLIENT));
    }

    @Test
    void serverModeDrawsTheVisibleCursorInThePictureOverThePlainArrow() {
        cursor.shapeSet(ARROW_SHAPE);
        cursor.moved(7, 8, true);
        assertEquals(ARROW, cursor.hostPointer(MouseMode.SERVER, false));
        assertTrue(cursor.drawnInPicture(MouseMode.SERVER));
        assertEquals(7, cursor.x());
        assertEquals(8, cursor.y());
        assertEquals(GRABBED, cursor.hostPointer(MouseMode.SERVER, true));
        cursor.moved(9, 9, false);
        assertFalse(cursor.drawnInPicture(MouseMode.SERVER), "the guest hid it");
    }

    @Test
    void aResetForgetsTheShape() {
        cursor.shapeSet(ARROW_SHAPE);
        cursor.moved(1, 1, true);
        cursor.reset();
        assertFalse(cursor.drawnInPicture(MouseMode.SERVER));
        assertEquals(GUEST_SHAPE, cursor.hostPointer(MouseMode.CLIENT, false), "back to the plain arrow");
    }
}
