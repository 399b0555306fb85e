package dev.saffron.usbredir.internal;

import dev.saffron.usbredir.UsbDevice;
import dev.saffron.usbredir.UsbRedirException;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.saffron.usbredir.internal.Protocol.*;

/**
 * QEMU's usb-redir as the tests play it: a {@link SlotHost} over a pipe whose other end this reads with a
 * guest-side parser and writes with its own writer.
 */
public final class GuestSide implements SlotHost.Pipe {
    /** QEMU's capabilities as its usb-redir device announces them on an xHCI bus. */
    public static final Capabilities QEMU = Capabilities.of(CAP_CONNECT_DEVICE_VERSION, CAP_FILTER,
            CAP_DEVICE_DISCONNECT_ACK, CAP_EP_INFO_MAX_PACKET_SIZE, CAP_64BITS_IDS, CAP_32BITS_BULK_LENGTH,
            CAP_BULK_RECEIVING, CAP_BULK_STREAMS);

    private final BlockingQueue<byte[]> written = new LinkedBlockingQueue<>();
    private final ArrayDeque<Packet> parsed = new ArrayDeque<>();
    private PacketParser parser;
    private PacketWriter writer = new PacketWriter();
    /** The stream the pipe carries now, as a relinked usbredir channel counts them. */
    private volatile long stream;
    /** The stream the host's conversation belongs to; its writes for any other are dropped, as the channel does. */
    private volatile long hostStream;
    /** Writes the host made for a stream that had ended. */
    public final java.util.concurrent.atomic.AtomicInteger staleWrites = new java.util.concurrent.atomic.AtomicInteger();
    private final Capabilities caps;
    public final List<String> gone = new ArrayList<>();
    public final SlotHost host;
    public volatile boolean closedByHost;

    public GuestSide(Capabilities caps) {
        this.caps = caps;
        this.parser = new PacketParser(false, caps);
        this.host = new SlotHost(this, this::deviceGone);
    }

    private synchronized void deviceGone(UsbDevice device, UsbRedirException cause) {
        gone.add(device.info().description() + (cause == null ? "" : ": " + cause.getMessage()));
    }

    public synchronized List<String> gone() {
        return List.copyOf(gone);
    }

    @Override
    public String name() {
        return "usbredir-test";
    }

    @Override
    public CompletableFuture<Void> write(ByteBuffer data) {
        if (hostStream != stream) {
            staleWrites.incrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException("stream " + hostStream + " has ended"));
        }
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        written.add(bytes);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
        closedByHost = true;
    }

    @Override
    public void newStream() {
        hostStream = stream;
    }

    /**
     * The channel relinked to a new QEMU: a new stream whose guest side knows nothing yet; what the host wrote
     * before is dropped with the old stream. Call {@link #connect()} next.
     */
    public void relink() {
        stream++;
        written.clear();
        parsed.clear();
        parser = new PacketParser(false, caps);
        writer = new PacketWriter();
    }

    /** Opens the stream and trades hellos; returns the host's hello. */
    public Packet connect() throws Exception {
        host.opened();
        Packet hello = next();
        if (hello.type() != HELLO) {
            throw new AssertionError("the host began with " + hello);
        }
        send(PacketWriter.hello("qemu usb-redir guest (test)", caps));
        writer.peerHello(parser.both());
        return hello;
    }

    public void send(byte[] bytes) {
        host.received(bytes);
    }

    public void send(int type, long id, byte[] header, byte[] data) {
        send(writer.packet(type, id, header, data));
    }

    public PacketWriter writer() {
        return writer;
    }

    /** @return the host's next packet, waiting up to five seconds */
    public Packet next() throws Exception {
        while (parsed.isEmpty()) {
            byte[] bytes = written.poll(5, TimeUnit.SECONDS);
            if (bytes == null) {
                throw new AssertionError("the host sent nothing within 5 s");
            }
            parsed.addAll(parser.feed(bytes, 0, bytes.length));
        }
        Packet packet = parsed.poll();
        if (!packet.wellFormed()) {
            throw new AssertionError("the host sent a malformed packet: " + packet);
        }
        return packet;
    }

    /** Reads everything the host sent so far, failing on any packet that is not well-formed usbredir. */
    public void drainWritten() throws UsbRedirProtocolException {
        byte[] bytes;
        while ((bytes = written.poll()) != null) {
            for (Packet packet : parser.feed(bytes, 0, bytes.length)) {
                if (!packet.wellFormed()) {
                    throw new AssertionError("the host sent a malformed packet: " + packet);
                }
            }
        }
        parsed.clear();
    }

    /** @return whether the host sends nothing more within {@code millis} */
    public boolean silentFor(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return parsed.isEmpty() && written.isEmpty();
    }

    /** A control request on endpoint 0 (IN when {@code requestType} has bit 7); returns the answer. */
    public Packet control(long id, int requestType, int request, int value, int index, int length, byte[] out)
            throws Exception {
        byte[] header = new PacketWriter.Fields(10).u8(requestType & 0x80).u8(request).u8(requestType).u8(0)
                .u16(value).u16(index).u16(length).build();
        send(CONTROL_PACKET, id, header, out);
        return next();
    }

    /** A bulk transfer; OUT carries {@code out}, IN asks for {@code inLength} bytes. Returns the answer. */
    public Packet bulk(long id, int endpoint, byte[] out, long inLength) throws Exception {
        long length = (endpoint & 0x80) != 0 ? inLength : out.length;
        byte[] header = new PacketWriter.Fields(Protocol.typeHeaderBytes(BULK_PACKET, writer.both())
        ).u8(endpoint).u8(0).u16((int) length).u32(0).bytes(writer.both().has(CAP_32BITS_BULK_LENGTH)
                ? new byte[]{(byte) (length >>> 16), (byte) (length >>> 24)} : new byte[0]).build();
        send(BULK_PACKET, id, header, out);
        return next();
    }

    @Override
    public String toString() {
        return "GuestSide";
    }

    public void shutdown() throws InterruptedException {
        host.close("test over");
        host.awaitClosed(java.time.Duration.ofSeconds(5));
    }
}
