package dev.saffron.gl.internal;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Which host monitor a guest display's window fills in full screen, as remote-viewer decides it: display
 * {@code n} on host monitor {@code n}, or as its {@code monitor-mapping} says, where a display the mapping leaves
 * out (or one beyond the host's monitors) is not put in full screen at all. A mapping naming a host monitor the
 * host does not have is ignored as a whole, as remote-viewer does. Immutable.
 */
public final class FullScreenPlacement {
    private static final System.Logger LOG = System.getLogger(FullScreenPlacement.class.getName());

    private final Map<Integer, Integer> mapping;
    private final int hostMonitors;

    private FullScreenPlacement(Map<Integer, Integer> mapping, int hostMonitors) {
        this.mapping = mapping;
        this.hostMonitors = hostMonitors;
    }

    /**
     * @param mapping      guest display → host monitor, from 0; empty for the default
     * @param hostMonitors how many monitors the host has
     */
    public static FullScreenPlacement of(Map<Integer, Integer> mapping, int hostMonitors) {
        Objects.requireNonNull(mapping, "mapping");
        int highest = mapping.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        if (highest >= hostMonitors) {
            LOG.log(System.Logger.Level.WARNING, "the monitor mapping names host monitor {0}, but the host has {1}:"
                    + " it is ignored", highest + 1, hostMonitors);
            return new FullScreenPlacement(Map.of(), hostMonitors);
        }
        return new FullScreenPlacement(Map.copyOf(mapping), hostMonitors);
    }

    /** @return the host monitor (index from 0) display {@code displayId} fills in full screen, if any */
    public OptionalInt hostMonitor(int displayId) {
        int monitor = mapping.isEmpty() ? displayId : mapping.getOrDefault(displayId, -1);
        return monitor >= 0 && monitor < hostMonitors ? OptionalInt.of(monitor) : OptionalInt.empty();
    }
}
