package dev.saffron.spice.internal.audio;

import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.wire.WireReader;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static dev.saffron.spice.internal.protocol.AudioProtocol.MAX_CHANNELS;

/** The VOLUME message both audio channels share: {@code u8 nchannels, u16 volume[nchannels]}, 0 to 65535. */
final class AudioVolume {
    private AudioVolume() {
    }

    /**
     * @return each channel's level, 0 (silent) to 65535 (full); empty for a volume of no channel, which
     *         spice-gtk ignores too
     * @throws SpiceException if the message names more channels than SPICE streams have, or is cut short
     */
    static Optional<List<Integer>> parse(MemorySegment body, String what) throws SpiceException {
        WireReader reader = new WireReader(body, what);
        int count = reader.count8(2, MAX_CHANNELS);
        if (count == 0) {
            return Optional.empty();
        }
        List<Integer> levels = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            levels.add(reader.u16());
        }
        return Optional.of(Collections.unmodifiableList(levels));
    }
}
