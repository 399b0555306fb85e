package dev.saffron.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryTest {
    @Test
    void oddCountTakesTheMiddleValueWhateverTheOrder() {
        Summary summary = Summary.of(9, 1, 5, 3, 7);
        assertEquals(5, summary.median());
        assertEquals(1, summary.min());
        assertEquals(9, summary.max());
        assertEquals(5, summary.count());
    }

    @Test
    void evenCountAveragesTheMiddleTwo() {
        assertEquals(2.5, Summary.of(4, 1, 3, 2).median());
    }

    @Test
    void confidenceRanksMatchTheBinomialTables() {
        // P(Bin(n, 1/2) < k) <= 0.025 at these k and above 0.025 at k + 1, worked out by hand:
        // n=6: 1/64 = 0.016, 7/64 = 0.11; n=10: 11/1024 = 0.011, 56/1024 = 0.055;
        // n=20: P(<6) = 21700/1048576 = 0.021, P(<7) = 60460/1048576 = 0.058.
        assertEquals(0, Summary.confidenceRank(5));
        assertEquals(1, Summary.confidenceRank(6));
        assertEquals(2, Summary.confidenceRank(10));
        assertEquals(6, Summary.confidenceRank(20));
    }

    @Test
    void tenValuesGiveTheSecondAndNinthAsTheInterval() {
        Summary summary = Summary.of(10, 1, 9, 2, 8, 3, 7, 4, 6, 5);
        assertEquals(2, summary.low());
        assertEquals(9, summary.high());
        assertEquals(5.5, summary.median());
    }

    @Test
    void fewerThanSixValuesHaveNoInterval() {
        Summary summary = Summary.of(1, 2, 3);
        assertTrue(Double.isNaN(summary.low()));
        assertTrue(Double.isNaN(summary.high()));
    }

    @Test
    void refusesNothingAndNaN() {
        assertThrows(IllegalArgumentException.class, Summary::of);
        assertThrows(IllegalArgumentException.class, () -> Summary.of(1, Double.NaN, 2));
    }
}
