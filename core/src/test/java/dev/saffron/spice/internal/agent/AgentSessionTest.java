package dev.saffron.spice.internal.agent;

import dev.saffron.spice.AgentCapability;
import dev.saffron.spice.ClipboardSelection;
import dev.saffron.spice.ClipboardType;
import dev.saffron.spice.FileTransferException;
import dev.saffron.spice.FileTransferException.Reason;
import dev.saffron.spice.FileTransferTask;
import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.internal.wire.WireReader;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent state machine with hand-made agent bytes and no socket. */
class AgentSessionTest {
    /** Agent messages the session sent, reassembled, and the events it raised, as text. */
    private final List<AgentMessage> sent = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final AgentAssembler reassembler = new AgentAssembler(1 << 20);
    private final AgentSession session = new AgentSession(chunk -> {
        reassembler.feed(MemorySegment.ofBuffer(chunk), sent::add);
        return CompletableFuture.completedFuture(null);
    }, VdAgent.DISPLAY_FLAG_DISABLE_FONT_SMOOTH, new AgentSession.Events() {
        @Override
        public void capabilitiesChanged() {
            events.add("caps");
        }

        @Override
        public void clipboardGrabbed(ClipboardSelection selection, List<ClipboardType> types) {
            events.add("grab " + selection + " " + types);
        }

        @Override
        public void clipboardRequested(ClipboardSelection selection, ClipboardType type) {
            events.add("request " + selection + " " + type);
        }

        @Override
        public void clipboardReleased(ClipboardSelection selection) {
            events.add("release " + selection);
        }

        @Override
        public void clipboardData(ClipboardSelection selection, ClipboardType type, byte[] data) {
            events.add("data " + selection + " " + type + " " + new String(data, StandardCharsets.UTF_8));
        }

        @Override
        public void fileTransferProgress(FileTransferTask task, long transferredBytes) {
            events.add("progress");
        }
    });

    private void fromAgent(int type, Bytes payload) {
        byte[] body = payload.bytes();
        session.receive(MemorySegment.ofArray(new Bytes().u32(1).u32(type).u64(0).u32(body.length).raw(body).bytes()));
    }

    private static int word(int... bits) {
        int word = 0;
        for (int bit : bits) {
            word |= 1 << bit;
        }
        return word;
    }

    private void startWith(int capabilities) {
        session.setTokens(100);
        session.start();
        fromAgent(VdAgent.ANNOUNCE_CAPABILITIES, new Bytes().u32(0).u32(capabilities));
    }

    private List<Integer> sentTypes() {
        return sent.stream().map(AgentMessage::type).toList();
    }

    @Test
    void capabilitiesBringDisplayConfigOnceAndTheClipboardLimit() throws Exception {
        session.setTokens(100);
        session.start();
        assertEquals(List.of(VdAgent.ANNOUNCE_CAPABILITIES), sentTypes());
        assertEquals(1, sent.getFirst().reader().u32(), "the first announcement asks for the agent's");

        int caps = word(AgentCapability.DISPLAY_CONFIG.bit(), AgentCapability.MAX_CLIPBOARD.bit());
        fromAgent(VdAgent.ANNOUNCE_CAPABILITIES, new Bytes().u32(1).u32(caps).u32(0xFFFF_FFFFL));
        assertEquals(List.of(VdAgent.ANNOUNCE_CAPABILITIES, VdAgent.ANNOUNCE_CAPABILITIES, VdAgent.DISPLAY_CONFIG,
                VdAgent.MAX_CLIPBOARD), sentTypes());
        assertEquals(0, sent.get(1).reader().u32(), "an answer does not ask again");
        WireReader display = sent.get(2).reader();
        assertEquals(VdAgent.DISPLAY_FLAG_DISABLE_FONT_SMOOTH, display.u32());
        assertEquals(0, display.u32(), "no colour depth, as spice-gtk");
        assertEquals(AgentSession.DEFAULT_MAX_CLIPBOARD, sent.get(3).reader().i32());
        assertTrue(session.hasCapability(AgentCapability.MAX_CLIPBOARD));
        assertFalse(session.hasCapability(AgentCapability.CLIPBOARD_GRAB_SERIAL), "only announced bits count");
        assertFalse(session.hasCapability(AgentCapability.REPLY));

        fromAgent(VdAgent.ANNOUNCE_CAPABILITIES, new Bytes().u32(0).u32(caps));
        assertEquals(5, sent.size(), "DISPLAY_CONFIG goes once per agent; MAX_CLIPBOARD again");
        assertEquals(List.of("caps", "caps"), events);
    }

