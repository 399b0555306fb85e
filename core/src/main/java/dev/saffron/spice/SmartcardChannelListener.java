package dev.saffron.spice;

/** Hears a smartcard channel; same threading rules as {@link ChannelListener}. */
public interface SmartcardChannelListener extends ChannelListener {
    /** The guest has the reader now, under the server's id for it; a card inserted before shows now too. */
    default void readerAttached(SmartcardChannel channel, SmartcardReader reader, long readerId) {
    }

    /** The server would not take the reader, for the reason given (the VM has no free smartcard device). */
    default void readerRefused(SmartcardChannel channel, SmartcardReader reader, String reason) {
    }

    /** The reader was removed from the guest. */
    default void readerDetached(SmartcardChannel channel, SmartcardReader reader) {
    }
}
