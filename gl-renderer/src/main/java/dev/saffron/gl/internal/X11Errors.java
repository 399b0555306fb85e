package dev.saffron.gl.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Keeps an X protocol error from ending the process. Xlib's own handler prints the error and exits, and GLFW
 * only catches errors around a few calls of its own; yet some errors come from other clients' doings, not from
 * a fault here: a drag source that quits as soon as its files are taken makes GLFW's "drop finished" reply go
 * to a window that no longer exists, which is a {@code BadWindow}. Such an error is logged and the viewer goes
 * on, as GTK programs do. The handler is process-wide (Xlib has one); GLFW puts it back after its own catches.
 * A lost connection to the X server is a different handler, left as Xlib has it: the viewer cannot go on then.
 */
public final class X11Errors {
    private static final System.Logger LOG = System.getLogger(X11Errors.class.getName());
    /** Where {@code XErrorEvent}'s fields sit on LP64: type, display, resourceid, serial, then the codes. */
    private static final long RESOURCE_OFFSET = 16;
    private static final long ERROR_CODE_OFFSET = 32;
    private static final long REQUEST_CODE_OFFSET = 33;
    private static final long EVENT_BYTES = 40;
    private static final int ERROR_TEXT_BYTES = 128;
    private static X11Errors installed;

    private final MethodHandle errorText;
    private final AtomicLong ignored = new AtomicLong();
    private volatile int lastErrorCode;
    private volatile int lastRequestCode;

    private X11Errors(MethodHandle errorText) {
        this.errorText = errorText;
    }

    /**
     * Installs the handler once per process; later calls return the same one.
     *
     * @return the handler, empty if Xlib cannot be reached (then Xlib's own stays)
     */
    // Calling Xlib is what this class is for; the launcher grants the module native access.
    @SuppressWarnings("restricted")
    public static synchronized Optional<X11Errors> install() {
        if (installed != null) {
            return Optional.of(installed);
        }
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup xlib = SymbolLookup.libraryLookup("libX11.so.6", Arena.global());
            MethodHandle setHandler = linker.downcallHandle(xlib.find("XSetErrorHandler").orElseThrow(),
                    FunctionDescriptor.of(ADDRESS, ADDRESS));
            MethodHandle errorText = linker.downcallHandle(xlib.find("XGetErrorText").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
            X11Errors handler = new X11Errors(errorText);
            MethodHandle target = MethodHandles.lookup().findVirtual(X11Errors.class, "onError",
                    MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class)).bindTo(handler);
            // The stub lives as long as the process: Xlib may call it until exit.
            MemorySegment stub = linker.upcallStub(target, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS),
                    Arena.global());
            MemorySegment previous = (MemorySegment) setHandler.invokeExact(stub);
            LOG.log(System.Logger.Level.DEBUG, "X errors are logged, not fatal (Xlib''s handler was {0})",
                    previous.address() == 0 ? "the default" : "replaced");
            installed = handler;
            return Optional.of(handler);
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.WARNING, "cannot reach Xlib: an X error will end the viewer: {0}",
                    e.toString());
            return Optional.empty();
        }
    }

    /** @return how many X errors were logged and let pass since the handler was installed */
    public long ignored() {
        return ignored.get();
    }

    /** @return the error code of the last error let pass, such as 3 for {@code BadWindow}; 0 if none */
    public int lastErrorCode() {
        return lastErrorCode;
    }

    /** @return the major opcode of the request the last error was about, such as 25 for {@code SendEvent} */
    public int lastRequestCode() {
        return lastRequestCode;
    }

    /** Called by Xlib, on whichever thread read the error; must not throw into C. */
    @SuppressWarnings("restricted")
    private int onError(MemorySegment display, MemorySegment eventAddress) {
        MemorySegment event = eventAddress.reinterpret(EVENT_BYTES);
        int code = Byte.toUnsignedInt(event.get(JAVA_BYTE, ERROR_CODE_OFFSET));
        int request = Byte.toUnsignedInt(event.get(JAVA_BYTE, REQUEST_CODE_OFFSET));
        lastErrorCode = code;
        lastRequestCode = request;
        ignored.incrementAndGet();
        try {
            LOG.log(System.Logger.Level.WARNING, "the X server refused request {0} on resource 0x{1}: {2}; going on",
                    request, Long.toHexString(event.get(JAVA_LONG, RESOURCE_OFFSET)), describe(display, code));
        } catch (Throwable e) {
            // Nothing may be thrown into Xlib; the error was counted, which is all the viewer needs.
        }
        return 0;
    }

    private String describe(MemorySegment display, int code) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = arena.allocate(ERROR_TEXT_BYTES);
            int ignoredStatus = (int) errorText.invokeExact(display, code, text, ERROR_TEXT_BYTES);
            String described = text.getString(0, StandardCharsets.UTF_8);
            return described.isEmpty() ? "error " + code : described;
        }
    }
}
