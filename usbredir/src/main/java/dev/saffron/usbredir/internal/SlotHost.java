package dev.saffron.usbredir.internal;

import dev.saffron.usbredir.UsbDevice;
import dev.saffron.usbredir.UsbDeviceInfo;
import dev.saffron.usbredir.UsbEndpointInfo;
import dev.saffron.usbredir.UsbFilter;
import dev.saffron.usbredir.UsbInterfaceInfo;
import dev.saffron.usbredir.UsbRedirException;
import dev.saffron.usbredir.UsbSetup;
import dev.saffron.usbredir.UsbStatus;
import dev.saffron.usbredir.UsbTransfer;
import dev.saffron.usbredir.UsbTransferType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import static dev.saffron.usbredir.internal.Protocol.*;

/**
 * The usbredir host for one usbredir channel (one of the VM's redirection slots): speaks the protocol with the
 * guest's usb-redir device and carries its requests to the plugged {@link UsbDevice}, one at a time, on the slot's
 * own thread ({@code saffron-usbredir-<channel>}). Everything but {@link #plug}, {@link #unplug} and the state
 * queries runs on that thread, so the slot's state needs no lock; the writes to the channel go out under one lock,
 * so a packet from an interrupt-receiving thread never splits another.
 *
 * <p>When the stream opens again (the session relinked the channel to a new server, whose {@code usb-redir} has
 * never heard of this host), the conversation starts over: a fresh parser, the hello, and the device that was
 * plugged in is connected again once the new guest answered, as if plugged anew; the device itself stays open and
 * its redirection goes on.
 */
public final class SlotHost {
    /** The guest is told this as the host's usbredir version. */
    public static final String VERSION = "saffron usbredir host";
    /** The capabilities this host announces: no bulk streams and no buffered bulk receiving, which it lacks. */
    public static final Capabilities CAPABILITIES = Capabilities.of(CAP_CONNECT_DEVICE_VERSION, CAP_FILTER,
            CAP_DEVICE_DISCONNECT_ACK, CAP_EP_INFO_MAX_PACKET_SIZE, CAP_64BITS_IDS, CAP_32BITS_BULK_LENGTH);

    private static final System.Logger LOG = System.getLogger(SlotHost.class.getName());

    /** The byte stream to the guest's usb-redir device: the usbredir channel, or a test's stand-in. */
    public interface Pipe {
        /** @return a name for messages and the slot's thread, such as {@code usbredir-0} */
        String name();

        /** Queues bytes to the guest's device; the buffer is the pipe's from now on. */
        CompletableFuture<Void> write(ByteBuffer data);

        /** Ends the stream, after a protocol error that loses its framing. */
        void close();

        /**
         * The conversation starts over on the stream the pipe carries now: from here on writes go to that stream
         * only, and what is still written for an earlier one is dropped. Called on the slot's thread.
         */
        void newStream();
    }

    /** What the slot tells its owner; called on the slot's thread. */
    public interface Events {
        /** The device left the guest: unplugged, refused by the guest, or its slot closed ({@code cause} non-null). */
        void deviceGone(UsbDevice device, UsbRedirException cause);
    }

    private final Pipe channel;
    private final Events events;
    private final ExecutorService thread;
    /** The parser of the current stream; slot thread only. */
    private PacketParser parser = new PacketParser(true, CAPABILITIES);
    /** The writer of the current stream; interrupt receivers use it too. */
    private volatile PacketWriter writer = new PacketWriter();
    private final Object writeLock = new Object();
    private final AtomicLong unsolicitedIds = new AtomicLong();
    private final AtomicLong refusedPackets = new AtomicLong();
    private final AtomicLong failedRequests = new AtomicLong();
    private final Map<Integer, Thread> interruptReceivers = new HashMap<>();

