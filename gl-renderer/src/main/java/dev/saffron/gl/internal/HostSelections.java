package dev.saffron.gl.internal;

import dev.saffron.spice.ClipboardSelection;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The host's selections as X11 has them: each is owned by one client that offers its contents in named targets
 * (MIME types, {@code UTF8_STRING}, ...) and converts them only when another client asks. Owning one means
 * answering those requests later, by demand; reading one asks its owner for one target. Methods may be called
 * from any thread; futures complete, and the listener is called, on the implementation's own thread.
 */
public interface HostSelections extends AutoCloseable {
    /** Hears selection changes made by other clients. Must not block. */
    interface Listener {
        /** Another client took the selection, or its owner went away and nobody owns it now. */
        void ownerChanged(ClipboardSelection selection);
    }

    /** Produces an owned selection's contents when another client asks for them. */
    interface Source {
        /**
         * @param target one of the targets offered
         * @return the contents in that target; completes with null, or exceptionally, to refuse
         */
        CompletableFuture<byte[]> data(String target);
    }

    /** @return the selections the host has and shares (on X11: CLIPBOARD and PRIMARY) */
    Set<ClipboardSelection> selections();

    /** Takes a selection, offering these targets, until {@link #release} or another client takes it. */
    void own(ClipboardSelection selection, List<String> targets, Source source);

    /** Gives up a selection if this side still owns it. */
    void release(ClipboardSelection selection);

    /** @return the targets the selection's current owner offers; empty when it has no owner */
    CompletableFuture<List<String>> targets(ClipboardSelection selection);

    /**
     * @param limit the most bytes accepted; a larger content fails the future as soon as it shows, unread
     * @return the selection's contents in this target
     */
    CompletableFuture<byte[]> read(ClipboardSelection selection, String target, int limit);

    /** Gives up every selection and stops. */
    @Override
    void close();
}
