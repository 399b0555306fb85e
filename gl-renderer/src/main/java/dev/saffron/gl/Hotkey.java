package dev.saffron.gl;

import dev.saffron.gl.internal.KeyNames;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A key combination in remote-viewer's {@code --hotkeys} syntax: modifiers and at most one key joined by
 * {@code +}, such as {@code shift+f11} or {@code ctrl+alt}. Case does not matter. Immutable.
 */
public final class Hotkey {
    /** The modifier keys a hotkey may hold, either the left or the right one. */
    public enum Modifier {
        /** Shift. */
        SHIFT,
        /** Control ({@code ctrl} or {@code control}). */
        CTRL,
        /** Alt. */
        ALT,
        /** The logo key ({@code super} or {@code meta}). */
        SUPER
    }

    private final Set<Modifier> modifiers;
    private final String key;

    private Hotkey(Set<Modifier> modifiers, String key) {
        this.modifiers = Set.copyOf(modifiers);
        this.key = key;
    }

    /**
     * @param text such as {@code shift+f11}, {@code ctrl+alt+r} or {@code ctrl+alt}
     * @throws IllegalArgumentException if a part is neither a modifier nor a key name, two keys are given, or
     *                                  nothing is
     */
    public static Hotkey parse(String text) {
        Objects.requireNonNull(text, "text");
        Set<Modifier> modifiers = EnumSet.noneOf(Modifier.class);
        String key = null;
        for (String part : text.split("\\+", -1)) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "shift" -> modifiers.add(Modifier.SHIFT);
                case "ctrl", "control" -> modifiers.add(Modifier.CTRL);
                case "alt" -> modifiers.add(Modifier.ALT);
                case "super", "meta" -> modifiers.add(Modifier.SUPER);
                default -> {
                    if (KeyNames.glfwKey(name).isEmpty()) {
                        throw new IllegalArgumentException("'" + part + "' in hotkey '" + text
                                + "' is not a key name (such as f11, a, escape) nor shift, ctrl, alt or super");
                    }
                    if (key != null) {
                        throw new IllegalArgumentException("hotkey '" + text + "' names two keys");
                    }
                    key = name;
                }
            }
        }
        if (key == null && modifiers.size() < 2) {
            throw new IllegalArgumentException("hotkey '" + text + "' needs a key or at least two modifiers");
        }
        return new Hotkey(modifiers, key);
    }

    /** @return the modifiers held, an immutable set */
    public Set<Modifier> modifiers() {
        return modifiers;
    }

    /** @return the key pressed with the modifiers, lower case; empty for a modifiers-only hotkey like ctrl+alt */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Hotkey hotkey && modifiers.equals(hotkey.modifiers)
                && Objects.equals(key, hotkey.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(modifiers, key);
    }

    /** @return the hotkey in the syntax {@link #parse} takes */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Modifier modifier : Modifier.values()) {
            if (modifiers.contains(modifier)) {
                text.append(text.isEmpty() ? "" : "+").append(modifier.name().toLowerCase(Locale.ROOT));
            }
        }
        if (key != null) {
            text.append(text.isEmpty() ? "" : "+").append(key);
        }
        return text.toString();
    }
}
