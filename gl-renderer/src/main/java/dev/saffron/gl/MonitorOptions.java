package dev.saffron.gl;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Which guest displays get a window and which host monitor each takes in full screen, after remote-viewer.
 * Immutable. A guest display is a monitor of the first display channel (display {@code n} is its monitor
 * {@code n}), or another display channel (display {@code n} is channel {@code n}), as in spice-gtk.
 *
 * @param windows            0 for a window per monitor the guest has enabled, on every display channel, opened
 *                           and closed as the guest turns them on and off; {@code N} (1 to 16) for N windows from
 *                           the start, displays 0 to N-1, and the guest asked (through its agent) to turn on N
 *                           monitors
 * @param fullScreenMonitors remote-viewer's {@code monitor-mapping}: in full screen, guest display → host monitor,
 *                           both counted from 0 (GLFW's monitor order, the primary first); displays left out
 *                           stay in windows. Empty for remote-viewer's default: display {@code n} on host monitor
 *                           {@code n} where there is one. A mapping that names a host monitor the host lacks is
 *                           ignored, with a warning, as remote-viewer does.
 */
public record MonitorOptions(int windows, Map<Integer, Integer> fullScreenMonitors) {
    /** The SPICE agent's monitor configuration has room for 16 displays. */
    public static final int MAX_DISPLAYS = 16;

    /** A window per monitor the guest enabled, remote-viewer's full-screen default. */
    public static final MonitorOptions DEFAULTS = new MonitorOptions(0, Map.of());

    /**
     * @throws IllegalArgumentException if {@code windows} is outside 0 to 16, or the mapping has a negative id,
     *                                  a display id of 16 or more, or one host monitor twice
     */
    public MonitorOptions {
        if (windows < 0 || windows > MAX_DISPLAYS) {
            throw new IllegalArgumentException("the number of monitors must be 1 to " + MAX_DISPLAYS + ", not "
                    + windows);
        }
        Objects.requireNonNull(fullScreenMonitors, "fullScreenMonitors");
        fullScreenMonitors.forEach((display, monitor) -> {
            if (display < 0 || display >= MAX_DISPLAYS || monitor < 0) {
                throw new IllegalArgumentException("no guest display " + display + " or host monitor " + monitor);
            }
        });
        if (fullScreenMonitors.values().stream().distinct().count() != fullScreenMonitors.size()) {
            throw new IllegalArgumentException("a host monitor is named for two guest displays: " + fullScreenMonitors);
        }
        fullScreenMonitors = Map.copyOf(new TreeMap<>(fullScreenMonitors));
    }
}
