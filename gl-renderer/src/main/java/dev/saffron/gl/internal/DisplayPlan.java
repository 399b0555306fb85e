package dev.saffron.gl.internal;

import dev.saffron.spice.DisplayMonitor;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which guest displays have windows and what each shows, decided from what the session reports: display
 * {@code n} is monitor {@code n} of the first display channel, or display channel {@code n} (spice-gtk's
 * numbering). A display has a window while the guest has it on, or from the start when the user asked for that
 * many windows; one the user closed stays closed until the guest turns it on anew, so the guest turning it off
 * in answer does not bring it back. Display 0 is the viewer window's, always there. Window thread only.
 */
final class DisplayPlan {
    /**
     * What a display's window shows.
     *
     * @param channel the display channel
     * @param region  the monitor's part of the channel's surface; null for all of it
     * @param picture whether there is anything to show yet: false for a monitor the guest has not turned on, or a
     *                channel without a surface
     */
    record Shown(int channel, DisplayMonitor region, boolean picture) {
    }

    private final int askedWindows;
    private final Map<Integer, List<DisplayMonitor>> monitors = new HashMap<>();
    private final Set<Integer> surfaces = new HashSet<>();
    private final Set<Integer> closedByUser = new HashSet<>();
    private Set<Integer> guestTurnedOn = Set.of();

    /** @param askedWindows how many windows the user asked for from the start; 0 to follow the guest */
    DisplayPlan(int askedWindows) {
        this.askedWindows = askedWindows;
    }

    /** Display channel {@code channel} has a primary surface now, or none. */
    void surface(int channel, boolean present) {
        if (present) {
            surfaces.add(channel);
        } else {
            surfaces.remove(channel);
        }
    }

    /** Display channel {@code channel} lists these monitors now, enabled or not. */
    void monitors(int channel, List<DisplayMonitor> list) {
        monitors.put(channel, List.copyOf(list));
    }

    /** The user closed display {@code id}'s window. */
    void closed(int id) {
        closedByUser.add(id);
    }

    /** @return the displays besides 0 that have windows now, in order */
    Set<Integer> windows() {
        Set<Integer> enabled = guestDisplays();
        closedByUser.removeIf(id -> enabled.contains(id) && !guestTurnedOn.contains(id));
        guestTurnedOn = enabled;
        Set<Integer> wanted = new TreeSet<>(enabled);
        for (int id = 1; id < askedWindows; id++) {
            wanted.add(id);
        }
        wanted.remove(0);
        wanted.removeAll(closedByUser);
        return wanted;
    }

    /** @return what display {@code id}'s window shows */
    Shown shown(int id) {
        boolean onFirst = id == 0 || monitors.getOrDefault(0, List.of()).stream()
                .anyMatch(monitor -> monitor.monitorId() == id && enabled(monitor));
        int channel = onFirst || !surfaces.contains(id) ? 0 : id;
        List<DisplayMonitor> list = monitors.getOrDefault(channel, List.of());
        if (channel != 0) {
            return new Shown(channel, list.stream().filter(DisplayPlan::enabled).findFirst().orElse(null), true);
        }
        DisplayMonitor region = list.stream().filter(monitor -> monitor.monitorId() == id && enabled(monitor))
                .findFirst().orElse(null);
        // Before the first channel lists monitors, display 0 is its whole surface.
        boolean picture = surfaces.contains(0) && (region != null || id == 0 && list.isEmpty());
        return new Shown(0, region, picture);
    }

    /** @return the displays the guest has on: monitors of the first channel, and the other channels */
    private Set<Integer> guestDisplays() {
        Set<Integer> on = new TreeSet<>();
        monitors.getOrDefault(0, List.of()).stream().filter(DisplayPlan::enabled)
                .forEach(monitor -> on.add(monitor.monitorId()));
        surfaces.stream().filter(channel -> channel > 0).filter(channel -> {
            List<DisplayMonitor> list = monitors.getOrDefault(channel, List.of());
            return list.isEmpty() || list.stream().anyMatch(DisplayPlan::enabled);
        }).forEach(on::add);
        return on;
    }

    private static boolean enabled(DisplayMonitor monitor) {
        return monitor.width() > 0 && monitor.height() > 0;
    }
}
