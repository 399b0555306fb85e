package dev.saffron.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Prints paired measurements of Saffron and a reference client: per metric, each side's median and range,
 * and the median of the per-pair ratios Saffron / reference with its 95% confidence interval
 * ({@link Summary}).
 *
 * @param <S> what one run measured
 */
final class PairedTable<S> {
    private final List<S> saffron;
    private final List<S> reference;
    private final List<String[]> rows = new ArrayList<>();

    /**
     * @param saffron   Saffron's samples, in pair order
     * @param reference the reference's, in the same order
     * @throws IllegalArgumentException if the lists differ in length or are empty
     */
    PairedTable(List<S> saffron, List<S> reference) {
        if (saffron.size() != reference.size() || saffron.isEmpty()) {
            throw new IllegalArgumentException("need as many reference samples as Saffron samples, at least one: "
                    + saffron.size() + " and " + reference.size());
        }
        this.saffron = List.copyOf(saffron);
        this.reference = List.copyOf(reference);
    }

    /** Adds a metric's row. */
    PairedTable<S> metric(String name, ToDoubleFunction<S> value) {
        double[] ours = new double[saffron.size()];
        double[] theirs = new double[saffron.size()];
        for (int i = 0; i < ours.length; i++) {
            ours[i] = value.applyAsDouble(saffron.get(i));
            theirs[i] = value.applyAsDouble(reference.get(i));
        }
        // A pair where both read zero (CPU time counts in 10 ms steps) has no ratio; it is left out.
        double[] ratios = IntStream.range(0, ours.length).mapToDouble(i -> ours[i] / theirs[i])
                .filter(ratio -> !Double.isNaN(ratio)).toArray();
        String ratioCell = "-";
        if (ratios.length > 0) {
            Summary ratio = Summary.of(ratios);
            ratioCell = Double.isNaN(ratio.low()) ? number(ratio.median())
                    : number(ratio.median()) + " [" + number(ratio.low()) + ", " + number(ratio.high()) + "]";
        }
        rows.add(new String[] {name, spread(Summary.of(ours)), spread(Summary.of(theirs)), ratioCell});
        return this;
    }

    /** Prints the rows under a header naming the reference. */
    void print(PrintStream out, String referenceName) {
        List<String[]> all = new ArrayList<>();
        all.add(new String[] {"metric", "Saffron median [min, max]", referenceName + " median [min, max]",
            "ratio median [95% CI]"});
        all.addAll(rows);
        int[] widths = new int[4];
        for (String[] row : all) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (int r = 0; r < all.size(); r++) {
            StringBuilder line = new StringBuilder("|");
            for (int i = 0; i < widths.length; i++) {
                String cell = all.get(r)[i];
                line.append(' ').append(i == 0 ? pad(cell, widths[i]) : padLeft(cell, widths[i])).append(" |");
            }
            out.println(line);
            if (r == 0) {
                StringBuilder rule = new StringBuilder("|");
                for (int i = 0; i < widths.length; i++) {
                    rule.append(i == 0 ? "-".repeat(widths[i] + 2) : "-".repeat(widths[i] + 1) + ":").append('|');
                }
                out.println(rule);
            }
        }
    }

    private static String spread(Summary summary) {
        return number(summary.median()) + " [" + number(summary.min()) + ", " + number(summary.max()) + "]";
    }

    /** Three significant digits, enough for noisy measurements; infinite and NaN spelled out. */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return String.valueOf(value);
        }
        double magnitude = Math.abs(value);
        String pattern = magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f" : magnitude >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, value);
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }

    private static String padLeft(String text, int width) {
        return " ".repeat(width - text.length()) + text;
    }
}
