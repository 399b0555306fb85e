package dev.saffron.viewer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A command line in GLib's style: {@code --name=value}, {@code --name value}, short {@code -x value}, flags,
 * and positional words; {@code --} ends the options.
 */
final class Arguments {
    private final Deque<String> words;
    private final List<String> positional = new ArrayList<>();

    Arguments(List<String> args) {
        this.words = new ArrayDeque<>(args);
    }

    /** @return the next word, or empty at the end */
    Optional<String> next() {
        return Optional.ofNullable(words.poll());
    }

    /** @return whether more words follow */
    boolean hasNext() {
        return !words.isEmpty();
    }

    /**
     * The value of an option: the part after {@code =} in {@code word}, or else the next word.
     *
     * @throws UsageException when the option has no value
     */
    String value(String word) throws UsageException {
        int equals = word.indexOf('=');
        if (equals >= 0) {
            return word.substring(equals + 1);
        }
        String value = words.poll();
        if (value == null) {
            throw new UsageException("option " + word + " needs a value");
        }
        return value;
    }

    /** Keeps a positional word for later. */
    void addPositional(String word) {
        positional.add(word);
    }

    /** @return the positional words seen so far */
    List<String> positional() {
        return positional;
    }

    /** @return the option's name without its {@code =value} part */
    static String optionName(String word) {
        int equals = word.indexOf('=');
        return equals >= 0 ? word.substring(0, equals) : word;
    }
}
