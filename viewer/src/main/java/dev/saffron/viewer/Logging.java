package dev.saffron.viewer;

import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** One-line log records on standard error: warnings by default, everything with {@code --spice-debug}. */
final class Logging {
    /** Held so the level set on it is not lost to garbage collection of an unreferenced logger. */
    private static final Logger SAFFRON = Logger.getLogger("dev.saffron");

    private Logging() {
    }

    static void configure(boolean debug) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "saffron: %4$s: %5$s%6$s%n");
        Logger root = Logger.getLogger("");
        for (var handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        ConsoleHandler handler = new ConsoleHandler();
        handler.setFormatter(new SimpleFormatter());
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        root.setLevel(Level.WARNING);
        SAFFRON.setLevel(debug ? Level.FINE : Level.WARNING);
    }
}
