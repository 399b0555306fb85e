package dev.saffron.gl.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Grabs the X keyboard for a window, so that keys the desktop would take (Alt+Tab, the logo key) reach the
 * guest, as spice-gtk does while its widget has the focus. GLFW has no keyboard grab; Xlib's is called
 * directly, on the thread that runs GLFW, which owns the connection.
 */
public final class X11KeyboardGrab {
    private static final System.Logger LOG = System.getLogger(X11KeyboardGrab.class.getName());
    private static final int GRAB_MODE_ASYNC = 1;
    private static final int GRAB_SUCCESS = 0;
    private static final long CURRENT_TIME = 0;

    private final MemorySegment display;
    private final long window;
    private final MethodHandle grabKeyboard;
    private final MethodHandle ungrabKeyboard;
    private final MethodHandle flush;
    private boolean grabbed;

    private X11KeyboardGrab(MemorySegment display, long window, MethodHandle grabKeyboard,
                            MethodHandle ungrabKeyboard, MethodHandle flush) {
        this.display = display;
        this.window = window;
        this.grabKeyboard = grabKeyboard;
        this.ungrabKeyboard = ungrabKeyboard;
        this.flush = flush;
    }

    /**
     * @param display the Xlib {@code Display*} GLFW uses
     * @param window  the X window id
     * @return a grab for the window, empty if Xlib cannot be reached (then keys the desktop takes stay there)
     */
    // Calling Xlib is what this class is for; the launcher grants the module native access.
    @SuppressWarnings("restricted")
    public static Optional<X11KeyboardGrab> forWindow(long display, long window) {
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup xlib = SymbolLookup.libraryLookup("libX11.so.6", Arena.global());
            MethodHandle grab = linker.downcallHandle(xlib.find("XGrabKeyboard").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
            MethodHandle ungrab = linker.downcallHandle(xlib.find("XUngrabKeyboard").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
            MethodHandle flush = linker.downcallHandle(xlib.find("XFlush").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS));
            return Optional.of(new X11KeyboardGrab(MemorySegment.ofAddress(display), window, grab, ungrab, flush));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, "no keyboard grab: {0}", e.toString());
            return Optional.empty();
        }
    }

    /** Grabs or releases the keyboard; does nothing if it already is in that state. */
    public void set(boolean grab) {
        if (grab == grabbed) {
            return;
        }
        try {
            if (grab) {
                int status = (int) grabKeyboard.invokeExact(display, window, 0, GRAB_MODE_ASYNC, GRAB_MODE_ASYNC,
                        CURRENT_TIME);
                grabbed = status == GRAB_SUCCESS;
                if (grabbed) {
                    LOG.log(System.Logger.Level.DEBUG, "keyboard grabbed");
                } else {
                    LOG.log(System.Logger.Level.DEBUG, "the X server refused the keyboard grab ({0})", status);
                }
            } else {
                ungrabKeyboard.invoke(display, CURRENT_TIME);
                grabbed = false;
                LOG.log(System.Logger.Level.DEBUG, "keyboard released");
            }
            // Xlib buffers requests; without a flush the grab would wait for GLFW's next one.
            flush.invoke(display);
        } catch (Throwable e) {
            throw new IllegalStateException("Xlib keyboard grab failed", e);
        }
    }
}
