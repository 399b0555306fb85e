package dev.saffron.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Counts the pixels each benchmark operation decodes. JMH reports it next to the score as a rate, pixels
 * per second, so the runner divides by a million for Mpx/s, and by the score for pixels per operation.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class PixelCounter {
    /** Pixels decoded in this iteration; JMH reads the public field. */
    public long pixels;

    /** Starts each iteration's count from zero. */
    @Setup(Level.Iteration)
    public void reset() {
        pixels = 0;
    }
}
