package dev.saffron.spice.internal.wire;

import java.util.Arrays;

/**
 * A set of SPICE capability numbers, stored as the protocol does: capability N is bit N%32 of word N/32.
 * Immutable.
 */
public final class Capabilities {
    /** The most capability words a peer may send of either kind (spice-server's own limit). */
    public static final int MAX_WORDS = 1024;

    private static final Capabilities NONE = new Capabilities(new int[0]);

    private final int[] words;

    private Capabilities(int[] words) {
        int length = words.length;
        while (length > 0 && words[length - 1] == 0) {
            length--;
        }
        this.words = Arrays.copyOf(words, length);
    }

    /** @return the empty set */
    public static Capabilities none() {
        return NONE;
    }

    /** @return the set holding exactly the given capability numbers */
    public static Capabilities of(int... capabilities) {
        int max = Arrays.stream(capabilities).max().orElse(-1);
        int[] words = new int[max / 32 + 1];
        for (int capability : capabilities) {
            if (capability < 0) {
                throw new IllegalArgumentException("negative capability " + capability);
            }
            words[capability / 32] |= 1 << (capability % 32);
        }
        return new Capabilities(words);
    }

    /** @return the set described by wire words */
    public static Capabilities fromWords(int[] words) {
        return new Capabilities(words);
    }

    /** @return whether capability number {@code capability} is present */
    public boolean has(int capability) {
        int word = capability / 32;
        return capability >= 0 && word < words.length && (words[word] & (1 << (capability % 32))) != 0;
    }

    /** @return the words to put on the wire (trailing zero words dropped) */
    public int[] words() {
        return words.clone();
    }

    /** @return the number of words on the wire */
    public int wordCount() {
        return words.length;
    }

    /** @return the capability numbers present, ascending */
    public int[] numbers() {
        int[] result = new int[Arrays.stream(words).map(Integer::bitCount).sum()];
        int index = 0;
        for (int word = 0; word < words.length; word++) {
            for (int bit = 0; bit < 32; bit++) {
                if ((words[word] & (1 << bit)) != 0) {
                    result[index++] = word * 32 + bit;
                }
            }
        }
        return result;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Capabilities caps && Arrays.equals(words, caps.words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return Arrays.toString(numbers());
    }
}
