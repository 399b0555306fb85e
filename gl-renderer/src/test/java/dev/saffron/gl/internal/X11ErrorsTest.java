package dev.saffron.gl.internal;

import dev.saffron.spice.testing.XvfbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The X error handler against a real (headless) X server: the request a drag source's exit turns into an error,
 * an event sent to a window that is gone, must leave this process running, counted and logged. Without the
 * handler, Xlib's would end the test JVM here, and the run would fail with a crashed fork.
 */
class X11ErrorsTest {
    private static final int BAD_WINDOW = 3;
    private static final int X_SEND_EVENT = 25;
    private static final int CLIENT_MESSAGE = 33;
    /** {@code sizeof(XEvent)} on LP64: 24 longs. */
    private static final long X_EVENT_BYTES = 192;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @SuppressWarnings("restricted")
    void anEventSentToAWindowThatIsGoneIsLoggedAndTheProcessGoesOn(@TempDir Path temp) throws Throwable {
        X11Errors errors = X11Errors.install().orElseThrow();
        assertEquals(errors, X11Errors.install().orElseThrow(), "one handler per process");
        try (XvfbServer x = XvfbServer.start(64, 64, temp); Arena arena = Arena.ofConfined()) {
            Linker linker = Linker.nativeLinker();
            SymbolLookup xlib = SymbolLookup.libraryLookup("libX11.so.6", arena);
            MethodHandle open = linker.downcallHandle(xlib.find("XOpenDisplay").orElseThrow(),
                    FunctionDescriptor.of(ADDRESS, ADDRESS));
            MethodHandle root = linker.downcallHandle(xlib.find("XDefaultRootWindow").orElseThrow(),
                    FunctionDescriptor.of(JAVA_LONG, ADDRESS));
            MethodHandle create = linker.downcallHandle(xlib.find("XCreateSimpleWindow").orElseThrow(),
                    FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                            JAVA_INT, JAVA_LONG, JAVA_LONG));
            MethodHandle destroy = linker.downcallHandle(xlib.find("XDestroyWindow").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
            MethodHandle send = linker.downcallHandle(xlib.find("XSendEvent").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS));
            MethodHandle sync = linker.downcallHandle(xlib.find("XSync").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
            MethodHandle close = linker.downcallHandle(xlib.find("XCloseDisplay").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS));

            MemorySegment display = (MemorySegment) open.invokeExact(arena.allocateFrom(x.display()));
            assertNotEquals(0, display.address(), "cannot open " + x.display());
            try {
                long gone = (long) create.invokeExact(display, (long) root.invokeExact(display), 0, 0, 10, 10, 0,
                        0L, 0L);
                int status = (int) destroy.invokeExact(display, gone);
                status = (int) sync.invokeExact(display, 0);
                long before = errors.ignored();
                MemorySegment event = arena.allocate(X_EVENT_BYTES);
                event.set(JAVA_INT, 0, CLIENT_MESSAGE);
                event.set(JAVA_LONG, 32, gone);
                event.set(JAVA_INT, 48, 32);
                status = (int) send.invokeExact(display, gone, 0, 0L, event);
                // The error comes back with the reply XSync waits for, and goes to the handler on this thread.
                status = (int) sync.invokeExact(display, 0);
                assertEquals(before + 1, errors.ignored(), "one error let pass");
                assertEquals(BAD_WINDOW, errors.lastErrorCode());
                assertEquals(X_SEND_EVENT, errors.lastRequestCode());
            } finally {
                int status = (int) close.invokeExact(display);
            }
        }
    }
}
