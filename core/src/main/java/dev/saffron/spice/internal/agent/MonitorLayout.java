package dev.saffron.spice.internal.agent;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The monitor layout the client wants the guest to use, one entry per display id, as spice-gtk keeps it, and
 * its MONITORS_CONFIG encoding. Not thread-safe; {@link AgentSession} guards it.
 */
public final class MonitorLayout {
    /** spice-gtk's {@code MAX_DISPLAY}: display ids run from 0 to 15. */
    public static final int MAX_DISPLAYS = 16;
    /** Every monitor is offered at 32 bits per pixel, as spice-gtk does. */
    static final int DEPTH = 32;
    private static final int MONITOR_SIZE = 20;
    private static final int PHYSICAL_SIZE = 4;

    private record Display(int x, int y, int width, int height, boolean enabled) {
    }

    private final Display[] displays = new Display[MAX_DISPLAYS];

    /**
     * Sets one display's geometry and whether it is on.
     *
     * @throws IllegalArgumentException for an id outside 0..15 or a negative value
     */
    public void update(int id, int x, int y, int width, int height, boolean enabled) {
        if (id < 0 || id >= MAX_DISPLAYS) {
            throw new IllegalArgumentException("display id " + id + " is outside 0.." + (MAX_DISPLAYS - 1));
        }
        if (x < 0 || y < 0 || width < 0 || height < 0) {
            throw new IllegalArgumentException("negative display geometry " + x + "," + y + " " + width + "x" + height);
        }
        displays[id] = new Display(x, y, width, height, enabled);
    }

    /** @return whether some enabled display has a size, without which spice-gtk sends no configuration */
    public boolean hasEnabledDisplay() {
        return Arrays.stream(displays).anyMatch(d -> d != null && d.enabled && d.width > 0 && d.height > 0);
    }

    /**
     * Encodes VDAgentMonitorsConfig with positions and (unknown, zero) physical sizes, as spice-gtk sends it
     * when it leaves the layout to the application.
     *
     * @param sparse whether the agent takes disabled monitors as empty entries at their index
     *               ({@code SPARSE_MONITORS_CONFIG}); otherwise only enabled monitors are listed
     */
    public byte[] encode(boolean sparse) {
        int count = 0;
        for (Display display : displays) {
            if (sparse || isEnabled(display)) {
                count++;
            }
        }
        ByteBuffer out = ByteBuffer.allocate(8 + count * (MONITOR_SIZE + PHYSICAL_SIZE)).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(count).putInt(VdAgent.MONITORS_FLAG_USE_POS | VdAgent.MONITORS_FLAG_PHYSICAL_SIZE);
        for (Display display : displays) {
            if (isEnabled(display)) {
                out.putInt(display.height).putInt(display.width).putInt(DEPTH).putInt(display.x).putInt(display.y);
            } else if (sparse) {
                out.put(new byte[MONITOR_SIZE]);
            }
        }
        // The physical sizes follow, all zero: Saffron does not know them, and zero means "unknown".
        return out.array();
    }

    private static boolean isEnabled(Display display) {
        return display != null && display.enabled;
    }
}
