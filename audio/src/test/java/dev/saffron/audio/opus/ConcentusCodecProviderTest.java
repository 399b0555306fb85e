package dev.saffron.audio.opus;

import dev.saffron.spice.spi.OpusCodecProvider;
import dev.saffron.spice.testing.OpusCodecContract;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

/** concentus through core's service interface. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConcentusCodecProviderTest extends OpusCodecContract {
    @Override
    protected OpusCodecProvider provider() {
        return new ConcentusCodecProvider();
    }
}
