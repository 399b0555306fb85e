package dev.saffron.gl.internal;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Shares text between the host's clipboard and the guest's CLIPBOARD selection, after spice-gtk's session
 * clipboard: the guest's grab is answered by fetching its text and putting it on the host clipboard; a change
 * of the host clipboard is offered to the guest with a grab, and the guest's requests are answered with the
 * host's text as it is then. GLFW tells nothing when another application takes the host clipboard, so the
 * window calls {@link #hostMayHaveChanged} when it gets the focus and now and then while it has it. Text the
 * bridge itself put on the host clipboard is not offered back. Contents are never logged.
 *
 * <p>Window thread only: GLFW's clipboard functions must run there.
 */
public final class ClipboardBridge {
    private static final System.Logger LOG = System.getLogger(ClipboardBridge.class.getName());

    /** The host's clipboard as text. */
    public interface Host {
        /** @return the clipboard's text, or null when it holds none */
        String text();

        /** Takes the host clipboard with this text. */
        void setText(String text);
    }

    /** The guest agent's side of the clipboard, for the CLIPBOARD selection and UTF-8 text. */
    public interface Guest {
        /** @return whether an agent that shares the clipboard on demand is connected */
        boolean ready();

        /** @return whether the guest ends lines with CR LF (a Windows guest) */
        boolean crlfLines();

        /** @return the largest clipboard transfer in bytes, or -1 for no limit */
        int maxBytes();

        /** Tells the guest the client has text to offer. */
        void grab();

        /** Asks the guest for the text it offered. */
        void request();

        /** Answers the guest's request; an empty array when there is nothing to give. */
        void answer(byte[] utf8);
    }

    private final Host host;
    private final Guest guest;
    /** The host text last shared either way: seeing it again on the host is no change. */
    private String shared;
    private boolean hostOffered;

    public ClipboardBridge(Host host, Guest guest) {
        this.host = Objects.requireNonNull(host, "host");
        this.guest = Objects.requireNonNull(guest, "guest");
    }

    /** Offers the host's text to the guest if it changed since it was last shared. */
    public void hostMayHaveChanged() {
        if (!guest.ready()) {
            return;
        }
        String text = host.text();
        if (text == null || text.isEmpty() || text.equals(shared)) {
            return;
        }
        shared = text;
        int limit = guest.maxBytes();
        if (limit >= 0 && forGuest(text).length >= limit) {
            LOG.log(System.Logger.Level.DEBUG, "host clipboard text over the {0}-byte limit: not offered", limit);
            hostOffered = false;
            return;
        }
        hostOffered = true;
        guest.grab();
    }

    /** The agent connected or reconnected: whatever was shared before is news to it. */
    public void agentChanged() {
        shared = null;
        hostOffered = false;
    }

    /** The guest took its clipboard and offers text ({@code hasText}) or something else. */
    public void guestGrabbed(boolean hasText) {
        hostOffered = false;
        if (hasText) {
            guest.request();
        }
    }

    /** The guest's text arrived: it becomes the host's. */
    public void guestText(byte[] utf8) {
        String text = new String(utf8, StandardCharsets.UTF_8);
        if (guest.crlfLines()) {
            text = text.replace("\r\n", "\n");
        }
        // A terminating NUL, as some agents send, is no part of the text.
        if (text.endsWith("\0")) {
            text = text.substring(0, text.length() - 1);
        }
        shared = text;
        host.setText(text);
    }

    /** The guest asks for the text the client offered. */
    public void guestRequested() {
        String text = hostOffered ? host.text() : null;
        guest.answer(text == null ? new byte[0] : forGuest(text));
    }

    private byte[] forGuest(String text) {
        String lines = guest.crlfLines() ? text.replace("\r\n", "\n").replace("\n", "\r\n") : text;
        return lines.getBytes(StandardCharsets.UTF_8);
    }
}