    /** Set by {@link #plug} at once, so two plugs never pick one slot; cleared when its device leaves. */
    private final java.util.concurrent.atomic.AtomicBoolean reserved = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean helloSeen;
    private volatile boolean closed;
    /** The device plugged into this slot, or being plugged; set on the slot's thread only. */
    private volatile UsbDevice device;
    private CompletableFuture<Void> connected;
    /** Whether a device_disconnect is waiting for the guest's ack; a new device waits behind it. */
    private boolean awaitingAck;
    private CompletableFuture<Void> disconnected;
    private UsbFilter guestFilter = UsbFilter.of(List.of());

    public SlotHost(Pipe channel, Events events) {
        this.channel = channel;
        this.events = events;
        this.thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon()
                .name("saffron-usbredir-" + channel.name()).factory());
    }


    /** @return whether the slot can take a device: open, empty, and not waiting for the last one to leave */
    public boolean isFree() {
        return !closed && !reserved.get();
    }

    /** @return guest packets refused as malformed or out of place so far */
    public long refusedPackets() {
        return refusedPackets.get();
    }

    /** @return requests whose device threw instead of answering (a bug in the device, answered as an I/O error) */
    public long failedRequests() {
        return failedRequests.get();
    }

    /** Waits until the slot's thread has handled everything queued so far; for tests. */
    public void drain() throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        run(() -> done.complete(null), done);
        try {
            done.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Plugs a device into the guest through this slot, as soon as the guest's usb-redir device has said hello and
     * acknowledged the previous device's leaving.
     *
     * @return completes when device_connect was sent, or fails with {@link UsbRedirException}
     */
    public CompletableFuture<Void> plug(UsbDevice newDevice) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (!reserved.compareAndSet(false, true)) {
            result.completeExceptionally(new UsbRedirException(UsbRedirException.Reason.NO_FREE_CHANNEL,
                    channel.name() + " already holds a device"));
            return result;
        }
        run(() -> {
            if (closed || device != null) {
                reserved.set(false);
                result.completeExceptionally(new UsbRedirException(UsbRedirException.Reason.NO_FREE_CHANNEL,
                        channel.name() + " already holds a device"));
                return;
            }
            if (!guestFilter.isEmpty() && !guestFilter.allows(newDevice.info())) {
                reserved.set(false);
                result.completeExceptionally(new UsbRedirException(UsbRedirException.Reason.REFUSED,
                        newDevice.info().description() + " is refused by the guest's USB filter (" + guestFilter
                                + ")"));
                return;
            }
            device = newDevice;
            connected = result;
            connectWhenReady();
        }, result);
        return result;
    }

    /**
     * Unplugs the device from the guest.
     *
     * @return completes once the guest acknowledged (or at once when it does not acknowledge), with nothing plugged
     */
    public CompletableFuture<Void> unplug() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        run(() -> {
            UsbDevice gone = device;
            if (gone == null) {
                result.complete(null);
                return;
            }
            stopInterruptReceivers();
            boolean wasConnected = connected == null;
            device = null;
            reserved.set(false);
            if (connected != null) {
                connected.completeExceptionally(new UsbRedirException(UsbRedirException.Reason.REFUSED,
                        gone.info().description() + " was unplugged before the guest took it"));
                connected = null;
            }
            events.deviceGone(gone, null);
            if (wasConnected) {
                sendDisconnect(result);
            } else {
                result.complete(null);
            }
        }, result);
        return result;
    }

    private void sendDisconnect(CompletableFuture<Void> result) {
        send(writer.packet(DEVICE_DISCONNECT, 0, new byte[0], new byte[0]));
        if (parser.both().has(CAP_DEVICE_DISCONNECT_ACK)) {
            awaitingAck = true;
            disconnected = result;
        } else {
            result.complete(null);
        }
    }

    private void run(Runnable task, CompletableFuture<?> failOnRejection) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            reserved.set(false);
            failOnRejection.completeExceptionally(new UsbRedirException(UsbRedirException.Reason.NO_FREE_CHANNEL,
                    channel.name() + " is closed"));
        }
    }

    private void connectWhenReady() {
        UsbDevice plugged = device;
        if (plugged == null || connected == null || !helloSeen || awaitingAck) {
            return;
        }
        UsbDeviceInfo info = plugged.info();
        send(writer.packet(EP_INFO, 0, endpointInfo(info), new byte[0]));
        send(writer.packet(INTERFACE_INFO, 0, interfaceInfo(info), new byte[0]));
        PacketWriter.Fields connect = new PacketWriter.Fields(
                Protocol.typeHeaderBytes(DEVICE_CONNECT, writer.both()));
        connect.u8(info.speed().wireValue()).u8(info.deviceClass()).u8(info.deviceSubclass())
                .u8(info.deviceProtocol()).u16(info.vendorId()).u16(info.productId());
        if (writer.both().has(CAP_CONNECT_DEVICE_VERSION)) {
            connect.u16(info.deviceVersionBcd());
        }
        send(writer.packet(DEVICE_CONNECT, 0, connect.build(), new byte[0]));
        LOG.log(System.Logger.Level.INFO, "{0}: plugged {1} ({2}) into the guest", channel.name(),
                info.description(), info.ids());
        CompletableFuture<Void> done = connected;
        connected = null;
        done.complete(null);
    }

    private byte[] endpointInfo(UsbDeviceInfo info) {
        byte[] types = new byte[ENDPOINT_SLOTS];
        byte[] intervals = new byte[ENDPOINT_SLOTS];
        byte[] interfaces = new byte[ENDPOINT_SLOTS];
        int[] maxPacket = new int[ENDPOINT_SLOTS];
        java.util.Arrays.fill(types, (byte) 255);
        types[0] = (byte) UsbTransferType.CONTROL.wireValue();
        types[16] = (byte) UsbTransferType.CONTROL.wireValue();
        maxPacket[0] = 64;
        maxPacket[16] = 64;
        for (UsbEndpointInfo endpoint : info.endpoints()) {
            int slot = endpointSlot(endpoint.address());
            types[slot] = (byte) endpoint.type().wireValue();
            intervals[slot] = (byte) endpoint.interval();
            interfaces[slot] = (byte) endpoint.interfaceNumber();
            maxPacket[slot] = endpoint.maxPacketSize();
        }
        PacketWriter.Fields fields = new PacketWriter.Fields(Protocol.typeHeaderBytes(EP_INFO, writer.both()))
                .bytes(types).bytes(intervals).bytes(interfaces);
        if (writer.both().has(CAP_EP_INFO_MAX_PACKET_SIZE)) {
            for (int size : maxPacket) {
                fields.u16(size);
            }
        }
        if (writer.both().has(CAP_BULK_STREAMS)) {
            for (int i = 0; i < ENDPOINT_SLOTS; i++) {
                fields.u32(0);
            }
        }
        return fields.build();
    }

    private static byte[] interfaceInfo(UsbDeviceInfo info) {
        byte[][] columns = new byte[4][MAX_INTERFACES];
        List<UsbInterfaceInfo> interfaces = info.interfaces();
        int count = Math.min(interfaces.size(), MAX_INTERFACES);
        for (int i = 0; i < count; i++) {
            UsbInterfaceInfo each = interfaces.get(i);
            columns[0][i] = (byte) each.number();
            columns[1][i] = (byte) each.interfaceClass();
            columns[2][i] = (byte) each.subclass();
            columns[3][i] = (byte) each.protocol();
        }
        return new PacketWriter.Fields(4 + 4 * MAX_INTERFACES).u32(count).bytes(columns[0]).bytes(columns[1])
                .bytes(columns[2]).bytes(columns[3]).build();
    }

    /** usbredir's endpoint array index: OUT endpoints 0-15, then IN endpoints 16-31. */
    static int endpointSlot(int address) {
        return (address & 0x80) >> 3 | address & 0x0F;
    }

    /**
     * The stream opened, for the first time or again after a relink: the conversation starts over and the host
     * says hello (the guest's device says its own at the same time).
     */
    public void opened() {
        run(() -> {
            startOver();
            send(PacketWriter.hello(VERSION, CAPABILITIES));
        }, new CompletableFuture<>());
    }

    /**
     * Forgets what the previous stream's guest knew: its capabilities, filter, pending acknowledgement and
     * interrupt receivers. A device plugged in waits to be connected again after the new guest's hello.
     */
    private void startOver() {
        channel.newStream();
        stopInterruptReceivers();
        parser = new PacketParser(true, CAPABILITIES);
        synchronized (writeLock) {
            writer = new PacketWriter();
        }
        helloSeen = false;
        guestFilter = UsbFilter.of(List.of());
        if (awaitingAck) {
            // The guest that owed the acknowledgement is gone, and the device with it.
            awaitingAck = false;
            if (disconnected != null) {
                disconnected.complete(null);
                disconnected = null;
            }
        }
        UsbDevice plugged = device;
        if (plugged != null && connected == null) {
            LOG.log(System.Logger.Level.INFO, "{0}: the stream started over; plugging {1} in again", channel.name(),
                    plugged.info().description());
            connected = new CompletableFuture<>();
        }
    }

    /** Bytes from the guest's device, handled in order on the slot's thread. */
    public void received(byte[] bytes) {
        run(() -> receive(bytes), new CompletableFuture<>());
    }

    /**
     * Ends the slot: its stream closed ({@code why} says how), or its owner is done with it. A device plugged in
     * leaves, and the slot's thread ends once it has handled what came before.
     */
    public void close(String why) {
        run(() -> slotClosed(why), new CompletableFuture<>());
        thread.shutdown();
    }

    /** Waits for the slot's thread to finish what was queued before {@link #close}; for tests. */
    public boolean awaitClosed(java.time.Duration timeout) throws InterruptedException {
        return thread.awaitTermination(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void slotClosed(String why) {
        closed = true;
        stopInterruptReceivers();
        UsbDevice gone = device;
        device = null;
        UsbRedirException cause = new UsbRedirException(UsbRedirException.Reason.REFUSED, channel.name()
                + " closed" + (why == null ? "" : ": " + why));
        if (connected != null) {
            connected.completeExceptionally(cause);
            connected = null;
        }
        if (disconnected != null) {
            disconnected.complete(null);
            disconnected = null;
        }
        if (gone != null) {
            events.deviceGone(gone, cause);
        }
    }

    private void receive(byte[] bytes) {
        if (closed) {
            return;
        }
        List<Packet> packets;
        try {
            packets = parser.feed(bytes, 0, bytes.length);
        } catch (UsbRedirProtocolException e) {
            LOG.log(System.Logger.Level.WARNING, "{0}: {1}; closing the slot", channel.name(), e.getMessage());
            closed = true;
            channel.close();
            return;
        }
        for (Packet packet : packets) {
            try {
                handle(packet);
            } catch (RuntimeException e) {
                // A device's own failure must not end the slot: the guest gets an error status instead.
                failedRequests.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, channel.name() + ": " + packet + " failed", e);
                answerFailure(packet, UsbStatus.IO_ERROR);
            }
        }
    }

    private void handle(Packet packet) {
        if (!packet.wellFormed()) {
            refusedPackets.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "{0}: refused the guest''s {1}", channel.name(), packet);
            answerFailure(packet, UsbStatus.INVALID);
            return;
        }
        if (packet.type() == HELLO) {
            helloSeen = true;
            writer.peerHello(parser.both());
            LOG.log(System.Logger.Level.DEBUG, "{0}: the guest''s usb-redir is ''{1}''", channel.name(),
                    packet.version());
            connectWhenReady();
            return;
        }
        if (packet.type() == DEVICE_DISCONNECT_ACK) {
            awaitingAck = false;
            if (disconnected != null) {
                disconnected.complete(null);
                disconnected = null;
            }
            connectWhenReady();
            return;
        }
        if (packet.type() == FILTER_FILTER) {
            String rules = new String(packet.data(), 0, packet.data().length - 1, StandardCharsets.UTF_8);
            try {
                guestFilter = UsbFilter.parse(rules);
            } catch (IllegalArgumentException e) {
                refusedPackets.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "{0}: the guest''s USB filter is unreadable: {1}",
                        channel.name(), e.getMessage());
            }
            return;
        }
        UsbDevice current = device;
        if (current == null || connected != null) {
            // Requests already on their way when the device left: the guest expects an answer to data packets.
            answerFailure(packet, UsbStatus.IO_ERROR);
            return;
        }
        switch (packet.type()) {
            case FILTER_REJECT -> guestRefused(current);
            case RESET -> current.reset();
            case SET_CONFIGURATION -> configurationStatus(packet, current.setConfiguration(packet.u8(0)), current);
            case GET_CONFIGURATION -> configurationStatus(packet, UsbStatus.SUCCESS, current);
            case SET_ALT_SETTING -> altSettingStatus(packet, current.setAltSetting(packet.u8(0), packet.u8(1)),
                    packet.u8(0), current);
            case GET_ALT_SETTING -> altSettingStatus(packet, current.altSetting(packet.u8(0)) < 0
                    ? UsbStatus.INVALID : UsbStatus.SUCCESS, packet.u8(0), current);
            case START_ISO_STREAM, STOP_ISO_STREAM -> reply(packet, ISO_STREAM_STATUS, new PacketWriter.Fields(2)
                    .u8((packet.type() == STOP_ISO_STREAM ? UsbStatus.SUCCESS : UsbStatus.INVALID).wireValue())
                    .u8(packet.u8(0)).build(), new byte[0]);
            case START_INTERRUPT_RECEIVING -> interruptStatus(packet, startInterruptReceiver(current, packet.u8(0)));
            case STOP_INTERRUPT_RECEIVING -> {
                stopInterruptReceiver(packet.u8(0));
                interruptStatus(packet, UsbStatus.SUCCESS);
            }
            case ALLOC_BULK_STREAMS, FREE_BULK_STREAMS -> reply(packet, BULK_STREAMS_STATUS,
                    new PacketWriter.Fields(9).u32(packet.u32(0))
                            .u32(packet.type() == ALLOC_BULK_STREAMS ? packet.u32(4) : 0)
                            .u8((packet.type() == ALLOC_BULK_STREAMS ? UsbStatus.INVALID : UsbStatus.SUCCESS)
                                    .wireValue()).build(), new byte[0]);
            case START_BULK_RECEIVING, STOP_BULK_RECEIVING -> reply(packet, BULK_RECEIVING_STATUS,
                    new PacketWriter.Fields(6).u32(packet.u32(0))
                            .u8(packet.u8(packet.type() == START_BULK_RECEIVING ? 8 : 4))
                            .u8((packet.type() == START_BULK_RECEIVING ? UsbStatus.INVALID : UsbStatus.SUCCESS)
                                    .wireValue()).build(), new byte[0]);
            // Every request is answered before the next one is read, so there is never one left to cancel.
            case CANCEL_DATA_PACKET -> LOG.log(System.Logger.Level.DEBUG, "{0}: nothing to cancel for id {1}",
                    channel.name(), packet.id());
            case CONTROL_PACKET -> control(packet, current);
            case BULK_PACKET -> bulk(packet, current);
            case INTERRUPT_PACKET -> interrupt(packet, current);
            case ISO_PACKET -> answerFailure(packet, UsbStatus.INVALID);
            default -> LOG.log(System.Logger.Level.DEBUG, "{0}: ignored {1}", channel.name(), packet);
        }
    }

    private void guestRefused(UsbDevice current) {
        LOG.log(System.Logger.Level.WARNING, "{0}: the guest refused {1}", channel.name(),
                current.info().description());
        stopInterruptReceivers();
        device = null;
        reserved.set(false);
        events.deviceGone(current, new UsbRedirException(UsbRedirException.Reason.REFUSED, "the guest refused "
                + current.info().description() + " (its usb-redir filter)"));
        sendDisconnect(new CompletableFuture<>());
    }

    private void configurationStatus(Packet packet, UsbStatus status, UsbDevice current) {
        reply(packet, CONFIGURATION_STATUS, new PacketWriter.Fields(2).u8(status.wireValue())
                .u8(current.configuration()).build(), new byte[0]);
    }

    private void altSettingStatus(Packet packet, UsbStatus status, int interfaceNumber, UsbDevice current) {
        int alt = current.altSetting(interfaceNumber);
        reply(packet, ALT_SETTING_STATUS, new PacketWriter.Fields(3).u8(status.wireValue()).u8(interfaceNumber)
                .u8(alt < 0 ? 0 : alt).build(), new byte[0]);
    }

    private void interruptStatus(Packet packet, UsbStatus status) {
        reply(packet, INTERRUPT_RECEIVING_STATUS, new PacketWriter.Fields(2).u8(status.wireValue())
                .u8(packet.u8(0)).build(), new byte[0]);
    }

    private void control(Packet packet, UsbDevice current) {
        UsbSetup setup = new UsbSetup(packet.u8(2), packet.u8(1), packet.u16(4), packet.u16(6), packet.u16(8));
        UsbTransfer result = current.control(setup, packet.data());
        byte[] data = setup.isIn() ? result.data() : new byte[0];
        if (data.length > setup.length()) {
            LOG.log(System.Logger.Level.WARNING, "{0}: {1} answered {2} bytes to {3}", channel.name(),
                    current.info().description(), data.length, setup);
            answerFailure(packet, UsbStatus.BABBLE);
            return;
        }
        byte[] header = packet.header().clone();
        header[3] = (byte) result.status().wireValue();
        header[8] = (byte) data.length;
        header[9] = (byte) (data.length >>> 8);
        send(writer.packet(CONTROL_PACKET, packet.id(), header, data));
    }

    private void bulk(Packet packet, UsbDevice current) {
        int endpoint = packet.endpoint();
        Optional<UsbEndpointInfo> info = current.info().endpoint(endpoint);
        long length = packet.transferLength();
        if (info.isEmpty() || info.get().type() != UsbTransferType.BULK) {
            answerFailure(packet, UsbStatus.INVALID);
            return;
        }
        boolean in = (endpoint & 0x80) != 0;
        if (in && length > MAX_PACKET_BYTES) {
            // An answer that long could not be sent: refused before the device is asked for it.
            answerFailure(packet, UsbStatus.INVALID);
            return;
        }
        UsbTransfer result = current.bulk(endpoint, in ? new byte[0] : packet.data(), in ? (int) length : 0);
        byte[] data = in ? result.data() : new byte[0];
        if (data.length > length) {
            answerFailure(packet, UsbStatus.BABBLE);
            return;
        }
        byte[] header = packet.header().clone();
        header[1] = (byte) result.status().wireValue();
        long answered = in ? data.length : length;
        header[2] = (byte) answered;
        header[3] = (byte) (answered >>> 8);
        if (header.length >= 10) {
            header[8] = (byte) (answered >>> 16);
            header[9] = (byte) (answered >>> 24);
        }
        send(writer.packet(BULK_PACKET, packet.id(), header, data));
    }

    private void interrupt(Packet packet, UsbDevice current) {
        int endpoint = packet.endpoint();
        Optional<UsbEndpointInfo> info = current.info().endpoint(endpoint);
        if (info.isEmpty() || info.get().type() != UsbTransferType.INTERRUPT || info.get().isIn()) {
            // Interrupt IN data reaches the guest only through start_interrupt_receiving.
            answerFailure(packet, UsbStatus.INVALID);
            return;
        }
        UsbTransfer result = current.interrupt(endpoint, packet.data(), 0);
        byte[] header = packet.header().clone();
        header[1] = (byte) result.status().wireValue();
        send(writer.packet(INTERRUPT_PACKET, packet.id(), header, new byte[0]));
    }

    private UsbStatus startInterruptReceiver(UsbDevice current, int endpoint) {
        Optional<UsbEndpointInfo> info = current.info().endpoint(endpoint);
        if (info.isEmpty() || info.get().type() != UsbTransferType.INTERRUPT || !info.get().isIn()) {
            return UsbStatus.INVALID;
        }
        if (interruptReceivers.containsKey(endpoint)) {
            return UsbStatus.SUCCESS;
        }
        int maxPacket = Math.max(1, info.get().maxPacketSize());
        PacketWriter stream = writer;
        Thread receiver = Thread.ofPlatform().daemon().name("saffron-usbredir-" + channel.name() + "-ep"
                + Integer.toHexString(endpoint)).start(() -> {
            while (!Thread.currentThread().isInterrupted() && device == current) {
                UsbTransfer result = current.interrupt(endpoint, new byte[0], maxPacket);
                if (result.status() == UsbStatus.TIMEOUT) {
                    continue;
                }
                if (Thread.currentThread().isInterrupted() || device != current) {
                    return;
                }
                byte[] data = result.data();
                byte[] header = new PacketWriter.Fields(4).u8(endpoint).u8(result.status().wireValue())
                        .u16(data.length).build();
                sendOn(stream, stream.packet(INTERRUPT_PACKET, unsolicitedIds.getAndIncrement(), header, data));
                if (result.status() != UsbStatus.SUCCESS) {
                    return;
                }
            }
        });
        interruptReceivers.put(endpoint, receiver);
        return UsbStatus.SUCCESS;
    }

    private void stopInterruptReceiver(int endpoint) {
        Thread receiver = interruptReceivers.remove(endpoint);
        if (receiver != null) {
            receiver.interrupt();
        }
    }

    private void stopInterruptReceivers() {
        List.copyOf(interruptReceivers.keySet()).forEach(this::stopInterruptReceiver);
    }

    /** Answers a request with a failure status where the protocol has an answer for it; drops it otherwise. */
    private void answerFailure(Packet packet, UsbStatus status) {
        if (!packet.wellFormed() && packet.header().length == 0) {
            return;
        }
        byte[] header = packet.header().clone();
        switch (packet.type()) {
            case CONTROL_PACKET -> {
                header[3] = (byte) status.wireValue();
                header[8] = 0;
                header[9] = 0;
            }
            case BULK_PACKET, INTERRUPT_PACKET, ISO_PACKET -> {
                header[1] = (byte) status.wireValue();
                if ((packet.endpoint() & 0x80) != 0) {
                    header[2] = 0;
                    header[3] = 0;
                    if (packet.type() == BULK_PACKET && header.length >= 10) {
                        header[8] = 0;
                        header[9] = 0;
                    }
                }
            }
            case SET_CONFIGURATION, GET_CONFIGURATION -> {
                reply(packet, CONFIGURATION_STATUS, new PacketWriter.Fields(2).u8(status.wireValue()).u8(0).build(),
                        new byte[0]);
                return;
            }
            case SET_ALT_SETTING, GET_ALT_SETTING -> {
                reply(packet, ALT_SETTING_STATUS, new PacketWriter.Fields(3).u8(status.wireValue())
                        .u8(packet.u8(0)).u8(0).build(), new byte[0]);
                return;
            }
            case START_INTERRUPT_RECEIVING, STOP_INTERRUPT_RECEIVING -> {
                interruptStatus(packet, status);
                return;
            }
            default -> {
                return;
            }
        }
        send(writer.packet(packet.type(), packet.id(), header, new byte[0]));
    }

    private void reply(Packet request, int type, byte[] header, byte[] data) {
        send(writer.packet(type, request.id(), header, data));
    }

    /** Sends a packet of the stream whose writer is {@code stream}, unless the conversation started over since. */
    private void sendOn(PacketWriter stream, byte[] packet) {
        synchronized (writeLock) {
            if (writer == stream) {
                send(packet);
            }
        }
    }

    private void send(byte[] packet) {
        synchronized (writeLock) {
            channel.write(ByteBuffer.wrap(packet)).exceptionally(failure -> {
                LOG.log(System.Logger.Level.DEBUG, "{0}: a usbredir packet was not sent: {1}", channel.name(),
                        failure.getMessage());
                return null;
            });
        }
    }
}
