package dev.saffron.viewer;

/** Entry point of the {@code saffron} launcher. */
public final class Main {
    private Main() {
    }

    /** @param args command line */
    public static void main(String[] args) {
        System.exit(0);
    }
}
