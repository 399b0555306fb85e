package dev.saffron.nativebindings.library;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * A shared library opened by its soname for the life of the JVM, whose functions bind by name: what the
 * FFmpeg, TurboJPEG and libopus bindings share. A binding opens its libraries in the static initializer of a holder
 * class, so that a missing library or function shows up as that class failing to load, which
 * {@link #unavailableReason(Runnable, String)} turns into the reason the binding cannot be used.
 */
// Calling native code is what this module is for; launchers grant it native access.
@SuppressWarnings("restricted")
public final class NativeLibrary {
    private static final Linker LINKER = Linker.nativeLinker();

    private final SymbolLookup symbols;

    private NativeLibrary(SymbolLookup symbols) {
        this.symbols = symbols;
    }

    /**
     * @param soname the library's versioned file name, such as {@code libturbojpeg.so.0}
     * @throws IllegalArgumentException if the dynamic linker cannot find or load it
     */
    public static NativeLibrary open(String soname) {
        return new NativeLibrary(SymbolLookup.libraryLookup(soname, Arena.global()));
    }

    /**
     * @param symbol     the C function's name
     * @param descriptor its C signature
     * @param options    how to call it, such as where its variadic arguments start
     * @return a downcall handle for it
     * @throws java.util.NoSuchElementException if the library has no such symbol
     */
    public MethodHandle function(String symbol, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.downcallHandle(symbols.findOrThrow(symbol), descriptor, options);
    }

    /**
     * Checks that the library has these symbols, without binding them: a binding can find out early, and
     * cheaply, whether it will be able to bind them all later (a downcall handle costs milliseconds to make).
     *
     * @throws java.util.NoSuchElementException naming the first symbol the library lacks
     */
    public void requireSymbols(String... names) {
        for (String name : names) {
            symbols.findOrThrow(name);
        }
    }

    /**
     * @param holder a binding's check that touches the holder class whose initializer opens its libraries
     * @param what   what the binding binds, for the message
     * @return why the binding cannot be used here, or empty when its libraries and functions all bound
     */
    public static Optional<String> unavailableReason(Runnable holder, String what) {
        try {
            holder.run();
            return Optional.empty();
        } catch (ExceptionInInitializerError | NoClassDefFoundError e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Optional.of(what + " cannot be used: " + cause);
        }
    }

    /**
     * Downcalls throw nothing checked; anything else is a binding bug, surfaced as is.
     *
     * @param e what {@code invokeExact} threw
     * @return the runtime exception to throw ({@link Error}s are thrown from here)
     */
    public static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e);
    }
}
