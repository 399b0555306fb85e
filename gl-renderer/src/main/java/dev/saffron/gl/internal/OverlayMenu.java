package dev.saffron.gl.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Supplier;

import static org.lwjgl.glfw.GLFW.*;

/**
 * The window's own menu, drawn over the guest's picture since a GL window has no menu bar: pages of items, one
 * selected, worked with the arrow keys, Enter and Esc or with the pointer. An item runs an action (and closes the
 * menu, unless it is one to repeat, such as a zoom step), opens a page, or only says something. Pages are made
 * afresh when shown and on {@link #refresh()}, so they show the state of the moment. Window thread only.
 */
public final class OverlayMenu {
    /**
     * One line of a page.
     *
     * @param label     what the line says
     * @param detail    a second column, such as the item's hotkey or a device's state; may be empty
     * @param action    what choosing it does; null for a line that only says something or opens a page
     * @param submenu   the page choosing it opens; null for none
     * @param staysOpen whether the menu stays open after the action, to show its effect or repeat it
     */
    public record Item(String label, String detail, Runnable action, Supplier<Page> submenu, boolean staysOpen) {
        /** @throws NullPointerException if the label or detail is null */
        public Item {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(detail, "detail");
        }

        /** @return an item that runs {@code action} and closes the menu */
        public static Item action(String label, String detail, Runnable action) {
            return new Item(label, detail, Objects.requireNonNull(action, "action"), null, false);
        }

        /** @return an item that runs {@code action} and leaves the menu open, its page refreshed */
        public static Item repeatable(String label, String detail, Runnable action) {
            return new Item(label, detail, Objects.requireNonNull(action, "action"), null, true);
        }

        /** @return an item that opens a page */
        public static Item submenu(String label, Supplier<Page> page) {
            return new Item(label, ">", null, Objects.requireNonNull(page, "page"), true);
        }

        /** @return a line that cannot be chosen */
        public static Item note(String label, String detail) {
            return new Item(label, detail, null, null, true);
        }

        /** @return whether the item can be chosen */
        public boolean enabled() {
            return action != null || submenu != null;
        }
    }

    /** A page: its title and its items. */
    public record Page(String title, List<Item> items) {
        /** @throws NullPointerException if a field is null */
        public Page {
            Objects.requireNonNull(title, "title");
            items = List.copyOf(items);
        }
    }

    private final Deque<Supplier<Page>> sources = new ArrayDeque<>();
    private final Deque<Integer> parentSelections = new ArrayDeque<>();
    private Page page;
    private int selected = -1;

    /** @return whether the menu is shown */
    public boolean isOpen() {
        return page != null;
    }

    /** Shows the menu at its first page, made by {@code root}. */
    public void open(Supplier<Page> root) {
        sources.clear();
        parentSelections.clear();
        sources.push(Objects.requireNonNull(root, "root"));
        page = root.get();
        selected = firstEnabled(0, 1);
    }

    /** Hides the menu. */
    public void close() {
        sources.clear();
        parentSelections.clear();
        page = null;
        selected = -1;
    }

    /** @return the page shown; null while closed */
    public Page page() {
        return page;
    }

    /** @return the selected item's index on the page, or -1 when no item can be chosen */
    public int selected() {
        return selected;
    }

    /** Makes the page shown afresh, keeping the selection where it still can be. */
    public void refresh() {
        if (page == null) {
            return;
        }
        page = sources.peek().get();
        if (selected >= page.items().size() || selected >= 0 && !page.items().get(selected).enabled()) {
            selected = firstEnabled(0, 1);
        } else if (selected < 0) {
            selected = firstEnabled(0, 1);
        }
    }

    /**
     * A key pressed (or repeated) while the menu is open: arrows move and open or leave pages, Enter or Space
     * chooses, Esc leaves the page (and the menu, from the first page).
     */
    public void key(int glfwKey) {
        if (page == null) {
            return;
        }
        switch (glfwKey) {
            case GLFW_KEY_DOWN, GLFW_KEY_TAB -> move(1);
            case GLFW_KEY_UP -> move(-1);
            case GLFW_KEY_HOME -> selected = firstEnabled(0, 1);
            case GLFW_KEY_END -> selected = firstEnabled(page.items().size() - 1, -1);
            case GLFW_KEY_ENTER, GLFW_KEY_KP_ENTER, GLFW_KEY_SPACE -> choose(selected);
            case GLFW_KEY_RIGHT -> {
                if (selected >= 0 && page.items().get(selected).submenu() != null) {
                    choose(selected);
                }
            }
            case GLFW_KEY_LEFT, GLFW_KEY_BACKSPACE, GLFW_KEY_ESCAPE -> back(glfwKey == GLFW_KEY_ESCAPE);
            default -> {
                // Other keys do nothing while the menu is up; they do not reach the guest either.
            }
        }
    }

    /** The pointer is over item {@code row}, or over no item: an item that can be chosen gets selected. */
    public void hover(OptionalInt row) {
        if (page != null && row.isPresent() && page.items().get(row.getAsInt()).enabled()) {
            selected = row.getAsInt();
        }
    }

    /**
     * A click: on an item chooses it, elsewhere on the menu does nothing, outside it closes the menu.
     *
     * @param row         the item under the pointer, if any
     * @param insideMenu  whether the pointer is on the menu at all
     */
    public void click(OptionalInt row, boolean insideMenu) {
        if (page == null) {
            return;
        }
        if (!insideMenu) {
            close();
        } else if (row.isPresent()) {
            choose(row.getAsInt());
        }
    }

    private void choose(int index) {
        if (index < 0 || index >= page.items().size()) {
            return;
        }
        Item item = page.items().get(index);
        if (!item.enabled()) {
            return;
        }
        selected = index;
        if (item.submenu() != null) {
            parentSelections.push(index);
            sources.push(item.submenu());
            page = item.submenu().get();
            selected = firstEnabled(0, 1);
            return;
        }
        if (item.staysOpen()) {
            item.action().run();
            refresh();
        } else {
            close();
            item.action().run();
        }
    }

    private void back(boolean closeAtRoot) {
        if (sources.size() > 1) {
            sources.pop();
            page = sources.peek().get();
            selected = parentSelections.pop();
            refresh();
        } else if (closeAtRoot) {
            close();
        }
    }

    private void move(int step) {
        int size = page.items().size();
        if (size == 0) {
            return;
        }
        for (int i = 1; i <= size; i++) {
            int candidate = Math.floorMod(selected + step * i, size);
            if (page.items().get(candidate).enabled()) {
                selected = candidate;
                return;
            }
        }
    }

    private int firstEnabled(int from, int step) {
        for (int i = from; i >= 0 && i < page.items().size(); i += step) {
            if (page.items().get(i).enabled()) {
                return i;
            }
        }
        return -1;
    }
}
