package dev.saffron.gl.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The monitor layout the windows ask the guest for, one entry per guest display id, sent once it settled, as
 * spice-gtk's resize-guest does: dragging a border sends one request rather than one per pixel, and the same
 * layout is never sent twice in a row. Positions follow remote-viewer: windows side by side with no gap or
 * overlap, in the order they stand on the host from left to right; when every shown window fills a host monitor
 * (full screen), the host monitors' own arrangement, moved so that it starts at the origin. A display whose
 * window closed stays in the layout, disabled, so that the guest turns it off. Window thread only.
 */
public final class GuestLayout {
    /** One guest display as the guest is asked to set it: position and size in guest pixels. */
    public record Display(int id, int x, int y, int width, int height, boolean enabled) {
    }

    /** Where a display's window stands on the host, and whether it fills a host monitor. */
    private record Window(int width, int height, int hostX, int hostY, boolean fullScreen) {
    }

    private final long settleNanos;
    private final Map<Integer, Window> shown = new TreeMap<>();
    private final Map<Integer, Boolean> known = new TreeMap<>();
    private List<Display> wanted = List.of();
    private long wantedSince;
    private List<Display> sent;

    /** @param settleNanos how long a layout must stay before it is sent (spice-gtk waits one second) */
    public GuestLayout(long settleNanos) {
        this.settleNanos = settleNanos;
    }

    /**
     * Display {@code id}'s window is shown with a drawable area of this many pixels, its top left corner at
     * ({@code hostX}, {@code hostY}) on the host's screen; sizes with a zero side (minimised) are ignored.
     *
     * @param fullScreen whether the window fills a host monitor, whose corner is then ({@code hostX}, {@code hostY})
     */
    public void shown(int id, int width, int height, int hostX, int hostY, boolean fullScreen, long nowNanos) {
        if (width <= 0 || height <= 0) {
            return;
        }
        shown.put(id, new Window(width, height, hostX, hostY, fullScreen));
        known.put(id, true);
        recompute(nowNanos);
    }

    /** Display {@code id}'s window closed: the guest is asked to turn that display off. */
    public void hidden(int id, long nowNanos) {
        if (shown.remove(id) != null) {
            known.put(id, false);
            recompute(nowNanos);
        }
    }

    /** Forgets what was sent, so that the current layout goes again: a new agent knows nothing of it. */
    public void resend() {
        sent = null;
    }

    /** @return the layout to send now, if one settled and differs from the last one sent; then counts it as sent */
    public Optional<List<Display>> due(long nowNanos) {
        if (wanted.isEmpty() || wanted.equals(sent) || nowNanos - wantedSince < settleNanos) {
            return Optional.empty();
        }
        sent = wanted;
        return Optional.of(wanted);
    }

    /** @return nanoseconds until {@link #due} has something, or -1 when nothing waits */
    public long nanosUntilDue(long nowNanos) {
        if (wanted.isEmpty() || wanted.equals(sent)) {
            return -1;
        }
        return Math.max(0, settleNanos - (nowNanos - wantedSince));
    }

    private void recompute(long nowNanos) {
        List<Display> layout = layout();
        if (!layout.equals(wanted)) {
            wanted = layout;
            wantedSince = nowNanos;
        }
    }

    private List<Display> layout() {
        if (shown.isEmpty()) {
            return List.of();
        }
        Map<Integer, Display> placed = new TreeMap<>();
        boolean allFullScreen = shown.values().stream().allMatch(Window::fullScreen);
        if (allFullScreen) {
            int left = shown.values().stream().mapToInt(Window::hostX).min().orElseThrow();
            int top = shown.values().stream().mapToInt(Window::hostY).min().orElseThrow();
            shown.forEach((id, w) -> placed.put(id, new Display(id, w.hostX - left, w.hostY - top, w.width, w.height,
                    true)));
        } else {
            List<Map.Entry<Integer, Window>> order = new ArrayList<>(shown.entrySet());
            order.sort(Comparator.comparingInt((Map.Entry<Integer, Window> e) -> e.getValue().hostX)
                    .thenComparingInt(Map.Entry::getKey));
            int x = 0;
            for (Map.Entry<Integer, Window> entry : order) {
                Window w = entry.getValue();
                placed.put(entry.getKey(), new Display(entry.getKey(), x, 0, w.width, w.height, true));
                x += w.width;
            }
        }
        known.forEach((id, on) -> {
            if (!on) {
                placed.put(id, new Display(id, 0, 0, 0, 0, false));
            }
        });
        return List.copyOf(placed.values());
    }
}
