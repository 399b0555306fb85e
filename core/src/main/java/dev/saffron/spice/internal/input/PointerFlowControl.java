package dev.saffron.spice.internal.input;

/**
 * Pointer flow control on the inputs channel, as spice-gtk does it: the server acknowledges every
 * {@link #ACK_BUNCH} motion or position messages, and while {@link #WINDOW} of them are unacknowledged the
 * client sends no more. Meanwhile relative motion is summed and only the latest absolute position is kept,
 * so a server that stops acknowledging costs a few fields of memory, never a growing queue; the next
 * acknowledgement sends what was held back.
 *
 * <p>Not thread-safe: the inputs channel calls it under its own lock.
 */
public final class PointerFlowControl {
    /** Motion messages per MOUSE_MOTION_ACK (spice-protocol's {@code SPICE_INPUT_MOTION_ACK_BUNCH}). */
    public static final int ACK_BUNCH = 4;
    /** Unacknowledged messages after which motion is held back. */
    public static final int WINDOW = 2 * ACK_BUNCH;

    /** Where messages go once flow control lets them out. */
    public interface Sink {
        /** Sends MOUSE_MOTION. */
        void motion(int dx, int dy, int buttons);

        /** Sends MOUSE_POSITION. */
        void position(int x, int y, int buttons, int display);
    }

    private final Sink sink;
    private int unacknowledged;
    private int dx;
    private int dy;
    private int motionButtons;
    private boolean positionPending;
    private int x;
    private int y;
    private int display;
    private int positionButtons;

    /** @param sink receives the messages to send */
    public PointerFlowControl(Sink sink) {
        this.sink = sink;
    }

    /** Relative motion (server mouse mode); sent now if the window allows, else added to what is held back. */
    public void motion(int deltaX, int deltaY, int buttons) {
        if (deltaX == 0 && deltaY == 0) {
            return;
        }
        dx = saturatedSum(dx, deltaX);
        dy = saturatedSum(dy, deltaY);
        motionButtons = buttons;
        if (unacknowledged < WINDOW) {
            sendMotion();
        }
    }

    /** An absolute position (client mouse mode); sent now if the window allows, else kept as the latest. */
    public void position(int newX, int newY, int newDisplay, int buttons) {
        x = newX;
        y = newY;
        display = newDisplay;
        positionButtons = buttons;
        positionPending = true;
        if (unacknowledged < WINDOW) {
            sendPosition();
        }
    }

    /**
     * Sends whatever is held back, window or not, with the given buttons state: a button event must not
     * overtake the motion that led to it.
     */
    public void flush(int buttons) {
        motionButtons = buttons;
        positionButtons = buttons;
        sendMotion();
        sendPosition();
    }

    /**
     * A new server (reconnect, semi-seamless migration) owes no acknowledgements for the old one's messages:
     * the window opens again and what was held back is dropped, as spice-gtk's inputs reset does.
     */
    public void reset() {
        unacknowledged = 0;
        dx = 0;
        dy = 0;
        positionPending = false;
    }

    /** The server acknowledged {@link #ACK_BUNCH} messages; what was held back goes out. */
    public void acknowledged() {
        // A server acknowledging more than was sent must not open the window beyond its size.
        unacknowledged = Math.max(0, unacknowledged - ACK_BUNCH);
        sendMotion();
        sendPosition();
    }

    private void sendMotion() {
        if (dx == 0 && dy == 0) {
            return;
        }
        int sentX = dx;
        int sentY = dy;
        dx = 0;
        dy = 0;
        unacknowledged++;
        sink.motion(sentX, sentY, motionButtons);
    }

    private void sendPosition() {
        if (!positionPending) {
            return;
        }
        positionPending = false;
        unacknowledged++;
        sink.position(x, y, positionButtons, display);
    }

    private static int saturatedSum(int a, int b) {
        long sum = (long) a + b;
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, sum));
    }
}