    @Test
    void clipboardWithoutSelectionsHasNoPrefix() {
        startWith(word(AgentCapability.CLIPBOARD_BY_DEMAND.bit()));
        fromAgent(VdAgent.CLIPBOARD_GRAB, new Bytes().u32(1).u32(5));
        fromAgent(VdAgent.CLIPBOARD_REQUEST, new Bytes().u32(3));
        fromAgent(VdAgent.CLIPBOARD, new Bytes().u32(1).raw("hi".getBytes(StandardCharsets.UTF_8)));
        fromAgent(VdAgent.CLIPBOARD_RELEASE, new Bytes());
        assertEquals(List.of("caps", "grab CLIPBOARD [UTF8_TEXT, IMAGE_JPG]", "request CLIPBOARD IMAGE_BMP",
                "data CLIPBOARD UTF8_TEXT hi", "release CLIPBOARD"), events);
        assertTrue(session.clipboardGrab(ClipboardSelection.PRIMARY, List.of(ClipboardType.UTF8_TEXT))
                .isCompletedExceptionally());
    }

    @Test
    void anAgentsNoneAnswerIsEmptyDataForTheOldestUnansweredRequest() {
        startWith(word(AgentCapability.CLIPBOARD_BY_DEMAND.bit(), AgentCapability.CLIPBOARD_SELECTION.bit()));
        session.clipboardRequest(ClipboardSelection.PRIMARY, ClipboardType.IMAGE_PNG);
        session.clipboardRequest(ClipboardSelection.PRIMARY, ClipboardType.UTF8_TEXT);
        session.clipboardRequest(ClipboardSelection.CLIPBOARD, ClipboardType.IMAGE_BMP);
        fromAgent(VdAgent.CLIPBOARD, new Bytes().u8(1).raw(new byte[3]).u32(1).raw(new byte[] {'t'}));
        fromAgent(VdAgent.CLIPBOARD, new Bytes().u8(1).raw(new byte[3]).u32(VdAgent.CLIPBOARD_NONE));
        fromAgent(VdAgent.CLIPBOARD, new Bytes().u8(1).raw(new byte[3]).u32(VdAgent.CLIPBOARD_NONE));
        fromAgent(VdAgent.CLIPBOARD, new Bytes().u8(0).raw(new byte[3]).u32(VdAgent.CLIPBOARD_NONE));
        assertEquals(List.of("caps", "data PRIMARY UTF8_TEXT t", "data PRIMARY IMAGE_PNG ",
                "data CLIPBOARD IMAGE_BMP "), events, "a NONE with nothing unanswered is dropped");
    }

    @Test
    void crossingGrabsResolveBySerial() throws Exception {
        startWith(word(AgentCapability.CLIPBOARD_BY_DEMAND.bit(), AgentCapability.CLIPBOARD_SELECTION.bit(),
                AgentCapability.CLIPBOARD_GRAB_SERIAL.bit()));
        // Both sides grab with serial 0: the client's counter moved to 1, so the agent's grab is dropped.
        session.clipboardGrab(ClipboardSelection.CLIPBOARD, List.of(ClipboardType.UTF8_TEXT));
        WireReader grab = sent.getLast().reader();
        grab.skip(4);
        assertEquals(0, grab.u32());
        fromAgent(VdAgent.CLIPBOARD_GRAB, new Bytes().u32(0).u32(0).u32(1));
        assertEquals(List.of("caps"), events);
        fromAgent(VdAgent.CLIPBOARD_GRAB, new Bytes().u32(0).u32(1).u32(1));
        assertEquals("grab CLIPBOARD [UTF8_TEXT]", events.getLast());
        session.clipboardGrab(ClipboardSelection.CLIPBOARD, List.of(ClipboardType.UTF8_TEXT));
        WireReader next = sent.getLast().reader();
        next.skip(4);
        assertEquals(2, next.u32());

        session.stop();
        session.start();
        session.setTokens(100);
        fromAgent(VdAgent.ANNOUNCE_CAPABILITIES, new Bytes().u32(0).u32(word(AgentCapability.CLIPBOARD_BY_DEMAND.bit(),
                AgentCapability.CLIPBOARD_SELECTION.bit(), AgentCapability.CLIPBOARD_GRAB_SERIAL.bit())));
        fromAgent(VdAgent.CLIPBOARD_GRAB, new Bytes().u32(0).u32(0).u32(1));
        assertEquals("grab CLIPBOARD [UTF8_TEXT]", events.getLast(), "a new agent starts counting at 0");
    }

    @Test
    void clipboardNeedsAConnectedAgentThatSharesIt() {
        assertTrue(session.clipboardRelease(ClipboardSelection.CLIPBOARD).isCompletedExceptionally());
        startWith(word(AgentCapability.MONITORS_CONFIG.bit()));
        assertTrue(session.clipboardRequest(ClipboardSelection.CLIPBOARD, ClipboardType.UTF8_TEXT)
                .isCompletedExceptionally());
        assertEquals(List.of(VdAgent.ANNOUNCE_CAPABILITIES), sentTypes());
    }

