package dev.saffron.spice.internal.agent;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.saffron.spice.ClipboardSelection;
import dev.saffron.spice.ClipboardType;
import dev.saffron.spice.FileTransferTask;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile agent bytes, cut into AGENT_DATA bodies anywhere, through the whole agent session with every
 * capability announced first: nothing may throw, allocate beyond the limit or hang; bad messages are dropped.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AgentSessionFuzzTest {
    private static final AgentSession.Events IGNORE = new AgentSession.Events() {
        @Override
        public void capabilitiesChanged() {
        }

        @Override
        public void clipboardGrabbed(ClipboardSelection selection, List<ClipboardType> types) {
        }

        @Override
        public void clipboardRequested(ClipboardSelection selection, ClipboardType type) {
        }

        @Override
        public void clipboardReleased(ClipboardSelection selection) {
        }

        @Override
        public void clipboardData(ClipboardSelection selection, ClipboardType type, byte[] data) {
        }

        @Override
        public void fileTransferProgress(FileTransferTask task, long transferredBytes) {
        }
    };

    /** @param input a chunk length byte, a capability word (4 bytes, little-endian), then agent bytes */
    @FuzzTest
    void receive(byte[] input) {
        if (input.length < 5) {
            return;
        }
        AgentSession session = new AgentSession(chunk -> CompletableFuture.completedFuture(null), 0, IGNORE);
        session.setMaxClipboard(4096);
        session.setTokens(1 << 20);
        session.start();
        int chunk = 1 + (input[0] & 0xFF) * 8;
        // ANNOUNCE_CAPABILITIES: header (protocol 1, type 6, opaque, size 8), request 0, the fuzzed word.
        byte[] caps = {1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, input[1], input[2],
            input[3], input[4]};
        session.receive(MemorySegment.ofArray(caps));
        MemorySegment rest = MemorySegment.ofArray(input).asSlice(5);
        for (long offset = 0; offset < rest.byteSize(); offset += chunk) {
            session.receive(rest.asSlice(offset, Math.min(chunk, rest.byteSize() - offset)));
        }
        session.close();
    }
}
