package dev.saffron.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairedTableTest {
    private static String print(PairedTable<Double> table) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        table.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), "reference");
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void ratiosArePairedNotMediansDivided() {
        // Medians 30 and 10 would divide to 3; the pairs' own ratios are 1, 2 and 6.
        PairedTable<Double> table = new PairedTable<>(List.of(10.0, 30.0, 60.0), List.of(10.0, 15.0, 10.0))
                .metric("value", Double::doubleValue);
        String[] lines = print(table).split("\n");
        assertEquals(3, lines.length);
        String row = lines[2];
        assertTrue(row.startsWith("| value "), row);
        assertTrue(row.contains(" 30.0 [10.0, 60.0] |"), row);
        assertTrue(row.contains(" 10.0 [10.0, 15.0] |"), row);
        assertTrue(row.endsWith(" 2.00 |"), row);
    }

    @Test
    void sixPairsOrMoreGetAnInterval() {
        List<Double> ours = List.of(2.0, 4.0, 6.0, 8.0, 10.0, 12.0);
        List<Double> theirs = List.of(1.0, 1.0, 1.0, 1.0, 1.0, 1.0);
        String row = print(new PairedTable<>(ours, theirs).metric("x", Double::doubleValue)).split("\n")[2];
        assertTrue(row.endsWith(" 7.00 [2.00, 12.0] |"), row);
    }

    @Test
    void pairsWhereBothAreZeroHaveNoRatio() {
        String row = print(new PairedTable<>(List.of(0.0, 4.0), List.of(0.0, 2.0)).metric("x", Double::doubleValue))
                .split("\n")[2];
        assertTrue(row.endsWith(" 2.00 |"), row);
        String none = print(new PairedTable<>(List.of(0.0), List.of(0.0)).metric("x", Double::doubleValue))
                .split("\n")[2];
        assertTrue(none.endsWith(" - |"), none);
    }

    @Test
    void refusesUnpairedSamples() {
        assertThrows(IllegalArgumentException.class, () -> new PairedTable<>(List.of(1.0), List.of(1.0, 2.0)));
        assertThrows(IllegalArgumentException.class, () -> new PairedTable<Double>(List.of(), List.of()));
    }
}
