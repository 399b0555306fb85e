package dev.saffron.gl.internal;

import dev.saffron.spice.MouseMode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lwjgl.glfw.GLFW.GLFW_MOUSE_BUTTON_8;
import static org.lwjgl.glfw.GLFW.GLFW_MOUSE_BUTTON_LEFT;
import static org.lwjgl.glfw.GLFW.GLFW_MOUSE_BUTTON_RIGHT;

class PointerInputTest {
    /** A 200x100 guest shown twice its size. */
    private static final Viewport DOUBLED = new Viewport(400, 200, 400, 200, 200, 100);
    private static final int DISPLAY = 0;

    private final RecordingInputs guest = new RecordingInputs();
    private final PointerInput pointer = new PointerInput();

    @Test
    void clientModeSendsEachGuestPixelOnce() {
        pointer.mouseModeChanged(MouseMode.CLIENT);
        pointer.moved(101, 51, DOUBLED, DISPLAY, guest);
        pointer.moved(101.9, 51.9, DOUBLED, DISPLAY, guest);
        pointer.moved(102, 51, DOUBLED, DISPLAY, guest);
        assertEquals(List.of("position 50,25 display 0 held []", "position 51,25 display 0 held []"), guest.take());
    }

    @Test
    void serverModeSendsNothingUntilAClickGrabsAndThatClickStaysWithTheWindow() {
        pointer.moved(10, 10, DOUBLED, DISPLAY, guest);
        assertTrue(pointer.button(GLFW_MOUSE_BUTTON_LEFT, true, guest), "the click asks for the grab");
        assertFalse(pointer.button(GLFW_MOUSE_BUTTON_LEFT, false, guest), "its release asks nothing");
        pointer.scrolled(3, guest);
        assertEquals(List.of(), guest.take());
    }

    @Test
    void grabbedMotionIsScaledToGuestPixelsAndItsFractionsCarriedOver() {
        pointer.grabChanged(true, 100, 100, guest);
        pointer.moved(101, 100, DOUBLED, DISPLAY, guest);
        pointer.moved(102, 100, DOUBLED, DISPLAY, guest);
        pointer.moved(102, 96, DOUBLED, DISPLAY, guest);
        assertEquals(List.of("motion 1,0 held []", "motion 0,-2 held []"), guest.take(),
                "two half-pixel moves make one guest pixel");
    }

    @Test
    void buttonsCarryWhatWasHeldBeforeThemAndUngrabbingReleasesThem() {
        pointer.grabChanged(true, 0, 0, guest);
        pointer.button(GLFW_MOUSE_BUTTON_LEFT, true, guest);
        pointer.button(GLFW_MOUSE_BUTTON_RIGHT, true, guest);
        pointer.button(GLFW_MOUSE_BUTTON_8, true, guest);
        pointer.moved(4, 0, DOUBLED, DISPLAY, guest);
        pointer.grabChanged(false, 4, 0, guest);
        assertEquals(List.of("down LEFT held []", "down RIGHT held [LEFT]", "motion 2,0 held [LEFT, RIGHT]",
                "up LEFT held [LEFT, RIGHT]", "up RIGHT held [RIGHT]"), guest.take());
        assertFalse(pointer.grabbed());
    }

    @Test
    void aReleaseWithoutItsPressIsNotSent() {
        pointer.mouseModeChanged(MouseMode.CLIENT);
        pointer.button(GLFW_MOUSE_BUTTON_LEFT, false, guest);
        assertEquals(List.of(), guest.take());
    }

    @Test
    void wheelStepsBecomeClicksAndFractionsAddUp() {
        pointer.mouseModeChanged(MouseMode.CLIENT);
        pointer.scrolled(0.5, guest);
        assertEquals(List.of(), guest.take());
        pointer.scrolled(0.5, guest);
        pointer.scrolled(-2, guest);
        assertEquals(List.of("down UP held []", "up UP held []", "down DOWN held []", "up DOWN held []",
                "down DOWN held []", "up DOWN held []"), guest.take());
    }

    @Test
    void aModeChangeRestartsMotionFromTheNextEvent() {
        pointer.grabChanged(true, 0, 0, guest);
        pointer.mouseModeChanged(MouseMode.SERVER);
        pointer.moved(50, 50, DOUBLED, DISPLAY, guest);
        pointer.moved(52, 50, DOUBLED, DISPLAY, guest);
        assertEquals(List.of("motion 1,0 held []"), guest.take(), "the jump to 50,50 is not a motion");
    }

    @Test
    void losingTheFocusWithNoGuestOnlyForgetsTheButtons() {
        pointer.mouseModeChanged(MouseMode.CLIENT);
        pointer.button(GLFW_MOUSE_BUTTON_LEFT, true, guest);
        pointer.releaseButtons(null);
        pointer.button(GLFW_MOUSE_BUTTON_LEFT, false, guest);
        assertEquals(List.of("down LEFT held []"), guest.take());
    }
}
