package dev.saffron.spice;

import dev.saffron.spice.internal.channel.ChannelEngine;
import dev.saffron.spice.internal.wire.Capabilities;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One SPICE channel, as the application sees it: its identity, its state and its listeners. Its engine (under
 * {@code internal}) connects, links and handles the messages on the channel's own daemon platform thread. Each
 * channel type takes listeners of its own type only ({@code addListener} on the subclass), so a listener is
 * always added where it will be called; lifecycle events ({@link ChannelEvent}) reach every one of them.
 */
public abstract sealed class SpiceChannel permits MainChannel, DisplayChannel, InputsChannel, CursorChannel,
        PortChannel, SmartcardChannel, PlaybackChannel, RecordChannel, UsbRedirChannel, WebdavChannel {
    private final SpiceSession session;

    SpiceChannel(SpiceSession session) {
        this.session = session;
    }

    /** @return the engine behind this facade */
    abstract ChannelEngine engine();

    /** @return this channel's listeners, for lifecycle events */
    abstract List<? extends ChannelListener> listeners();

    /** @return the channel type */
    public ChannelType type() {
        return engine().type();
    }

    /** @return the channel id (several channels of one type differ by id) */
    public int id() {
        return engine().id();
    }

    /** @return the session this channel belongs to */
    public SpiceSession session() {
        return session;
    }

    /** @return a short name such as {@code display-0} */
    public String name() {
        return engine().name();
    }

    /** @return whether the channel is linked and its connection has not ended */
    public boolean isOpen() {
        return engine().isOpen();
    }

    /** @return the server's capabilities for this channel type (empty before the link) */
    public Set<Integer> serverCapabilities() {
        return toSet(engine().serverCapabilities());
    }

    /** @return the server's common capabilities (empty before the link) */
    public Set<Integer> serverCommonCapabilities() {
        return toSet(engine().serverCommonCapabilities());
    }

    /** @return whether the server announced channel capability {@code capability} (spice-gtk's test_capability) */
    public boolean testCapability(int capability) {
        return engine().serverCapabilities().has(capability);
    }

    private static Set<Integer> toSet(Capabilities caps) {
        return Arrays.stream(caps.numbers()).boxed().collect(Collectors.toUnmodifiableSet());
    }

    /** Closes this channel's connection; it ends with {@link ChannelEvent#CLOSED}. Idempotent. */
    public void disconnect() {
        engine().disconnect();
    }

    @Override
    public String toString() {
        return name();
    }
}
