package dev.saffron.spice;

import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.internal.agent.VdAgent;
import dev.saffron.spice.internal.protocol.MainProtocol;
import dev.saffron.spice.testing.AgentEventRecorder;
import dev.saffron.spice.testing.ChannelHarness;
import dev.saffron.spice.testing.FakeAgent;
import dev.saffron.spice.testing.FakeAgent.AgentMessage;
import dev.saffron.spice.testing.FakeSpiceServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The main channel's agent features, with the harness and {@link FakeAgent} playing spice-server and the guest
 * agent: the transport under tokens, capabilities, clipboard both ways, file transfer, monitors and display
 * configuration, and hostile agent messages.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MainChannelAgentTest {
    @TempDir
    Path temp;

    private final Events events = new Events();
    private ChannelHarness harness;
    private MainChannel main;

    /** Everything the listener heard, one queue per kind, as text that tests compare. */
    private static final class Events implements MainChannelListener {
        final BlockingQueue<String> clipboard = new LinkedBlockingQueue<>();
        final BlockingQueue<byte[]> clipboardData = new LinkedBlockingQueue<>();
        final BlockingQueue<Long> progress = new LinkedBlockingQueue<>();
        final BlockingQueue<String> other = new LinkedBlockingQueue<>();

        @Override
        public void clipboardGrabbed(MainChannel channel, ClipboardSelection selection, List<ClipboardType> types) {
            clipboard.add("grab " + selection + " " + types);
        }

        @Override
        public void clipboardRequested(MainChannel channel, ClipboardSelection selection, ClipboardType type) {
            clipboard.add("request " + selection + " " + type);
        }

        @Override
        public void clipboardReleased(MainChannel channel, ClipboardSelection selection) {
            clipboard.add("release " + selection);
        }

        @Override
        public void clipboardData(MainChannel channel, ClipboardSelection selection, ClipboardType type, byte[] data) {
            clipboardData.add(data);
            clipboard.add("data " + selection + " " + type + " " + data.length);
        }

        @Override
        public void fileTransferProgress(MainChannel channel, FileTransferTask task, long transferredBytes) {
            progress.add(transferredBytes);
        }
    }

    @AfterEach
    void tearDown() {
        if (harness != null) {
            harness.close();
        }
    }

    private static byte[] init(int supportedModes, int currentMode) {
        return new Bytes().u32(7).u32(1).u32(supportedModes).u32(currentMode).u32(0).u32(0).u32(1000).u32(0).bytes();
    }

    /** Links a main channel in the harness and sends its INIT; the returned agent drives it from the test thread. */
    private FakeAgent connect(SessionConfig.Builder config) throws Exception {
        start(config.build(), init(1, 1));
        return new FakeAgent(harness);
    }

    /** Links a main channel, heard by {@link #events}, in a harness of {@code config}, and sends it {@code init}. */
    private void start(SessionConfig config, byte[] init) throws IOException {
        harness = new ChannelHarness(config);
        main = new MainChannel(harness);
        main.addListener(events);
        harness.link(main.engine(), 0);
        harness.send(MainProtocol.MSG_INIT, init);
    }

    private FakeAgent connect() throws Exception {
        return connect(SessionConfig.builder());
    }

    private MainChannel main() {
        return main;
    }

    /** Connects the agent with plenty of tokens and answers the client's capabilities with these. */
    private FakeAgent connectAgent(int... capabilities) throws Exception {
        FakeAgent agent = connect();
        agent.connect(1000);
        assertEquals(VdAgent.ANNOUNCE_CAPABILITIES, agent.next().type());
        agent.announce(false, capabilities);
        AgentCapability last = AgentCapability.values()[capabilities[capabilities.length - 1]];
        await(() -> main().agentHasCapability(last));
        return agent;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting");
            Thread.sleep(10);
        }
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void agentStateAndTokensFollowTheServer() throws Exception {
        List<String> states = new ArrayList<>();
        harness = new ChannelHarness();
        main = new MainChannel(harness);
        main.addListener(new MainChannelListener() {
            @Override
            public void agentStateChanged(MainChannel channel, boolean connected, long tokens) {
                states.add(connected + "/" + tokens);
            }
        });
        harness.link(main.engine(), 0);
        harness.send(MainProtocol.MSG_INIT, init(1, 1));
        harness.send(MainProtocol.MSG_AGENT_CONNECTED_TOKENS, new Bytes().u32(10).bytes());
        harness.send(MainProtocol.MSG_AGENT_TOKEN, new Bytes().u32(5).bytes());
        harness.send(MainProtocol.MSG_AGENT_DISCONNECTED, new Bytes().u32(0).bytes());
        // Announcing the client's capabilities costs one token; tokens outlive the agent, as in spice-gtk,
        // since the server still expects the rest of a message it has begun.
        assertEquals(List.of("false/0", "true/9", "true/14", "false/14"), states);
    }

    @Test
    void agentStartGrantsTokensAndAnnouncesSpiceGtksCapabilities() throws Exception {
        FakeAgent agent = connect();
        agent.connect(10);
        AgentMessage caps = agent.next();
        assertEquals(0xFFFF_FFFFL, agent.startTokens(), "AGENT_START grants the server every token");
        assertEquals(VdAgent.ANNOUNCE_CAPABILITIES, caps.type());
        assertEquals(8, caps.payload().length);
        assertEquals(1, caps.view().getInt(0), "the client asks for the agent's capabilities");
        int expected = 1 | 1 << 1 | 1 << 2 | 1 << 4 | 1 << 5 | 1 << 6 | 1 << 12 | 1 << 14 | 1 << 16 | 1 << 17;
        assertEquals(expected, caps.view().getInt(4));

        // The agent asks back: the client answers once more, now without asking.
        agent.announce(true, AgentCapability.CLIPBOARD_BY_DEMAND.bit());
        AgentMessage answer = agent.next();
        assertEquals(VdAgent.ANNOUNCE_CAPABILITIES, answer.type());
        assertEquals(0, answer.view().getInt(0));
        assertTrue(main().isAgentConnected());
        assertTrue(main().agentHasCapability(AgentCapability.CLIPBOARD_BY_DEMAND));
        assertFalse(main().agentHasCapability(AgentCapability.CLIPBOARD_SELECTION));
        assertEquals(8, main().agentTokens(), "two AGENT_DATA messages cost two of the ten tokens");
    }

    @Test
    void messagesAreCutInto2048ByteChunksAndWaitForTokens() throws Exception {
        FakeAgent agent = connect();
        agent.connect(2);
        agent.next();
        agent.announce(false, AgentCapability.CLIPBOARD_BY_DEMAND.bit());
        await(() -> main().agentHasCapability(AgentCapability.CLIPBOARD_BY_DEMAND));

        byte[] text = random(5000, 1);
        CompletableFuture<Void> sent = main().clipboardNotify(ClipboardSelection.CLIPBOARD, ClipboardType.UTF8_TEXT,
                text);
        byte[] first = agent.readChunk();
        assertEquals(2048, first.length);
        assertTrue(agent.silentFor(300), "no token, no second chunk");
        assertEquals(0, main().agentTokens());
        assertFalse(sent.isDone(), "the rest waits for tokens");
        agent.grant(1);
        byte[] second = agent.readChunk();
        assertEquals(2048, second.length);
        assertTrue(agent.silentFor(300), "one token, one chunk");
        assertFalse(sent.isDone());
        agent.grant(5);
        byte[] last = agent.readChunk();
        assertEquals(20 + 4 + 5000 - 2 * 2048, last.length, "header, type and text, less two full chunks");
        sent.get(10, TimeUnit.SECONDS);
        await(() -> main().agentTokens() == 4);

        ByteBuffer header = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, header.getInt(0));
        assertEquals(VdAgent.CLIPBOARD, header.getInt(4));
        assertEquals(0, header.getLong(8));
        assertEquals(4 + 5000, header.getInt(16));
        assertEquals(ClipboardType.UTF8_TEXT.wireValue(), header.getInt(20), "no selection prefix without the cap");
        ByteBuffer joined = ByteBuffer.allocate(5000).put(first, 24, first.length - 24).put(second).put(last);
        assertArrayEquals(text, joined.array());
    }

    @Test
    void guestClipboardReachesTheApplication() throws Exception {
        FakeAgent agent = connectAgent(AgentCapability.CLIPBOARD_BY_DEMAND.bit(),
                AgentCapability.CLIPBOARD_SELECTION.bit(), AgentCapability.CLIPBOARD_GRAB_SERIAL.bit());
        // Selection PRIMARY, serial 0, UTF-8 text, an unknown type, PNG.
        agent.send(VdAgent.CLIPBOARD_GRAB, le(20).put((byte) 1).put(new byte[3]).putInt(0).putInt(1).putInt(99)
                .putInt(2).array());
        assertEquals("grab PRIMARY [UTF8_TEXT, IMAGE_PNG]", events.clipboard.poll(10, TimeUnit.SECONDS));
        // A grab whose serial is not the expected 1 lost a race and is dropped; the next right one counts.
        agent.send(VdAgent.CLIPBOARD_GRAB, le(12).put((byte) 1).put(new byte[3]).putInt(5).putInt(1).array());
        agent.send(VdAgent.CLIPBOARD_GRAB, le(12).put((byte) 1).put(new byte[3]).putInt(1).putInt(1).array());
        assertEquals("grab PRIMARY [UTF8_TEXT]", events.clipboard.poll(10, TimeUnit.SECONDS));

        main().clipboardRequest(ClipboardSelection.PRIMARY, ClipboardType.UTF8_TEXT).get(10, TimeUnit.SECONDS);
        AgentMessage request = agent.next();
        assertEquals(VdAgent.CLIPBOARD_REQUEST, request.type());
        assertArrayEquals(le(8).put((byte) 1).put(new byte[3]).putInt(1).array(), request.payload());

        byte[] text = random(6000, 2);
        agent.send(VdAgent.CLIPBOARD, le(8 + text.length).put((byte) 1).put(new byte[3]).putInt(1).put(text).array());
        assertEquals("data PRIMARY UTF8_TEXT 6000", events.clipboard.poll(10, TimeUnit.SECONDS));
        assertArrayEquals(text, events.clipboardData.poll());

        agent.send(VdAgent.CLIPBOARD_RELEASE, le(4).put((byte) 1).put(new byte[3]).array());
        assertEquals("release PRIMARY", events.clipboard.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void theRecorderTurnsARequestIntoOneBlockingCall() throws Exception {
        FakeAgent agent = connectAgent(AgentCapability.CLIPBOARD_BY_DEMAND.bit(),
                AgentCapability.CLIPBOARD_SELECTION.bit());
        AgentEventRecorder recorder = new AgentEventRecorder();
        main().addListener(recorder);
        agent.send(VdAgent.CLIPBOARD_GRAB, le(8).putInt(0).putInt(1).array());
        assertEquals(new AgentEventRecorder.Grab(ClipboardSelection.CLIPBOARD, List.of(ClipboardType.UTF8_TEXT)),
                recorder.nextGrab(Duration.ofSeconds(10)));
        byte[] pasted = "pasted".getBytes(StandardCharsets.UTF_8);
        CompletableFuture<Integer> guest = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                AgentMessage request = agent.next();
                agent.send(VdAgent.CLIPBOARD, le(8 + pasted.length).putInt(0).putInt(1).put(pasted).array());
                guest.complete(request.type());
            } catch (IOException e) {
                guest.completeExceptionally(e);
            }
        });
        assertArrayEquals(pasted, recorder.request(main(), ClipboardSelection.CLIPBOARD, ClipboardType.UTF8_TEXT,
                Duration.ofSeconds(10)));
        assertEquals(VdAgent.CLIPBOARD_REQUEST, guest.get(10, TimeUnit.SECONDS));
        assertThrows(TimeoutException.class, () -> recorder.nextRelease(Duration.ofMillis(100)));
    }

    @Test
    void clientClipboardReachesTheGuest() throws Exception {
        FakeAgent agent = connectAgent(AgentCapability.CLIPBOARD_BY_DEMAND.bit(),
                AgentCapability.CLIPBOARD_SELECTION.bit(), AgentCapability.CLIPBOARD_GRAB_SERIAL.bit());
        main().clipboardGrab(ClipboardSelection.CLIPBOARD, List.of(ClipboardType.UTF8_TEXT, ClipboardType.IMAGE_BMP));
        AgentMessage grab = agent.next();
        assertEquals(VdAgent.CLIPBOARD_GRAB, grab.type());
        assertArrayEquals(le(16).putInt(0).putInt(0).putInt(1).putInt(3).array(), grab.payload(),
                "selection, serial 0, the types");
        main().clipboardGrab(ClipboardSelection.CLIPBOARD, List.of(ClipboardType.UTF8_TEXT));
        assertEquals(1, agent.next().view().getInt(4), "the next grab has serial 1, with no release before it");

        agent.send(VdAgent.CLIPBOARD_REQUEST, le(8).putInt(0).putInt(1).array());
        assertEquals("request CLIPBOARD UTF8_TEXT", events.clipboard.poll(10, TimeUnit.SECONDS));
        byte[] text = "hello from the client".getBytes(StandardCharsets.UTF_8);
        main().clipboardNotify(ClipboardSelection.CLIPBOARD, ClipboardType.UTF8_TEXT, text).get(10, TimeUnit.SECONDS);
        AgentMessage data = agent.next();
        assertEquals(VdAgent.CLIPBOARD, data.type());
        assertArrayEquals(le(8 + text.length).putInt(0).putInt(1).put(text).array(), data.payload());

        main().clipboardRelease(ClipboardSelection.CLIPBOARD).get(10, TimeUnit.SECONDS);
        AgentMessage release = agent.next();
        assertEquals(VdAgent.CLIPBOARD_RELEASE, release.type());
        assertArrayEquals(new byte[4], release.payload());
    }

    @Test
    void selectionsOtherThanClipboardNeedTheAgentsCapability() throws Exception {
        FakeAgent agent = connectAgent(AgentCapability.CLIPBOARD_BY_DEMAND.bit());
        ExecutionException refused = assertThrows(ExecutionException.class, () -> main()
                .clipboardGrab(ClipboardSelection.SECONDARY, List.of(ClipboardType.UTF8_TEXT))
                .get(10, TimeUnit.SECONDS));
        assertInstanceOf(SpiceException.class, refused.getCause());
        main().clipboardGrab(ClipboardSelection.CLIPBOARD, List.of(ClipboardType.UTF8_TEXT)).get(10, TimeUnit.SECONDS);
        assertArrayEquals(le(4).putInt(1).array(), agent.next().payload(), "no prefix and no serial: just the type");
    }

    @Test
    void clipboardBeyondTheLimitIsRefusedBothWays() throws Exception {
        FakeAgent agent = connectAgent(AgentCapability.CLIPBOARD_BY_DEMAND.bit(), AgentCapability.MAX_CLIPBOARD.bit());
        AgentMessage max = agent.next(VdAgent.MAX_CLIPBOARD);
        assertEquals(100 * 1024 * 1024, max.view().getInt(0), "spice-gtk's default limit");
        main().setMaxClipboard(70_000);
        assertEquals(70_000, agent.next(VdAgent.MAX_CLIPBOARD).view().getInt(0));

        ExecutionException tooBig = assertThrows(ExecutionException.class, () -> main()
                .clipboardNotify(ClipboardSelection.CLIPBOARD, ClipboardType.IMAGE_PNG, new byte[70_000])
                .get(10, TimeUnit.SECONDS));
        assertInstanceOf(SpiceException.class, tooBig.getCause());

        agent.send(VdAgent.CLIPBOARD, le(4 + 80_000).putInt(2).put(new byte[80_000]).array());
        agent.send(VdAgent.CLIPBOARD, le(4 + 3).putInt(1).put(new byte[]{'o', 'k', '!'}).array());
        assertEquals("data CLIPBOARD UTF8_TEXT 3", events.clipboard.poll(10, TimeUnit.SECONDS),
                "the oversized offer was skipped and the stream stayed in step");
    }

    @Test
    void malformedAgentMessagesAreDroppedAndTheSessionStaysUp() throws Exception {
        FakeAgent agent = connectAgent(AgentCapability.CLIPBOARD_BY_DEMAND.bit(),
                AgentCapability.CLIPBOARD_SELECTION.bit());
        // Protocol 7 is not the agent protocol.
        agent.sendRaw(le(26).putInt(7).putInt(VdAgent.CLIPBOARD_REQUEST).putLong(0).putInt(6).put(new byte[6])
                .array());
        // A request too short for its type.
        agent.send(VdAgent.CLIPBOARD_REQUEST, new byte[]{0, 0, 0, 0, 1});
        // Selection 9 does not exist; type 77 neither.
        agent.send(VdAgent.CLIPBOARD_RELEASE, new byte[]{9, 0, 0, 0});
        agent.send(VdAgent.CLIPBOARD_REQUEST, le(8).putInt(0).putInt(77).array());
        // A status for a transfer that never was, capabilities with no words, an unknown type.
        agent.send(VdAgent.FILE_XFER_STATUS, le(8).putInt(4242).putInt(VdAgent.XFER_SUCCESS).array());
        agent.send(VdAgent.ANNOUNCE_CAPABILITIES, new byte[2]);
        agent.send(999, new byte[10]);
        agent.send(VdAgent.CLIPBOARD_RELEASE, new byte[]{2, 0, 0, 0});
        assertEquals("release SECONDARY", events.clipboard.poll(10, TimeUnit.SECONDS));
        assertNull(events.clipboard.poll(200, TimeUnit.MILLISECONDS), "nothing came of the bad messages");
        assertTrue(main().isOpen());
        assertTrue(main().agentHasCapability(AgentCapability.CLIPBOARD_SELECTION),
                "the short capabilities message was dropped, not applied");
    }

    @Test
    void audioVolumesGoToAnAgentThatTakesThem() throws Exception {
        FakeAgent agent = connectAgent(AgentCapability.AUDIO_VOLUME_SYNC.bit());
        main().syncAudioVolume(true, false, List.of(0x8000, 0xFFFF)).get(10, TimeUnit.SECONDS);
        assertArrayEquals(le(7).put((byte) 1).put((byte) 0).put((byte) 2)
                .putShort((short) 0x8000).putShort((short) 0xffff).array(),
                agent.next(VdAgent.AUDIO_VOLUME_SYNC).payload());
        assertThrows(ExecutionException.class, () -> main().syncAudioVolume(true, false, List.of(70000))
                .get(10, TimeUnit.SECONDS));
    }

    @Test
    void anAgentWithoutVolumeSyncIsSentNoVolumes() throws Exception {
        connectAgent(AgentCapability.CLIPBOARD_BY_DEMAND.bit());
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> main().syncAudioVolume(false, true, List.of(100)).get(10, TimeUnit.SECONDS));
        assertInstanceOf(SpiceException.class, e.getCause());
    }

    @Test
    void filesOfSomeMegabytesArriveWholeWithProgress() throws Exception {
        FakeAgent agent = connectAgent(AgentCapability.FILE_XFER_DETAILED_ERRORS.bit());
        agent.grantPerChunk(true);
        byte[] content = random(3 * 1024 * 1024 + 123, 3);
        Path file = Files.write(temp.resolve("report one.bin"), content);

        List<FileTransferTask> tasks = main().copyFiles(List.of(file));
        FileTransferTask task = tasks.getFirst();
        AgentMessage start = agent.next();
        assertEquals(VdAgent.FILE_XFER_START, start.type());
        ByteBuffer startView = start.view();
        int id = startView.getInt();
        assertEquals(task.id(), id);
        String keyFile = new String(start.payload(), 4, start.payload().length - 4, StandardCharsets.UTF_8);
        assertEquals("[vdagent-file-xfer]\nname=report one.bin\nsize=" + content.length + "\n\0", keyFile);

        agent.send(VdAgent.FILE_XFER_STATUS, le(8).putInt(id).putInt(VdAgent.XFER_CAN_SEND_DATA).array());
        ByteBuffer received = ByteBuffer.allocate(content.length);
        while (received.hasRemaining()) {
            AgentMessage data = agent.next();
            assertEquals(VdAgent.FILE_XFER_DATA, data.type());
            ByteBuffer view = data.view();
            assertEquals(id, view.getInt());
            long size = view.getLong();
            assertEquals(data.payload().length - 12, size);
            assertTrue(size <= 64 * 1024, "read in bounded pieces");
            received.put(view);
        }
        assertArrayEquals(content, received.array());
        assertFalse(task.isDone(), "done only when the agent says so");
        agent.send(VdAgent.FILE_XFER_STATUS, le(8).putInt(id).putInt(VdAgent.XFER_SUCCESS).array());
        task.completion().get(10, TimeUnit.SECONDS);
        assertEquals(content.length, task.transferredBytes());
        assertEquals(1.0, task.progress());

        long previous = 0;
        int reports = 0;
        for (Long sent; (sent = events.progress.poll(1, TimeUnit.SECONDS)) != null && previous < content.length; ) {
            assertTrue(sent > previous, "progress only grows");
            previous = sent;
            reports++;
        }
        assertEquals(content.length, previous);
        assertTrue(reports > 10, "progress came piece by piece, not once: " + reports);
    }

    @Test
    void cancellingStopsTheDataAndTellsTheAgent() throws Exception {
        // Few tokens, one more per chunk read: the transfer stays a few chunks ahead of the agent, whatever the
        // threads' timing, so the cancel comes while most of the file is still unsent.
        FakeAgent agent = connect();
        agent.connect(4);
        agent.next(VdAgent.ANNOUNCE_CAPABILITIES);
        agent.announce(false, AgentCapability.FILE_XFER_DETAILED_ERRORS.bit());
        await(() -> main().agentHasCapability(AgentCapability.FILE_XFER_DETAILED_ERRORS));
        agent.grantPerChunk(true);
        Path file = Files.write(temp.resolve("big"), random(2 * 1024 * 1024, 4));
        FileTransferTask task = main().copyFiles(List.of(file)).getFirst();
        int id = agent.next(VdAgent.FILE_XFER_START).view().getInt();
        agent.send(VdAgent.FILE_XFER_STATUS, le(8).putInt(id).putInt(VdAgent.XFER_CAN_SEND_DATA).array());
        assertEquals(VdAgent.FILE_XFER_DATA, agent.next().type());

        task.cancel();
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> task.completion().get(10, TimeUnit.SECONDS));
        FileTransferException cancelled = assertInstanceOf(FileTransferException.class, failure.getCause());
        assertEquals(FileTransferException.Reason.CANCELLED, cancelled.reason());
        AgentMessage status = agent.next(VdAgent.FILE_XFER_STATUS);
        assertEquals(id, status.view().getInt(0));
        assertEquals(VdAgent.XFER_CANCELLED, status.view().getInt(4));
        assertTrue(task.transferredBytes() < file.toFile().length());
        assertTrue(main().isOpen());
    }

    @Test
    void theAgentLeavingFailsATransferAndItsStatusesAreTyped() throws Exception {
        FakeAgent agent = connectAgent(AgentCapability.FILE_XFER_DETAILED_ERRORS.bit());
        agent.grantPerChunk(true);
        Path small = Files.write(temp.resolve("small"), random(1000, 5));
        Path big = Files.write(temp.resolve("big"), random(1024 * 1024, 6));
        List<FileTransferTask> tasks = main().copyFiles(List.of(small, big));
        int first = agent.next(VdAgent.FILE_XFER_START).view().getInt();
        int second = agent.next(VdAgent.FILE_XFER_START).view().getInt();
        assertEquals(tasks.get(0).id(), first);
        assertEquals(tasks.get(1).id(), second);

        agent.send(VdAgent.FILE_XFER_STATUS,
                le(16).putInt(first).putInt(VdAgent.XFER_NOT_ENOUGH_SPACE).putLong(512).array());
        ExecutionException full = assertThrows(ExecutionException.class,
                () -> tasks.get(0).completion().get(10, TimeUnit.SECONDS));
        FileTransferException space = assertInstanceOf(FileTransferException.class, full.getCause());
        assertEquals(FileTransferException.Reason.NOT_ENOUGH_SPACE, space.reason());
        assertEquals(512, space.freeSpace().orElseThrow());

        agent.send(VdAgent.FILE_XFER_STATUS, le(8).putInt(second).putInt(VdAgent.XFER_CAN_SEND_DATA).array());
        assertEquals(VdAgent.FILE_XFER_DATA, agent.next().type());
        agent.disconnect();
        ExecutionException gone = assertThrows(ExecutionException.class,
                () -> tasks.get(1).completion().get(10, TimeUnit.SECONDS));
        assertEquals(FileTransferException.Reason.AGENT_DISCONNECTED,
                assertInstanceOf(FileTransferException.class, gone.getCause()).reason());
        await(() -> !main().isAgentConnected());
        assertTrue(main().isOpen());

        FileTransferTask refused = main().copyFiles(List.of(small)).getFirst();
        assertTrue(refused.isDone(), "no agent, no transfer");
        assertEquals(FileTransferException.Reason.AGENT_DISCONNECTED, assertInstanceOf(FileTransferException.class,
                assertThrows(ExecutionException.class, () -> refused.completion().get()).getCause()).reason());
    }

    @Test
    void filesThatCannotBeReadFailAtOnce() throws Exception {
        FakeAgent agent = connectAgent(AgentCapability.FILE_XFER_DETAILED_ERRORS.bit());
        List<FileTransferTask> tasks = main().copyFiles(List.of(temp, temp.resolve("missing")));
        for (FileTransferTask task : tasks) {
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> task.completion().get(10, TimeUnit.SECONDS));
            FileTransferException error = assertInstanceOf(FileTransferException.class, failure.getCause());
            assertEquals(FileTransferException.Reason.LOCAL_IO, error.reason());
        }
        assertTrue(agent.silentFor(200), "nothing was offered to the agent");
    }

    @Test
    void monitorsConfigCarriesPositionsAndCompletesOnceSent() throws Exception {
        FakeAgent agent = connectAgent(AgentCapability.MONITORS_CONFIG.bit(), AgentCapability.REPLY.bit());
        main().updateDisplay(0, 0, 0, 1024, 768, true);
        main().updateDisplay(1, 1024, 0, 800, 600, true);
        main().updateDisplay(2, 1824, 0, 640, 480, false);
        CompletableFuture<Void> applied = main().sendMonitorConfig();
        AgentMessage config = agent.next(VdAgent.MONITORS_CONFIG);
        ByteBuffer expected = le(8 + 2 * 20 + 2 * 4).putInt(2).putInt(1 | 2)
                .putInt(768).putInt(1024).putInt(32).putInt(0).putInt(0)
                .putInt(600).putInt(800).putInt(32).putInt(1024).putInt(0);
        assertArrayEquals(expected.array(), config.payload(), "height before width; unknown physical sizes are 0");
        applied.get(10, TimeUnit.SECONDS);

        CompletableFuture<Void> refused = main().sendMonitorConfig();
        agent.next(VdAgent.MONITORS_CONFIG);
        refused.get(10, TimeUnit.SECONDS);
        agent.send(VdAgent.REPLY, le(8).putInt(VdAgent.MONITORS_CONFIG).putInt(2).array());
        main().updateDisplay(0, 0, 0, 640, 480, true);
        main().sendMonitorConfig().get(10, TimeUnit.SECONDS);
        assertEquals(480, ByteBuffer.wrap(agent.next(VdAgent.MONITORS_CONFIG).payload())
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(8), "a refusal leaves the session usable");
    }

    @Test
    void displayConfigFollowsTheDisabledEffectsOnce() throws Exception {
        FakeAgent agent = connect(SessionConfig.builder().disableEffects(Set.of("wallpaper", "animation")));
        agent.connect(100);
        agent.next(VdAgent.ANNOUNCE_CAPABILITIES);
        agent.announce(false, AgentCapability.DISPLAY_CONFIG.bit());
        AgentMessage config = agent.next();
        assertEquals(VdAgent.DISPLAY_CONFIG, config.type());
        assertArrayEquals(le(8).putInt(1 | 4).putInt(0).array(), config.payload());
        agent.announce(false, AgentCapability.DISPLAY_CONFIG.bit(), AgentCapability.CLIPBOARD_BY_DEMAND.bit());
        await(() -> main().agentHasCapability(AgentCapability.CLIPBOARD_BY_DEMAND));
        main().clipboardRelease(ClipboardSelection.CLIPBOARD).get(10, TimeUnit.SECONDS);
        assertEquals(VdAgent.CLIPBOARD_RELEASE, agent.next().type(), "no second DISPLAY_CONFIG came before");
    }

    @Test
    void clientMouseModeIsRequestedWhenTheServerOffersIt() throws Exception {
        start(SessionConfig.builder().build(), init(3, 1));
        FakeSpiceServer.Message request = harness.readMessage();
        int attach = harness.readMessageType();
        assertEquals(List.of(MainProtocol.MSGC_MOUSE_MODE_REQUEST, MouseMode.CLIENT.flag(),
                MainProtocol.MSGC_ATTACH_CHANNELS),
                List.of(request.type(), (int) request.view().getShort(0), attach));
    }

    @Test
    void aReadOnlySessionLeavesTheMouseModeAlone() throws Exception {
        start(SessionConfig.builder().readOnly(true).build(), init(3, 1));
        assertEquals(MainProtocol.MSGC_ATTACH_CHANNELS, harness.readMessageType());
    }
}
