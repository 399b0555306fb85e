package dev.saffron.spice.internal.smartcard;

import dev.saffron.spice.ChannelType;
import dev.saffron.spice.SmartcardException;
import dev.saffron.spice.SmartcardReader;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.channel.ChannelEngine;
import dev.saffron.spice.internal.channel.ChannelHost;
import dev.saffron.spice.internal.wire.Capabilities;
import dev.saffron.spice.internal.wire.WireReader;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import static dev.saffron.spice.internal.protocol.SmartcardProtocol.*;

/**
 * The engine of a smartcard channel: makes the guest see the attached {@link SmartcardReader}s as readers on
 * its emulated CCID device, and passes the guest's APDUs to them. Tells its facade through {@link Events}.
 *
 * <p>The server takes a reader only after its ReaderAdd was answered (it has nowhere to put an ATR or APDU
 * for a reader it has not attached, and drops the connection for an unknown reader id), so a card inserted
 * before the answer waits here. Adds are answered in order, one at a time. Each reader's APDUs run on a
 * thread of their own, one at a time, so a slow card blocks neither the channel nor another reader.
 *
 * <p>After a relink to a server that knows nothing of this client (reconnect, semi-seamless migration) every
 * reader is added again and a card in it inserted again, as spice-gtk's channel does when it comes up; the old
 * server's reader ids are gone, and an answer the card gives to an APDU of the old connection is dropped, not
 * sent to the new server under an id it never gave. A seamless migration keeps everything.
 */
public final class SmartcardEngine extends ChannelEngine {
    /** What the engine tells its facade; each call is made on the session's event executor. */
    public interface Events {
        void readerAttached(SmartcardReader reader, long readerId);

        void readerRefused(SmartcardReader reader, String reason);

        void readerDetached(SmartcardReader reader);
    }

    private static final System.Logger LOG = System.getLogger(SmartcardEngine.class.getName());
    /** ISO 7816-3 answers-to-reset are at most 33 bytes; the guest's CCID device takes no more. */
    public static final int MAX_ATR_BYTES = 33;
    private static final int MIN_COMMAND_APDU_BYTES = 4;

