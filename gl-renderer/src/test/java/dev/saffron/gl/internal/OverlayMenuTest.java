package dev.saffron.gl.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lwjgl.glfw.GLFW.*;

class OverlayMenuTest {
    private final List<String> done = new ArrayList<>();
    private int zoom = 100;
    private final OverlayMenu menu = new OverlayMenu();

    private OverlayMenu.Page root() {
        return new OverlayMenu.Page("Saffron", List.of(
                OverlayMenu.Item.submenu("Send key", this::keys),
                OverlayMenu.Item.note("a line to read", ""),
                OverlayMenu.Item.repeatable("Zoom in", zoom + "%", () -> zoom += 10),
                OverlayMenu.Item.action("Full screen", "shift+f11", () -> done.add("full screen"))));
    }

    private OverlayMenu.Page keys() {
        return new OverlayMenu.Page("Send key", KeyCombination.menu().stream()
                .map(combination -> OverlayMenu.Item.action(combination.label(), "", () -> done.add(combination.label())))
                .toList());
    }

    @Test
    void theKeysWalkThePagesAndChooseAKeyCombination() {
        menu.open(this::root);
        assertTrue(menu.isOpen());
        assertEquals(0, menu.selected(), "the first item that can be chosen");
        menu.key(GLFW_KEY_RIGHT);
        assertEquals("Send key", menu.page().title());
        assertEquals(0, menu.selected());
        menu.key(GLFW_KEY_DOWN);
        menu.key(GLFW_KEY_DOWN);
        menu.key(GLFW_KEY_ENTER);
        assertEquals(List.of("Ctrl+Alt+F1"), done);
        assertFalse(menu.isOpen(), "an action closes the menu");
        assertNull(menu.page());
    }

    @Test
    void notesAreSkippedAndTheSelectionWraps() {
        menu.open(this::root);
        menu.key(GLFW_KEY_DOWN);
        assertEquals(2, menu.selected(), "the note is skipped");
        menu.key(GLFW_KEY_DOWN);
        menu.key(GLFW_KEY_DOWN);
        assertEquals(0, menu.selected(), "past the end to the start");
        menu.key(GLFW_KEY_UP);
        assertEquals(3, menu.selected());
        menu.key(GLFW_KEY_HOME);
        assertEquals(0, menu.selected());
        menu.key(GLFW_KEY_END);
        assertEquals(3, menu.selected());
    }

    @Test
    void aRepeatableItemKeepsTheMenuOpenAndShowsItsEffect() {
        menu.open(this::root);
        menu.key(GLFW_KEY_DOWN);
        menu.key(GLFW_KEY_SPACE);
        menu.key(GLFW_KEY_KP_ENTER);
        assertEquals(120, zoom);
        assertTrue(menu.isOpen());
        assertEquals("120%", menu.page().items().get(2).detail(), "the page is made afresh");
        assertEquals(2, menu.selected());
    }

    @Test
    void escapeLeavesTheSubmenuThenTheMenuAndLeftGoesBackToWhereItWas() {
        menu.open(this::root);
        menu.key(GLFW_KEY_ENTER);
        menu.key(GLFW_KEY_LEFT);
        assertEquals("Saffron", menu.page().title());
        assertEquals(0, menu.selected(), "back on Send key");
        menu.key(GLFW_KEY_LEFT);
        assertTrue(menu.isOpen(), "Left on the first page stays");
        menu.key(GLFW_KEY_ENTER);
        menu.key(GLFW_KEY_ESCAPE);
        assertTrue(menu.isOpen());
        menu.key(GLFW_KEY_ESCAPE);
        assertFalse(menu.isOpen());
        assertEquals(List.of(), done);
    }

    @Test
    void thePointerSelectsOnHoverChoosesOnClickAndClosesTheMenuOutside() {
        menu.open(this::root);
        menu.hover(OptionalInt.of(1));
        assertEquals(0, menu.selected(), "a note cannot be selected");
        menu.hover(OptionalInt.of(3));
        assertEquals(3, menu.selected());
        menu.hover(OptionalInt.empty());
        assertEquals(3, menu.selected(), "off the items the selection stays");
        menu.click(OptionalInt.empty(), true);
        assertTrue(menu.isOpen(), "a click on the title does nothing");
        menu.click(OptionalInt.of(1), true);
        assertTrue(menu.isOpen(), "nor one on a note");
        menu.click(OptionalInt.of(3), true);
        assertEquals(List.of("full screen"), done);
        assertFalse(menu.isOpen());

        menu.open(this::root);
        menu.click(OptionalInt.empty(), false);
        assertFalse(menu.isOpen(), "a click outside closes it");
        assertEquals(List.of("full screen"), done);
    }

    @Test
    void aPageWithNothingToChooseHasNoSelectionAndTakesKeysSafely() {
        menu.open(() -> new OverlayMenu.Page("USB devices", List.of(OverlayMenu.Item.note("no devices", ""))));
        assertEquals(-1, menu.selected());
        menu.key(GLFW_KEY_DOWN);
        menu.key(GLFW_KEY_ENTER);
        assertEquals(-1, menu.selected());
        menu.open(() -> new OverlayMenu.Page("empty", List.of()));
        menu.key(GLFW_KEY_UP);
        menu.key(GLFW_KEY_END);
        assertEquals(-1, menu.selected());
    }
}
