package dev.saffron.spice.internal.channel;

import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.regex.Pattern;

/**
 * Says what went wrong with a connection in a user's words. The JDK's exceptions name themselves in their
 * messages ({@code java.io.EOFException}, or a cause's class name in front of its message); a person reading
 * saffron's error line needs what happened, not which class reported it.
 */
public final class ProblemText {
    /**
     * A Java class name (qualified, or a bare one ending in Exception or Error) and a colon in front of a
     * message, as {@link Throwable#toString()} and wrapped causes put them.
     */
    private static final Pattern CLASS_PREFIX = Pattern.compile(
            "^(?:(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*|[A-Z][\\w$]*(?:Exception|Error))(?:: ?|$)");

    private ProblemText() {
    }

    /** @return what happened to a connection that failed with {@code problem} */
    public static String of(Throwable problem) {
        if (problem instanceof EOFException) {
            return "the server closed the connection";
        }
        if (problem instanceof SocketTimeoutException) {
            return "the server stopped answering";
        }
        String message = withoutClassNames(problem.getMessage());
        if (problem instanceof SocketException) {
            return message.isEmpty() ? "the connection broke" : "the connection broke (" + message + ")";
        }
        return message.isEmpty() ? "an unexplained " + kind(problem) + " error" : message;
    }

    /** @return the message with Java class names taken off its front, repeatedly; empty for none */
    static String withoutClassNames(String message) {
        if (message == null) {
            return "";
        }
        String text = message.strip();
        String previous;
        do {
            previous = text;
            text = CLASS_PREFIX.matcher(text).replaceFirst("").strip();
        } while (!text.equals(previous));
        return text;
    }

    private static String kind(Throwable problem) {
        return problem instanceof java.io.IOException ? "input/output" : "internal";
    }
}
