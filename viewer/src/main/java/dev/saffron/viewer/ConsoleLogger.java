package dev.saffron.viewer;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.text.MessageFormat;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.function.BooleanSupplier;

/**
 * One logger of {@link ConsoleLoggerFinder}: writes {@code saffron: LEVEL: message} lines, a throwable's stack
 * trace after its line, each record with one write so that records of several threads do not interleave.
 */
final class ConsoleLogger implements System.Logger {
    private final String name;
    private final BooleanSupplier debug;
    private final PrintStream out;

    /**
     * @param debug whether records at {@link Level#DEBUG} and above are written, else from {@link Level#WARNING}
     * @param out   where the lines go
     */
    ConsoleLogger(String name, BooleanSupplier debug, PrintStream out) {
        this.name = name;
        this.debug = debug;
        this.out = out;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isLoggable(Level level) {
        if (level == Level.OFF) {
            return false;
        }
        Level least = debug.getAsBoolean() ? Level.DEBUG : Level.WARNING;
        return level.getSeverity() >= least.getSeverity();
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
        if (isLoggable(level)) {
            write(level, localized(bundle, message), thrown);
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... parameters) {
        if (isLoggable(level)) {
            String text = localized(bundle, format);
            // As java.util.logging did: a message without parameters is taken as it is, so that its quotes and
            // braces are not read as MessageFormat's.
            write(level, parameters == null || parameters.length == 0 ? text : MessageFormat.format(text, parameters),
                    null);
        }
    }

    private static String localized(ResourceBundle bundle, String key) {
        if (bundle == null || key == null) {
            return String.valueOf(key);
        }
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
    }

    private void write(Level level, String message, Throwable thrown) {
        StringWriter record = new StringWriter();
        PrintWriter writer = new PrintWriter(record);
        writer.append("saffron: ").append(level.getName()).append(": ").append(message).println();
        if (thrown != null) {
            thrown.printStackTrace(writer);
        }
        writer.flush();
        out.print(record);
        out.flush();
    }
}
