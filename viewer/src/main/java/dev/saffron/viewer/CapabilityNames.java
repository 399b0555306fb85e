package dev.saffron.viewer;

import dev.saffron.spice.ChannelType;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Human names of capability numbers, as spice-protocol names them, for {@code saffron info}. */
final class CapabilityNames {
    private static final List<String> COMMON = List.of("auth-selection", "auth-spice", "auth-sasl", "mini-header");
    private static final List<String> SPICEVMC = List.of("data-compress-lz4");
    private static final Map<ChannelType, List<String>> CHANNEL = Map.of(
            ChannelType.MAIN, List.of("semi-seamless-migrate", "name-and-uuid", "agent-connected-tokens",
                    "seamless-migrate"),
            ChannelType.DISPLAY, List.of("sized-stream", "monitors-config", "composite", "a8-surface",
                    "stream-report", "lz4-compression", "pref-compression", "gl-scanout", "multi-codec",
                    "codec-mjpeg", "codec-vp8", "codec-h264", "pref-video-codec-type", "codec-vp9", "codec-h265"),
            ChannelType.INPUTS, List.of("key-scancode"),
            ChannelType.PLAYBACK, List.of("celt-0.5.1", "volume", "latency", "opus"),
            ChannelType.RECORD, List.of("celt-0.5.1", "volume", "opus"),
            ChannelType.PORT, SPICEVMC,
            ChannelType.WEBDAV, SPICEVMC,
            ChannelType.USBREDIR, SPICEVMC);

    private CapabilityNames() {
    }

    static String common(Set<Integer> caps) {
        return describe(caps, COMMON);
    }

    static String channel(ChannelType type, Set<Integer> caps) {
        return describe(caps, CHANNEL.getOrDefault(type, List.of()));
    }

    private static String describe(Set<Integer> caps, List<String> names) {
        if (caps.isEmpty()) {
            return "none";
        }
        return caps.stream().sorted()
                .map(cap -> cap < names.size() ? names.get(cap) : "cap-" + cap)
                .collect(Collectors.joining(", "));
    }
}
