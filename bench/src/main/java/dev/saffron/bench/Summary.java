package dev.saffron.bench;

import java.util.Arrays;

/**
 * The median of a few measurements, their range, and a distribution-free 95% confidence interval for the
 * median: the order statistics {@code x(k)} and {@code x(n+1-k)} with the largest {@code k} for which a
 * Binomial(n, 1/2) count falls below {@code k} with probability at most 2.5%. It assumes nothing about the
 * distribution, which on a machine shared with other jobs is anything but normal. With fewer than six values
 * no such interval exists and both bounds are NaN.
 *
 * @param count  how many values
 * @param median the median (the mean of the middle two for an even count)
 * @param min    the smallest value
 * @param max    the largest value
 * @param low    the interval's lower bound
 * @param high   the interval's upper bound
 */
record Summary(int count, double median, double min, double max, double low, double high) {
    private static final double TAIL = 0.025;

    /**
     * @throws IllegalArgumentException if {@code values} is empty or holds NaN
     */
    static Summary of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to summarize");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        if (Double.isNaN(sorted[sorted.length - 1])) {
            throw new IllegalArgumentException("NaN among the values");
        }
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        int k = confidenceRank(n);
        double low = k == 0 ? Double.NaN : sorted[k - 1];
        double high = k == 0 ? Double.NaN : sorted[n - k];
        return new Summary(n, median, sorted[0], sorted[n - 1], low, high);
    }

    /** @return the largest k with P(Binomial(n, 1/2) &lt; k) at most {@value #TAIL}, or 0 when even k = 1 fails */
    static int confidenceRank(int n) {
        double probability = Math.pow(0.5, n);
        double below = 0;
        int k = 0;
        while (k < n) {
            below += probability;
            if (below > TAIL) {
                break;
            }
            k++;
            probability = probability * (n - k + 1) / k;
        }
        return k;
    }
}
