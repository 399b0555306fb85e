package dev.saffron.viewer;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Asks an X window to close as a window manager's close button does: a {@code WM_DELETE_WINDOW} client message
 * of the {@code WM_PROTOCOLS} kind, sent to the window through Xlib. Xvfb runs no window manager, and xdotool's
 * {@code windowclose} destroys the window instead of asking.
 */
final class WindowCloseRequest {
    /** Xlib's {@code ClientMessage} event type. */
    private static final int CLIENT_MESSAGE = 33;
    /** {@code sizeof(XEvent)} on LP64: a union padded to 24 longs. */
    private static final int EVENT_BYTES = 192;

    private WindowCloseRequest() {
    }

    /**
     * @param display the X display, such as {@code :99}
     * @param window  the window id, as xdotool prints it
     */
    @SuppressWarnings("restricted")
    static void send(String display, String window) {
        Linker linker = Linker.nativeLinker();
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup x11 = SymbolLookup.libraryLookup("libX11.so.6", arena);
            MethodHandle openDisplay = linker.downcallHandle(x11.find("XOpenDisplay").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS));
            MethodHandle internAtom = linker.downcallHandle(x11.find("XInternAtom").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_INT));
            MethodHandle sendEvent = linker.downcallHandle(x11.find("XSendEvent").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
            MethodHandle closeDisplay = linker.downcallHandle(x11.find("XCloseDisplay").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
            MemorySegment connection = (MemorySegment) openDisplay.invokeExact(arena.allocateFrom(display));
            if (connection.address() == 0) {
                throw new IllegalStateException("cannot open X display " + display);
            }
            try {
                long protocols = (long) internAtom.invokeExact(connection, arena.allocateFrom("WM_PROTOCOLS"), 0);
                long delete = (long) internAtom.invokeExact(connection, arena.allocateFrom("WM_DELETE_WINDOW"), 0);
                long id = Long.parseLong(window);
                // XClientMessageEvent: type, serial, send_event, display, window, message_type, format, data.l[5].
                MemorySegment event = arena.allocate(EVENT_BYTES, 8);
                event.set(ValueLayout.JAVA_INT, 0, CLIENT_MESSAGE);
                event.set(ValueLayout.ADDRESS, 24, connection);
                event.set(ValueLayout.JAVA_LONG, 32, id);
                event.set(ValueLayout.JAVA_LONG, 40, protocols);
                event.set(ValueLayout.JAVA_INT, 48, 32);
                event.set(ValueLayout.JAVA_LONG, 56, delete);
                int sent = (int) sendEvent.invokeExact(connection, id, 0, 0L, event);
                if (sent == 0) {
                    throw new IllegalStateException("XSendEvent could not send the close request to " + window);
                }
            } finally {
                // XCloseDisplay flushes the request first.
                int ignored = (int) closeDisplay.invokeExact(connection);
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot ask window " + window + " to close", e);
        }
    }
}
