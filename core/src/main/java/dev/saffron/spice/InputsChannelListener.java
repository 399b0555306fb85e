package dev.saffron.spice;

import java.util.Set;

/** Hears an inputs channel, like spice-gtk's inputs signals; same threading rules as {@link ChannelListener}. */
public interface InputsChannelListener extends ChannelListener {
    /**
     * The server told the guest keyboard's lock state (spice-gtk's {@code inputs-modifiers}): once right after
     * the link, then whenever the guest changes its keyboard LEDs.
     *
     * @param locks the locks that are on, an immutable set
     */
    default void keyLocksChanged(InputsChannel channel, Set<KeyLock> locks) {
    }
}
