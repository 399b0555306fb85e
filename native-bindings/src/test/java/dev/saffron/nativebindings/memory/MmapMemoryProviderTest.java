package dev.saffron.nativebindings.memory;

import dev.saffron.spice.spi.LazyMemoryProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Anonymous mappings: zero, resident only where written, unmapped when the arena closes. */
class MmapMemoryProviderTest {
    private static final long MIB = 1024 * 1024;

    private static LazyMemoryProvider provider() {
        List<LazyMemoryProvider> providers = new ArrayList<>();
        ServiceLoader.load(LazyMemoryProvider.class).forEach(providers::add);
        assertEquals(1, providers.size(), "providers found: " + providers);
        assertTrue(providers.getFirst().isAvailable(), "mmap binds on this Linux machine");
        return providers.getFirst();
    }

    /** @return kibibytes of the process's anonymous resident memory */
    private static long residentAnonymousKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("RssAnon:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError("no RssAnon in /proc/self/status");
    }

    @Test
    void aLargeMappingIsZeroAndCostsMemoryOnlyWhereWritten() throws Exception {
        LazyMemoryProvider provider = provider();
        long size = 1024 * MIB;
        MemorySegment memory;
        try (Arena arena = Arena.ofShared()) {
            long before = residentAnonymousKib();
            memory = provider.allocate(arena, size);
            assertEquals(size, memory.byteSize());
            assertEquals(0, memory.address() % 4096, "page-aligned");
            for (long at = 0; at < 4 * MIB; at += 4096) {
                memory.set(ValueLayout.JAVA_INT, at, 1);
            }
            assertEquals(0, memory.get(ValueLayout.JAVA_LONG, size - 8));
            long grown = residentAnonymousKib() - before;
            assertTrue(grown < 256 * 1024, "1 GiB mapped, 4 MiB written, resident grew by " + grown + " KiB");
        }
        assertFalse(memory.scope().isAlive());
    }
}
