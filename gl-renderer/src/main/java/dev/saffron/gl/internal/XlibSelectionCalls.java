package dev.saffron.gl.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The Xlib, XFixes and libc calls {@link X11Selections} makes, bound once through FFM in jextract's style: one
 * method handle per function, each called with exactly its C signature. Only the thread that owns a display
 * connection calls with it.
 */
final class XlibSelectionCalls {
    /** {@code sizeof(XEvent)} on LP64: a union padded to 24 longs. */
    static final long EVENT_BYTES = 192;
    static final int PROPERTY_NOTIFY = 28;
    static final int SELECTION_CLEAR = 29;
    static final int SELECTION_REQUEST = 30;
    static final int SELECTION_NOTIFY = 31;
    static final int PROPERTY_NEW_VALUE = 0;
    static final int PROPERTY_DELETE = 1;
    static final long PROPERTY_CHANGE_MASK = 1L << 22;
    static final long NO_EVENT_MASK = 0;
    static final int PROP_MODE_REPLACE = 0;
    static final long ANY_PROPERTY_TYPE = 0;
    static final long NONE = 0;
    static final long CURRENT_TIME = 0;
    static final int SUCCESS = 0;
    /** XFixes: owner changes, and the owner's window or client going away. */
    static final long SELECTION_OWNER_EVENTS = 1 | 2 | 4;
    static final int XFIXES_SELECTION_NOTIFY = 0;
    static final short POLLIN = 1;

    final MethodHandle openDisplay;
    final MethodHandle closeDisplay;
    final MethodHandle connectionNumber;
    final MethodHandle defaultRootWindow;
    final MethodHandle createSimpleWindow;
    final MethodHandle selectInput;
    final MethodHandle internAtom;
    final MethodHandle getAtomName;
    final MethodHandle free;
    final MethodHandle setSelectionOwner;
    final MethodHandle getSelectionOwner;
    final MethodHandle convertSelection;
    final MethodHandle changeProperty;
    final MethodHandle getWindowProperty;
    final MethodHandle deleteProperty;
    final MethodHandle sendEvent;
    final MethodHandle pending;
    final MethodHandle nextEvent;
    final MethodHandle flush;
    final MethodHandle fixesQueryExtension;
    final MethodHandle fixesSelectSelectionInput;
    final MethodHandle poll;
    final MethodHandle pipe;
    final MethodHandle read;
    final MethodHandle write;
    final MethodHandle close;

    // Calling Xlib is what this class is for; the launcher grants the module native access.
    @SuppressWarnings("restricted")
    XlibSelectionCalls() {
        Linker linker = Linker.nativeLinker();
        SymbolLookup x11 = SymbolLookup.libraryLookup("libX11.so.6", Arena.global());
        SymbolLookup xfixes = SymbolLookup.libraryLookup("libXfixes.so.3", Arena.global());
        SymbolLookup libc = linker.defaultLookup();
        openDisplay = bind(linker, x11, "XOpenDisplay", FunctionDescriptor.of(ADDRESS, ADDRESS));
        closeDisplay = bind(linker, x11, "XCloseDisplay", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        connectionNumber = bind(linker, x11, "XConnectionNumber", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        defaultRootWindow = bind(linker, x11, "XDefaultRootWindow", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        createSimpleWindow = bind(linker, x11, "XCreateSimpleWindow", FunctionDescriptor.of(JAVA_LONG, ADDRESS,
                JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));
        selectInput = bind(linker, x11, "XSelectInput",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
        internAtom = bind(linker, x11, "XInternAtom", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_INT));
        getAtomName = bind(linker, x11, "XGetAtomName", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG));
        free = bind(linker, x11, "XFree", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        setSelectionOwner = bind(linker, x11, "XSetSelectionOwner",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        getSelectionOwner = bind(linker, x11, "XGetSelectionOwner",
                FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG));
        convertSelection = bind(linker, x11, "XConvertSelection", FunctionDescriptor.of(JAVA_INT, ADDRESS,
                JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        changeProperty = bind(linker, x11, "XChangeProperty", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG,
                JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        getWindowProperty = bind(linker, x11, "XGetWindowProperty", FunctionDescriptor.of(JAVA_INT, ADDRESS,
                JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                ADDRESS));
        deleteProperty = bind(linker, x11, "XDeleteProperty",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
        sendEvent = bind(linker, x11, "XSendEvent",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS));
        pending = bind(linker, x11, "XPending", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        nextEvent = bind(linker, x11, "XNextEvent", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        flush = bind(linker, x11, "XFlush", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        fixesQueryExtension = bind(linker, xfixes, "XFixesQueryExtension",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        fixesSelectSelectionInput = bind(linker, xfixes, "XFixesSelectSelectionInput",
                FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        poll = bind(linker, libc, "poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
        pipe = bind(linker, libc, "pipe", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        read = bind(linker, libc, "read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
        write = bind(linker, libc, "write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
        close = bind(linker, libc, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    @SuppressWarnings("restricted")
    private static MethodHandle bind(Linker linker, SymbolLookup library, String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = library.find(name).orElseThrow(() -> new IllegalStateException("no " + name));
        return linker.downcallHandle(symbol, descriptor);
    }
}
