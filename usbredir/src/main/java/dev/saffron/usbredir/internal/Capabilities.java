package dev.saffron.usbredir.internal;

import java.util.Arrays;

/** A set of usbredir capabilities (bit {@code n} of word {@code n / 32}), immutable. */
public record Capabilities(int[] words) {
    public Capabilities {
        words = words.clone();
    }

    public static Capabilities of(int... capabilities) {
        int[] words = new int[1];
        for (int capability : capabilities) {
            if (capability / 32 >= words.length) {
                words = Arrays.copyOf(words, capability / 32 + 1);
            }
            words[capability / 32] |= 1 << (capability % 32);
        }
        return new Capabilities(words);
    }

    public static Capabilities none() {
        return new Capabilities(new int[0]);
    }

    public boolean has(int capability) {
        int word = capability / 32;
        return word < words.length && (words[word] & 1 << (capability % 32)) != 0;
    }

    /** @return the capabilities both sets hold */
    public Capabilities and(Capabilities other) {
        int[] both = new int[Math.min(words.length, other.words.length)];
        for (int i = 0; i < both.length; i++) {
            both[i] = words[i] & other.words[i];
        }
        return new Capabilities(both);
    }

    @Override
    public int[] words() {
        return words.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Capabilities that && Arrays.equals(words, that.words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "Capabilities" + Arrays.toString(words);
    }
}
