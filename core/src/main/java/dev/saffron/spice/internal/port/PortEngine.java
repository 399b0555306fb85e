package dev.saffron.spice.internal.port;

import dev.saffron.spice.ChannelType;
import dev.saffron.spice.PortChannel;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.channel.ChannelEngine;
import dev.saffron.spice.internal.channel.ChannelHost;
import dev.saffron.spice.internal.wire.Capabilities;
import dev.saffron.spice.internal.wire.MessageBuilder;
import dev.saffron.spice.internal.wire.WireReader;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static dev.saffron.spice.internal.protocol.PortProtocol.*;

/**
 * The engine of a port channel: a named byte stream to a guest or QEMU character device. Tells its facade
 * through {@link Events}.
 */
public final class PortEngine extends ChannelEngine {
    /** What the engine tells its facade; each call is made on the session's event executor. */
    public interface Events {
        void portName(String name);

        void portOpened(boolean opened);

        void portData(ByteBuffer data);

        void portEvent(int event);
    }

    /** Writes are cut into messages of at most this size so no single message holds a huge buffer. */
    static final int MAX_WRITE_CHUNK = 64 * 1024;
    private static final int MAX_NAME_BYTES = 4096;

    private final Events events;
    private volatile String portName;
    private volatile boolean opened;

    public PortEngine(ChannelHost host, int id, Events events) {
        super(host, ChannelType.PORT, id);
        this.events = events;
    }

    @Override
    public Capabilities clientCapabilities() {
        return Capabilities.none();
    }

    @Override
    public void channelUp() {
        // Ready once PORT_INIT tells the name: a port without a name is of no use to anyone yet.
    }

    /** @return the port's name, once the server sent it */
    public Optional<String> portName() {
        return Optional.ofNullable(portName);
    }

    /** @return whether the guest side of the port is open */
    public boolean isPortOpened() {
        return opened;
    }

    /**
     * Sends bytes to the guest side (spice-gtk's {@code spice_port_channel_write_async}). The buffer's remaining
     * bytes are sent; it must not be changed until the future completes.
     *
     * @return completes with the number of bytes written, or fails if the port is not opened or the channel ends
     */
    public CompletableFuture<Integer> write(ByteBuffer data) {
        if (!opened) {
            return CompletableFuture.failedFuture(
                    new SpiceException(SpiceError.FAILED, "the port " + describe() + " is not opened"));
        }
        int total = data.remaining();
        ByteBuffer source = data.duplicate();
        CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
        do {
            ByteBuffer chunk = source.slice(source.position(), Math.min(source.remaining(), MAX_WRITE_CHUNK));
            source.position(source.position() + chunk.remaining());
            last = send(MSGC_DATA, chunk);
        } while (source.hasRemaining());
        return last.thenApply(ignored -> total);
    }

    /** Sends a port event to the server (spice-gtk's {@code spice_port_channel_event}). */
    public CompletableFuture<Void> event(int event) {
        return send(MSGC_PORT_EVENT, new MessageBuilder(1).u8(event).build());
    }

    private String describe() {
        return portName == null ? name() : "'" + portName + "'";
    }

    @Override
    protected void handleMessage(int type, MemorySegment body) throws IOException {
        switch (type) {
            case MSG_PORT_INIT -> {
                WireReader reader = new WireReader(body, "port INIT");
                long nameSize = reader.u32();
                long namePointer = reader.u32();
                boolean initiallyOpened = reader.u8() != 0;
                if (nameSize == 0 || nameSize > MAX_NAME_BYTES) {
                    throw reader.malformed("name size " + nameSize);
                }
                String name = reader.at(namePointer).string((int) nameSize);
                portName = name;
                host.fire(() -> events.portName(name));
                setOpened(initiallyOpened);
                if (initiallyOpened) {
                    host.fire(() -> events.portEvent(PortChannel.EVENT_OPENED));
                }
                markReady();
            }
            case MSG_PORT_EVENT -> {
                int event = new WireReader(body, "port EVENT").u8();
                if (event == PortChannel.EVENT_OPENED) {
                    setOpened(true);
                } else if (event == PortChannel.EVENT_CLOSED) {
                    setOpened(false);
                }
                host.fire(() -> events.portEvent(event));
            }
            case MSG_DATA -> deliver(body);
            case MSG_COMPRESSED_DATA -> {
                WireReader reader = new WireReader(body, "port COMPRESSED_DATA");
                if (reader.u8() != 0) {
                    throw reader.malformed("compressed data was never offered by this client");
                }
                deliver(reader.rest());
            }
            default -> { }
        }
    }

    private void deliver(MemorySegment body) {
        setOpened(true);
        ByteBuffer copy = ByteBuffer.wrap(body.toArray(ValueLayout.JAVA_BYTE));
        host.fire(() -> events.portData(copy.duplicate()));
    }

    private void setOpened(boolean nowOpened) {
        if (opened == nowOpened) {
            return;
        }
        opened = nowOpened;
        host.fire(() -> events.portOpened(nowOpened));
    }
}
