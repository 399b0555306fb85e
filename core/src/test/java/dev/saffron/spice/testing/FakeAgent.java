package dev.saffron.spice.testing;

import dev.saffron.spice.internal.agent.VdAgent;
import dev.saffron.spice.internal.protocol.MainProtocol;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays the server and guest agent side of the main channel's agent transport on a {@link ChannelHarness}:
 * grants tokens, reads the client's AGENT_DATA messages back into agent messages, and sends agent messages cut
 * into AGENT_DATA messages. Its message layouts are written from the protocol description alone,
 * apart from the client's code, so that tests of one check the other; only the message numbers are the
 * client's own ({@link MainProtocol}, {@link VdAgent}), declared once. Used by one thread at a time.
 */
public final class FakeAgent {
    /**
     * One agent message from the client.
     *
     * @param type    the agent message type
     * @param payload the bytes after the 20-byte header
     */
    public record AgentMessage(int type, byte[] payload) {
        /** @return the payload in little-endian order */
        public ByteBuffer view() {
            return ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private final ChannelHarness channel;
    private final List<FakeSpiceServer.Message> others = new ArrayList<>();
    private final List<Integer> chunkSizes = new ArrayList<>();
    private long startTokens = -1;
    private boolean grantPerChunk;

    /** @param channel a harness running a main channel whose INIT was sent */
    public FakeAgent(ChannelHarness channel) {
        this.channel = channel;
    }

    /** Announces the agent with AGENT_CONNECTED_TOKENS. */
    public void connect(int tokens) throws IOException {
        channel.send(MainProtocol.MSG_AGENT_CONNECTED_TOKENS, le(4).putInt(tokens).array());
    }

    /** Announces that the agent left. */
    public void disconnect() throws IOException {
        channel.send(MainProtocol.MSG_AGENT_DISCONNECTED, le(4).putInt(0).array());
    }

    /** Grants the client more tokens. */
    public void grant(int tokens) throws IOException {
        channel.send(MainProtocol.MSG_AGENT_TOKEN, le(4).putInt(tokens).array());
    }

    /**
     * Makes every AGENT_DATA read from now on answered with one new token, as spice-server does once the guest
     * took the data, so long transfers keep flowing.
     */
    public void grantPerChunk(boolean value) {
        grantPerChunk = value;
    }

    /** @return the tokens the client granted in AGENT_START, or -1 before it arrived */
    public long startTokens() {
        return startTokens;
    }

    /** @return the body size of every AGENT_DATA message read so far, in order */
    public List<Integer> chunkSizes() {
        return List.copyOf(chunkSizes);
    }

    /** @return client messages other than AGENT_START and AGENT_DATA, in order */
    public List<FakeSpiceServer.Message> otherMessages() {
        return List.copyOf(others);
    }

    /** @return whether the client sent nothing more within {@code millis} milliseconds */
    public boolean silentFor(long millis) throws InterruptedException {
        return channel.silentFor(millis);
    }

    /** Reads client messages until an AGENT_DATA arrives, and returns its body. */
    public byte[] readChunk() throws IOException {
        while (true) {
            FakeSpiceServer.Message message = channel.readMessage();
            if (message.type() == MainProtocol.MSGC_AGENT_START) {
                startTokens = Integer.toUnsignedLong(message.view().getInt());
            } else if (message.type() != MainProtocol.MSGC_AGENT_DATA) {
                others.add(message);
            } else {
                chunkSizes.add(message.body().length);
                if (message.body().length > VdAgent.MAX_DATA_SIZE) {
                    throw new IOException("AGENT_DATA of " + message.body().length + " bytes");
                }
                if (grantPerChunk) {
                    grant(1);
                }
                return message.body();
            }
        }
    }

    /**
     * Reads client messages until one whole agent message arrived. Fails if an agent message does not start
     * at an AGENT_DATA boundary, shares one with another, or has a chunk short of 2048 bytes but its last.
     */
    public AgentMessage next() throws IOException {
        ByteBuffer header = null;
        ByteBuffer payload = null;
        while (payload == null || payload.hasRemaining()) {
            byte[] chunk = readChunk();
            ByteBuffer body = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
            if (header == null) {
                if (body.remaining() < 20) {
                    throw new IOException("an agent message header split across AGENT_DATA messages");
                }
                header = body.slice(0, 20).order(ByteOrder.LITTLE_ENDIAN);
                if (header.getInt(0) != 1 || header.getLong(8) != 0) {
                    throw new IOException("bad agent header: protocol " + header.getInt(0));
                }
                payload = ByteBuffer.allocate(header.getInt(16));
                body.position(20);
            }
            if (body.remaining() > payload.remaining()) {
                throw new IOException("two agent messages in one AGENT_DATA");
            }
            payload.put(body);
            if (payload.hasRemaining() && chunk.length != VdAgent.MAX_DATA_SIZE) {
                throw new IOException("a chunk of " + chunk.length + " bytes before the message's last");
            }
        }
        return new AgentMessage(header.getInt(4), payload.array());
    }

    /** Reads agent messages until one of {@code type} arrives, skipping others. */
    public AgentMessage next(int type) throws IOException {
        while (true) {
            AgentMessage message = next();
            if (message.type() == type) {
                return message;
            }
        }
    }

    /** Sends an agent message, cut into AGENT_DATA messages of at most 2048 bytes. */
    public void send(int type, byte[] payload) throws IOException {
        byte[] whole = message(type, payload);
        for (int offset = 0; offset < whole.length; offset += VdAgent.MAX_DATA_SIZE) {
            int length = Math.min(VdAgent.MAX_DATA_SIZE, whole.length - offset);
            byte[] chunk = new byte[length];
            System.arraycopy(whole, offset, chunk, 0, length);
            channel.send(MainProtocol.MSG_AGENT_DATA, chunk);
        }
    }

    /** Sends bytes as one AGENT_DATA message, as they are. */
    public void sendRaw(byte[] bytes) throws IOException {
        channel.send(MainProtocol.MSG_AGENT_DATA, bytes);
    }

    /** @return a whole agent message: header and payload */
    public static byte[] message(int type, byte[] payload) {
        return le(20 + payload.length).putInt(1).putInt(type).putLong(0).putInt(payload.length).put(payload).array();
    }

    /** Announces the agent's capabilities. */
    public void announce(boolean request, int... capabilities) throws IOException {
        int word = 0;
        for (int capability : capabilities) {
            word |= 1 << capability;
        }
        send(VdAgent.ANNOUNCE_CAPABILITIES, le(8).putInt(request ? 1 : 0).putInt(word).array());
    }

    /** @return a little-endian buffer of {@code size} bytes */
    public static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
