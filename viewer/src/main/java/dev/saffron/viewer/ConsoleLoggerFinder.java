package dev.saffron.viewer;

/**
 * The viewer's backend for {@link System.Logger}: each record one line on standard error, warnings and errors by
 * default, and Saffron's own debug records too with {@code --spice-debug}. It takes the place of
 * {@code java.util.logging}, whose log manager, handler and formatter took a cold command 18 to 30 ms to set up
 * before it could connect (README, Performance). Installed through the module's {@code provides} clause, so it
 * serves every logger of the process, the JDK's included, from the first.
 */
public final class ConsoleLoggerFinder extends System.LoggerFinder {
    private static volatile boolean debug;

    /** Called by the {@link java.util.ServiceLoader} that looks the backend up. */
    public ConsoleLoggerFinder() {
    }

    /** @param on whether Saffron's debug records are written too, from now on */
    static void debug(boolean on) {
        debug = on;
    }

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new ConsoleLogger(name, name.startsWith("dev.saffron.") ? () -> debug : () -> false, System.err);
    }
}
