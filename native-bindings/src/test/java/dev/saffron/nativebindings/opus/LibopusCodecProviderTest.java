package dev.saffron.nativebindings.opus;

import dev.saffron.spice.spi.OpusCodecProvider;
import dev.saffron.spice.testing.OpusCodecContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The libopus binding through core's service interface (Debian package libopus0). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LibopusCodecProviderTest extends OpusCodecContract {
    @Override
    protected OpusCodecProvider provider() {
        List<OpusCodecProvider> providers = new ArrayList<>();
        ServiceLoader.load(OpusCodecProvider.class).forEach(providers::add);
        assertEquals(1, providers.size(), "providers found: " + providers);
        assertTrue(providers.getFirst() instanceof LibopusCodecProvider);
        return providers.getFirst();
    }

    @Test
    void theLibraryLoads() {
        assertEquals(java.util.Optional.empty(), Opus.unavailableReason());
    }
}
