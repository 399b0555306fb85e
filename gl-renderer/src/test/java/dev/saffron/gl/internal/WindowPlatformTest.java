package dev.saffron.gl.internal;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WindowPlatformTest {
    @Test
    void xwaylandIsPreferredForItsGrabsAndNativeWaylandServesWhereThereIsNoX() {
        assertEquals(WindowPlatform.X11, WindowPlatform.choose(Map.of("DISPLAY", ":0")));
        assertEquals(WindowPlatform.X11, WindowPlatform.choose(Map.of("DISPLAY", ":0", "WAYLAND_DISPLAY", "wayland-0")));
        assertEquals(WindowPlatform.WAYLAND, WindowPlatform.choose(Map.of("WAYLAND_DISPLAY", "wayland-0")));
        assertEquals(WindowPlatform.WAYLAND, WindowPlatform.choose(Map.of("DISPLAY", "", "WAYLAND_DISPLAY", "w")));
        assertEquals(WindowPlatform.X11, WindowPlatform.choose(Map.of()), "GLFW's error then names DISPLAY");
    }

    @Test
    void saffronPlatformChoosesAndANameItDoesNotKnowIsIgnored() {
        assertEquals(WindowPlatform.WAYLAND, WindowPlatform.choose(Map.of("DISPLAY", ":0",
                "WAYLAND_DISPLAY", "wayland-0", "SAFFRON_PLATFORM", "Wayland")));
        assertEquals(WindowPlatform.X11, WindowPlatform.choose(Map.of("WAYLAND_DISPLAY", "wayland-0",
                "SAFFRON_PLATFORM", "x11")));
        assertEquals(WindowPlatform.WAYLAND, WindowPlatform.choose(Map.of("WAYLAND_DISPLAY", "wayland-0",
                "SAFFRON_PLATFORM", "mir")));
    }
}