    @Test
    void monitorConfigurationsNeedNoReplyAndRepliesChangeNothing() {
        startWith(word(AgentCapability.REPLY.bit(), AgentCapability.MONITORS_CONFIG.bit()));
        session.updateDisplay(0, 0, 0, 800, 600, true);
        int before = sentTypes().size();
        session.sendMonitorConfig();
        fromAgent(VdAgent.REPLY, new Bytes().u32(VdAgent.MONITORS_CONFIG).u32(VdAgent.REPLY_ERROR));
        session.sendMonitorConfig();
        assertEquals(List.of(VdAgent.MONITORS_CONFIG, VdAgent.MONITORS_CONFIG),
                sentTypes().subList(before, sentTypes().size()), "a refusal does not stop the next layout");
        session.stop();
        assertTrue(session.sendMonitorConfig().isCompletedExceptionally(), "no agent, nothing to send to");
    }

    @Test
    void anAgentWithEnabledDisplaysGetsTheLayoutWithItsCapabilities() {
        session.updateDisplay(0, 0, 0, 1280, 1024, true);
        startWith(word(AgentCapability.MONITORS_CONFIG.bit()));
        assertEquals(List.of(VdAgent.ANNOUNCE_CAPABILITIES, VdAgent.MONITORS_CONFIG), sentTypes());
    }

    @Test
    void fileStatusesBecomeTypedErrors() throws Exception {
        assertEquals(Reason.INVALID_FILE_NAME, status(VdAgent.XFER_ERROR, new Bytes().u8(0).u32(13)).reason());
        FileTransferException other = status(VdAgent.XFER_ERROR, new Bytes().u8(0).u32(14));
        assertEquals(Reason.AGENT_ERROR, other.reason());
        assertEquals(14, other.ioErrorCode().orElseThrow());
        assertTrue(status(VdAgent.XFER_ERROR, new Bytes()).ioErrorCode().isEmpty());
        assertEquals(Reason.AGENT_ERROR, status(VdAgent.XFER_ERROR, new Bytes().u8(1).u32(13)).reason(),
                "an error type other than GLib's carries no code we know");
        FileTransferException space = status(VdAgent.XFER_NOT_ENOUGH_SPACE, new Bytes().u64(4096));
        assertEquals(4096, space.freeSpace().orElseThrow());
        assertTrue(status(VdAgent.XFER_NOT_ENOUGH_SPACE, new Bytes().u32(1)).freeSpace().isEmpty());
        assertEquals(Reason.AGENT_CANCELLED, status(VdAgent.XFER_CANCELLED, new Bytes()).reason());
        assertEquals(Reason.SESSION_LOCKED, status(VdAgent.XFER_SESSION_LOCKED, new Bytes()).reason());
        assertEquals(Reason.SESSION_AGENT_NOT_CONNECTED,
                status(VdAgent.XFER_VDAGENT_NOT_CONNECTED, new Bytes()).reason());
        assertEquals(Reason.DISABLED, status(VdAgent.XFER_DISABLED, new Bytes()).reason());
        assertEquals(Reason.UNKNOWN_STATUS, status(99, new Bytes()).reason());
    }

    private static FileTransferException status(int result, Bytes detail) {
        return AgentStatusError.describe(result, new WireReader(MemorySegment.ofArray(detail.bytes()), "test"), 10);
    }

    @Test
    void keyFileValuesAreEscapedAsGLibDoes() {
        assertEquals("a b.txt", FileTransfer.escapeKeyFileValue("a b.txt"));
        assertEquals("\\sx\\\\y\\nz\\tw\\r", FileTransfer.escapeKeyFileValue(" x\\y\nz\tw\r"));
    }

    @Test
    void effectsNamesMapToDisplayFlags() {
        assertEquals(0, AgentSession.displayConfigFlags(Set.of()));
        assertEquals(VdAgent.DISPLAY_FLAG_DISABLE_WALLPAPER | VdAgent.DISPLAY_FLAG_DISABLE_ANIMATION,
                AgentSession.displayConfigFlags(Set.of("wallpaper", "animation")));
        assertEquals(7, AgentSession.displayConfigFlags(Set.of("all")));
    }

    @Test
    void announcedCapabilitiesAreSpiceGtks() throws Exception {
        session.setTokens(1);
        session.start();
        ByteBuffer payload = ByteBuffer.wrap(sent.getFirst().payload()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(8, payload.remaining());
        payload.getInt();
        assertEquals(word(0, 1, 2, 4, 5, 6, 12, 14, 16, 17), payload.getInt());
    }
}
