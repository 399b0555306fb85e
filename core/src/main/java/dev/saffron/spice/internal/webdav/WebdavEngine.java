package dev.saffron.spice.internal.webdav;

import dev.saffron.spice.ChannelType;
import dev.saffron.spice.PortChannel;
import dev.saffron.spice.SharedFolderServer;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.channel.ChannelEngine;
import dev.saffron.spice.internal.channel.ChannelHost;
import dev.saffron.spice.internal.wire.Capabilities;
import dev.saffron.spice.internal.wire.WireReader;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

import static dev.saffron.spice.internal.protocol.PortProtocol.*;

/**
 * The engine of the webdav channel: a port channel ({@code org.spice-space.webdav.0}) whose byte stream
 * {@link WebdavMux} splits into guest connections to a {@link SharedFolderServer}. Handles the port messages
 * itself rather than through {@code PortEngine}, whose data goes to the event executor: here the data is handled
 * on the channel thread, so that a full connection buffer stops the channel from reading, which is the only
 * brake the guest has.
 */
public final class WebdavEngine extends ChannelEngine {
    private static final int MAX_NAME_BYTES = 4096;

    private final WebdavMux mux;
    private volatile boolean opened;

    public WebdavEngine(ChannelHost host, int id, SharedFolderServer server, MuxLimits limits) {
        super(host, ChannelType.WEBDAV, id);
        this.mux = new WebdavMux(server, frame -> send(MSGC_DATA, frame), limits);
    }

    @Override
    public Capabilities clientCapabilities() {
        return Capabilities.none();
    }

    /** @return whether spice-webdavd in the guest has the port open */
    public boolean isPortOpened() {
        return opened;
    }

    /** @return the guest connections open now */
    public int activeClients() {
        return mux.activeClients();
    }

    /** @return the guest connections opened since the channel started */
    public long clientsOpened() {
        return mux.clientsOpened();
    }

    @Override
    protected void handleMessage(int type, MemorySegment body) throws IOException {
        switch (type) {
            case MSG_PORT_INIT -> {
                WireReader reader = new WireReader(body, "webdav INIT");
                long nameSize = reader.u32();
                reader.u32();
                boolean initiallyOpened = reader.u8() != 0;
                if (nameSize == 0 || nameSize > MAX_NAME_BYTES) {
                    throw reader.malformed("name size " + nameSize);
                }
                opened = initiallyOpened;
            }
            case MSG_PORT_EVENT -> {
                int event = new WireReader(body, "webdav EVENT").u8();
                if (event == PortChannel.EVENT_OPENED) {
                    opened = true;
                    mux.reset("the guest opened the port again");
                } else if (event == PortChannel.EVENT_CLOSED) {
                    opened = false;
                    mux.reset("the guest closed the port");
                }
            }
            case MSG_DATA -> accept(body);
            case MSG_COMPRESSED_DATA -> {
                WireReader reader = new WireReader(body, "webdav COMPRESSED_DATA");
                if (reader.u8() != 0) {
                    throw reader.malformed("compressed data was never offered by this client");
                }
                accept(reader.rest());
            }
            default -> { }
        }
    }

    private void accept(MemorySegment data) throws SpiceException {
        opened = true;
        try {
            mux.accept(data.asByteBuffer());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpiceException(SpiceError.IO, name() + ": interrupted", e);
        }
    }

    @Override
    public void channelEnded() {
        mux.reset("the channel ended");
    }

    /** The guest's connections went with the old server. */
    @Override
    protected void connectionReset() {
        mux.reset("the session moved to a new server");
    }
}
