package dev.saffron.gl.internal;

import java.util.Locale;
import java.util.Map;

import static org.lwjgl.glfw.GLFW.GLFW_PLATFORM_WAYLAND;
import static org.lwjgl.glfw.GLFW.GLFW_PLATFORM_X11;

/**
 * Which of GLFW's Linux platforms the window runs on. The bundled GLFW (3.4 and later, in LWJGL 3.3.6) has both
 * X11 and a native Wayland backend. On a Wayland desktop that also runs Xwayland ({@code DISPLAY} set), X11 is
 * chosen: only there does the window hold the keyboard grab that sends Alt+Tab and the logo key to the guest
 * (Wayland has a keyboard-shortcuts-inhibit protocol that GLFW does not use) and place windows itself. Without
 * Xwayland, the window runs natively on Wayland. {@code SAFFRON_PLATFORM=wayland} (or {@code x11}) chooses.
 */
public enum WindowPlatform {
    /** X11, or Xwayland on a Wayland desktop. */
    X11(GLFW_PLATFORM_X11),
    /** Native Wayland. */
    WAYLAND(GLFW_PLATFORM_WAYLAND);

    private static final System.Logger LOG = System.getLogger(WindowPlatform.class.getName());

    /** The environment variable that overrides the choice. */
    public static final String OVERRIDE = "SAFFRON_PLATFORM";

    private final int glfwPlatform;

    WindowPlatform(int glfwPlatform) {
        this.glfwPlatform = glfwPlatform;
    }

    /** @return GLFW's {@code GLFW_PLATFORM} init hint value */
    public int glfwPlatform() {
        return glfwPlatform;
    }

    /**
     * @param environment the process's environment
     * @return the platform to run on; X11 when neither display is there, so that GLFW's error names {@code DISPLAY}
     */
    public static WindowPlatform choose(Map<String, String> environment) {
        String override = environment.get(OVERRIDE);
        if (override != null && !override.isBlank()) {
            switch (override.strip().toLowerCase(Locale.ROOT)) {
                case "x11" -> {
                    return X11;
                }
                case "wayland" -> {
                    return WAYLAND;
                }
                default -> LOG.log(System.Logger.Level.WARNING, "{0} is x11 or wayland, not ''{1}''; choosing "
                        + "by the displays there are", OVERRIDE, override);
            }
        }
        boolean x11 = isSet(environment.get("DISPLAY"));
        boolean wayland = isSet(environment.get("WAYLAND_DISPLAY"));
        return wayland && !x11 ? WAYLAND : X11;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isEmpty();
    }
}
