package dev.saffron.viewer;

import dev.saffron.spice.AnnouncedChannel;
import dev.saffron.spice.MainChannel;
import dev.saffron.spice.MouseMode;
import dev.saffron.spice.PortChannel;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceChannel;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.SpiceSession;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code saffron info URI}: what the server says about itself and its channels. */
final class InfoCommand {
    private InfoCommand() {
    }

    static void run(SessionConfig config, PrintStream out) throws SpiceException {
        try (SpiceSession session = new SpiceSession(config)) {
            session.connect();
            List<SpiceChannel> open = session.awaitChannels(config.connectTimeout());
            MainChannel main = session.mainChannel().orElseThrow();
            out.println("server:      " + config.uri().map(Object::toString).orElse("?"));
            out.println("name:        " + session.name().orElse("(not set)"));
            out.println("uuid:        " + session.uuid().map(Object::toString).orElse("(not set)"));
            out.println("mouse mode:  " + lower(main.mouseMode()) + " (supported: "
                    + main.supportedMouseModes().stream().sorted().map(InfoCommand::lower)
                    .collect(Collectors.joining(", ")) + ")");
            out.println("agent:       " + (main.isAgentConnected()
                    ? "connected (" + main.agentTokens() + " tokens)" : "not connected"));
            out.println("common caps: " + CapabilityNames.common(main.serverCommonCapabilities()));
            List<AnnouncedChannel> announced = main.serverChannels();
            out.println("channels:    " + (announced.size() + 1) + " (main and " + announced.size()
                    + " announced by the server)");
            out.println("  " + describe(main));
            for (AnnouncedChannel channel : announced) {
                Optional<SpiceChannel> opened = open.stream()
                        .filter(c -> c.type().wireValue() == channel.wireType() && c.id() == channel.id())
                        .findFirst();
                out.println("  " + opened.map(InfoCommand::describe).orElse(String.format("%-12s %s",
                        channel, "not opened: Saffron does not implement this channel type yet")));
            }
        }
    }

    private static String describe(SpiceChannel channel) {
        String extra = "";
        if (channel instanceof PortChannel port) {
            extra = " port " + port.portName().orElse("?") + (port.isPortOpened() ? " (open)" : " (closed)") + ";";
        }
        String state = channel.isOpen() ? "open;" : "closed;";
        return String.format("%-12s %s%s caps: %s", channel.name(), state, extra,
                CapabilityNames.channel(channel.type(), channel.serverCapabilities()));
    }

    private static String lower(MouseMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }
}