    private final Events events;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}: every attached or attaching reader. */
    private final Map<SmartcardReader, Attachment> attachments = new IdentityHashMap<>();
    /** Guarded by {@link #lock}: readers whose ReaderAdd is sent and not yet answered, oldest first. */
    private final ArrayDeque<Attachment> awaitingAdd = new ArrayDeque<>();
    private final AtomicLong refusedMessages = new AtomicLong();
    /** Guards {@link #connection}: an answer is sent only on the connection its request came from. */
    private final Object answerGate = new Object();
    /** Counts this channel's connections to servers that know nothing of the last one; guarded by answerGate. */
    private long connection;

    public SmartcardEngine(ChannelHost host, int id, Events events) {
        super(host, ChannelType.SMARTCARD, id);
        this.events = events;
    }

    @Override
    public Capabilities clientCapabilities() {
        return Capabilities.none();
    }

    /**
     * Adds a reader to the guest.
     *
     * @return completes with the id the server gave the reader; fails if another reader is attached (spice-server
     *         takes one reader per client: a second ReaderAdd goes to the device the first one holds, and is
     *         never answered), if the server refused it (the VM has no free smartcard device), or if the
     *         channel ended first
     * @throws IllegalStateException if the reader is already attached
     */
    public CompletableFuture<Long> attach(SmartcardReader reader) {
        Objects.requireNonNull(reader, "reader");
        Attachment attachment;
        synchronized (lock) {
            if (attachments.containsKey(reader)) {
                throw new IllegalStateException("the reader '" + reader.name() + "' is already attached");
            }
            if (!attachments.isEmpty()) {
                String holder = attachments.keySet().iterator().next().name();
                return CompletableFuture.failedFuture(new SpiceException(SpiceError.FAILED, "cannot add the reader '"
                        + reader.name() + "': the server takes one reader at a time, and '" + holder
                        + "' is attached"));
            }
            attachment = new Attachment(reader);
            attachments.put(reader, attachment);
            awaitingAdd.add(attachment);
        }
        sendReaderAdd(attachment);
        return attachment.added;
    }

    private void sendReaderAdd(Attachment attachment) {
        byte[] name = attachment.reader.name().getBytes(StandardCharsets.UTF_8);
        send(new VscMessage(VSC_READER_ADD, VSC_UNDEFINED_READER_ID, name)).whenComplete((ignored, failure) -> {
            if (failure != null) {
                forget(attachment, "the channel is not connected");
            }
        });
    }

    /** The new server knows none of the readers: they are added again once the channel is up. */
    @Override
    protected void connectionReset() {
        synchronized (answerGate) {
            connection++;
        }
        synchronized (lock) {
            awaitingAdd.clear();
            for (Attachment each : attachments.values()) {
                each.id = OptionalLong.empty();
                each.addAgain = true;
            }
        }
    }

    @Override
    public void channelUp() {
        super.channelUp();
        List<Attachment> again = new ArrayList<>();
        synchronized (lock) {
            for (Attachment each : attachments.values()) {
                if (each.addAgain) {
                    each.addAgain = false;
                    awaitingAdd.add(each);
                    again.add(each);
                }
            }
        }
        for (Attachment each : again) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: adding reader ''{1}'' to the new server", name(),
                    each.reader.name());
            sendReaderAdd(each);
        }
    }

    /**
     * Tells the guest a card is in the reader, with its answer to reset; sent once the reader is attached. The
     * guest's reader speaks T=0 only, so an ATR offering T=1 alone is shown to the guest in its T=0 form
     * ({@link GuestAtr}).
     *
     * @throws IllegalArgumentException if the ATR is empty or longer than {@value #MAX_ATR_BYTES} bytes
     * @throws IllegalStateException    if the reader is not attached
     */
    public void cardInserted(SmartcardReader reader, byte[] atr) {
        if (atr.length == 0 || atr.length > MAX_ATR_BYTES) {
            throw new IllegalArgumentException("an ATR has 1 to " + MAX_ATR_BYTES + " bytes, not " + atr.length);
        }
        byte[] copy = GuestAtr.forT0Reader(atr.clone());
        OptionalLong id;
        synchronized (lock) {
            Attachment attachment = attachmentOf(reader);
            attachment.atr = copy;
            id = attachment.id;
        }
        if (id.isPresent()) {
            send(new VscMessage(VSC_ATR, id.getAsLong(), copy));
        }
    }

    /**
     * Tells the guest the card left the reader.
     *
     * @throws IllegalStateException if the reader is not attached
     */
    public void cardRemoved(SmartcardReader reader) {
        OptionalLong id;
        synchronized (lock) {
            Attachment attachment = attachmentOf(reader);
            attachment.atr = null;
            id = attachment.id;
        }
        if (id.isPresent()) {
            send(new VscMessage(VSC_CARD_REMOVE, id.getAsLong(), new byte[0]));
        }
    }

    /** Removes a reader from the guest; nothing happens if it is not attached. */
    public void detach(SmartcardReader reader) {
        Attachment attachment;
        synchronized (lock) {
            attachment = attachments.remove(reader);
            if (attachment == null) {
                return;
            }
            awaitingAdd.remove(attachment);
        }
        attachment.apdus.shutdown();
        if (attachment.id.isPresent()) {
            send(new VscMessage(VSC_READER_REMOVE, attachment.id.getAsLong(), new byte[0]));
            host.fire(() -> events.readerDetached(reader));
        } else {
            attachment.added.completeExceptionally(new SpiceException(SpiceError.FAILED,
                    "the reader '" + reader.name() + "' was detached before the server took it"));
        }
    }

    /** @return the readers attached to the guest now, in no particular order */
    public List<SmartcardReader> readers() {
        synchronized (lock) {
            List<SmartcardReader> attached = new ArrayList<>();
            attachments.values().forEach(each -> {
                if (each.id.isPresent()) {
                    attached.add(each.reader);
                }
            });
            return attached;
        }
    }

    /** @return how many server messages were refused (an APDU for no reader, a message of the wrong kind) */
    public long refusedMessages() {
        return refusedMessages.get();
    }

    @Override
    protected void handleMessage(int type, MemorySegment body) throws IOException {
        if (type != MSG_DATA) {
            return;
        }
        VscMessage message = VscMessage.parse(body);
        switch (message.type()) {
            case VSC_ERROR -> onError(message);
            case VSC_APDU -> onApdu(message);
            case VSC_FLUSH -> onFlush(message);
            case VSC_INIT -> { }
            default -> refuse(message, "a VSC message of type " + message.type() + ", which only a client sends");
        }
    }

    private void onError(VscMessage message) throws SpiceException {
        if (message.payload().length != 4) {
            throw new SpiceException(SpiceError.PROTOCOL, "smartcard: a VSC Error of " + message.payload().length
                    + " bytes, not 4");
        }
        long code = new WireReader(MemorySegment.ofArray(message.payload()), "VSC Error").u32();
        Attachment added;
        synchronized (lock) {
            added = awaitingAdd.peek() != null && byId(message.readerId()) == null ? awaitingAdd.poll() : null;
            if (added != null && code == VSC_SUCCESS) {
                added.id = OptionalLong.of(message.readerId());
            } else if (added != null) {
                attachments.remove(added.reader);
            }
        }
        if (added == null) {
            if (code != VSC_SUCCESS) {
                LOG.log(System.Logger.Level.WARNING, "{0}: the guest''s reader {1} reports error {2}", name(),
                        message.readerId(), code);
            }
            return;
        }
        if (code != VSC_SUCCESS) {
            String reason = code == VSC_CANNOT_ADD_MORE_READERS
                    ? "the VM has no free smartcard device (one reader per ccid-card-passthru)"
                    : "the server refused it with VSC error " + code;
            added.apdus.shutdown();
            added.added.completeExceptionally(new SpiceException(SpiceError.FAILED,
                    "cannot add the reader '" + added.reader.name() + "': " + reason));
            host.fire(() -> events.readerRefused(added.reader, reason));
            return;
        }
        long id = message.readerId();
        byte[] atr;
        synchronized (lock) {
            atr = added.atr;
        }
        LOG.log(System.Logger.Level.DEBUG, "{0}: reader ''{1}'' is the guest''s reader {2}", name(),
                added.reader.name(), id);
        added.added.complete(id);
        host.fire(() -> events.readerAttached(added.reader, id));
        if (atr != null) {
            send(new VscMessage(VSC_ATR, id, atr));
        }
    }

    private void onApdu(VscMessage message) {
        Attachment attachment;
        synchronized (lock) {
            attachment = byId(message.readerId());
        }
        if (attachment == null) {
            refuse(message, "an APDU for reader " + message.readerId() + ", which is not attached");
            return;
        }
        if (message.payload().length < MIN_COMMAND_APDU_BYTES) {
            refuse(message, "a command APDU of " + message.payload().length + " bytes");
            return;
        }
        long id = message.readerId();
        long from = currentConnection();
        runForReader(attachment, message, () -> {
            VscMessage answer;
            try {
                answer = new VscMessage(VSC_APDU, id, attachment.reader.transmit(message.payload()));
            } catch (SmartcardException e) {
                LOG.log(System.Logger.Level.INFO, "{0}: reader ''{1}'' could not answer: {2}", name(),
                        attachment.reader.name(), e.getMessage());
                answer = error(id, VSC_GENERAL_ERROR);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "{0}: reader ''{1}'' failed: {2}", name(),
                        attachment.reader.name(), e.toString());
                answer = error(id, VSC_GENERAL_ERROR);
            }
            answer(from, answer);
        });
    }

    private void onFlush(VscMessage message) {
        Attachment attachment;
        synchronized (lock) {
            attachment = byId(message.readerId());
        }
        VscMessage complete = new VscMessage(VSC_FLUSH_COMPLETE, message.readerId(), new byte[0]);
        if (attachment == null) {
            send(complete);
        } else {
            // After the APDUs already queued for the reader, whose answers the flush waits for.
            long from = currentConnection();
            runForReader(attachment, message, () -> answer(from, complete));
        }
    }

    private void runForReader(Attachment attachment, VscMessage message, Runnable task) {
        try {
            attachment.apdus.execute(task);
        } catch (RejectedExecutionException e) {
            refuse(message, "a message for the reader '" + attachment.reader.name() + "', detached meanwhile");
        }
    }

    private void refuse(VscMessage message, String what) {
        refusedMessages.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, "{0}: refusing {1}", name(), what);
        send(error(message.readerId(), VSC_GENERAL_ERROR));
    }

    private static VscMessage error(long readerId, int code) {
        byte[] payload = new byte[4];
        ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).putInt(code);
        return new VscMessage(VSC_ERROR, readerId, payload);
    }

    private long currentConnection() {
        synchronized (answerGate) {
            return connection;
        }
    }

    /** Sends a reader's answer, unless the request came from a connection the channel has since left. */
    private void answer(long requestConnection, VscMessage message) {
        synchronized (answerGate) {
            if (requestConnection == connection) {
                send(message);
                return;
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "{0}: dropped an answer to the previous server''s request", name());
    }

    private CompletableFuture<Void> send(VscMessage message) {
        return send(MSGC_DATA, message.encode());
    }

    private Attachment attachmentOf(SmartcardReader reader) {
        Attachment attachment = attachments.get(reader);
        if (attachment == null) {
            throw new IllegalStateException("the reader '" + reader.name() + "' is not attached");
        }
        return attachment;
    }

    /** Guarded by {@link #lock}. */
    private Attachment byId(long readerId) {
        for (Attachment each : attachments.values()) {
            if (each.id.isPresent() && each.id.getAsLong() == readerId) {
                return each;
            }
        }
        return null;
    }

    private void forget(Attachment attachment, String reason) {
        synchronized (lock) {
            if (attachments.get(attachment.reader) != attachment) {
                return;
            }
            attachments.remove(attachment.reader);
            awaitingAdd.remove(attachment);
        }
        attachment.apdus.shutdown();
        attachment.added.completeExceptionally(new SpiceException(SpiceError.FAILED,
                "cannot add the reader '" + attachment.reader.name() + "': " + reason));
    }

    @Override
    public void channelEnded() {
        List<Attachment> ended;
        synchronized (lock) {
            ended = new ArrayList<>(attachments.values());
            attachments.clear();
            awaitingAdd.clear();
        }
        for (Attachment each : ended) {
            each.apdus.shutdownNow();
            each.added.completeExceptionally(new SpiceException(SpiceError.FAILED,
                    "the smartcard channel ended before the server took the reader '" + each.reader.name() + "'"));
        }
    }

    /** A reader and what the channel knows of it; its mutable fields are guarded by the engine's lock. */
    private static final class Attachment {
        final SmartcardReader reader;
        final CompletableFuture<Long> added = new CompletableFuture<>();
        /** Runs the reader's APDUs one at a time; owned by this attachment, shut down when it ends. */
        final ExecutorService apdus;
        OptionalLong id = OptionalLong.empty();
        byte[] atr;
        /** Set when the channel relinked to a server that has not seen this reader yet. */
        boolean addAgain;

        Attachment(SmartcardReader reader) {
            this.reader = reader;
            // A platform thread: a reader's transmit is often a native call (PC/SC), which would pin a carrier.
            this.apdus = Executors.newSingleThreadExecutor(
                    Thread.ofPlatform().daemon().name("spice-smartcard-" + reader.name()).factory());
        }
    }
}
