package dev.saffron.spice.internal.agent;

import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentSenderTest {
    private final List<byte[]> chunks = new ArrayList<>();
    private final AgentSender sender = new AgentSender(chunk -> {
        byte[] bytes = new byte[chunk.remaining()];
        chunk.get(bytes);
        chunks.add(bytes);
        return CompletableFuture.completedFuture(null);
    });

    private static byte[] bytes(int size, int seed) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }

    @Test
    void aMessageIsAHeaderAndItsPayloadCutAt2048Bytes() {
        sender.setTokens(10);
        byte[] a = bytes(3000, 1);
        byte[] b = bytes(2000, 2);
        CompletableFuture<Void> done = sender.send(VdAgent.CLIPBOARD, a, b);
        assertTrue(done.isDone());
        assertEquals(List.of(2048, 2048, 20 + 5000 - 4096), chunks.stream().map(c -> c.length).toList());
        ByteBuffer all = ByteBuffer.allocate(20 + 5000).order(ByteOrder.LITTLE_ENDIAN);
        chunks.forEach(all::put);
        all.flip();
        assertEquals(1, all.getInt());
        assertEquals(VdAgent.CLIPBOARD, all.getInt());
        assertEquals(0, all.getLong());
        assertEquals(5000, all.getInt());
        byte[] payload = new byte[5000];
        all.get(payload);
        byte[] expected = ByteBuffer.allocate(5000).put(a).put(b).array();
        assertArrayEquals(expected, payload);
        assertEquals(7, sender.tokens(), "one token per chunk");
    }

    @Test
    void aMessageOfExactlyOneChunkAndAnEmptyOne() {
        sender.setTokens(10);
        sender.send(VdAgent.CLIPBOARD, bytes(2048 - 20, 3));
        sender.send(VdAgent.CLIPBOARD_RELEASE);
        assertEquals(List.of(2048, 20), chunks.stream().map(c -> c.length).toList());
    }

    @Test
    void withoutTokensMessagesWaitInOrder() {
        CompletableFuture<Void> first = sender.send(VdAgent.CLIPBOARD, bytes(3000, 4));
        CompletableFuture<Void> second = sender.send(VdAgent.REPLY, bytes(8, 5));
        assertEquals(0, chunks.size());
        sender.addTokens(1);
        assertEquals(1, chunks.size());
        assertFalse(first.isDone());
        sender.addTokens(1);
        assertTrue(first.isDone());
        assertFalse(second.isDone());
        sender.addTokens(5);
        assertTrue(second.isDone());
        assertEquals(List.of(2048, 20 + 3000 - 2048, 28), chunks.stream().map(c -> c.length).toList());
        assertEquals(4, sender.tokens());
    }

    @Test
    void droppingKeepsAMessageAlreadyBegun() {
        sender.setTokens(1);
        CompletableFuture<Void> begun = sender.send(VdAgent.CLIPBOARD, bytes(3000, 6));
        CompletableFuture<Void> waiting = sender.send(VdAgent.CLIPBOARD, bytes(10, 7));
        sender.dropUnstarted(new SpiceException(SpiceError.FAILED, "gone"));
        assertTrue(waiting.isCompletedExceptionally());
        assertEquals(1, sender.queuedMessages());
        sender.addTokens(5);
        assertTrue(begun.isDone());
        assertFalse(begun.isCompletedExceptionally());
        assertEquals(2, chunks.size());
    }

    @Test
    void theQueueIsBounded() {
        for (int i = 0; i < AgentSender.MAX_QUEUED_MESSAGES; i++) {
            assertFalse(sender.send(VdAgent.REPLY).isDone());
        }
        ExecutionException full = assertThrows(ExecutionException.class, () -> sender.send(VdAgent.REPLY).get());
        assertTrue(full.getCause() instanceof SpiceException);
    }

    @Test
    void closingFailsWhatWaitsAndLaterMessages() {
        CompletableFuture<Void> waiting = sender.send(VdAgent.REPLY);
        sender.close(new SpiceException(SpiceError.FAILED, "closed"));
        assertTrue(waiting.isCompletedExceptionally());
        assertTrue(sender.send(VdAgent.REPLY).isCompletedExceptionally());
    }

    @Test
    void aFailedWriteFailsTheMessage() {
        AgentSender failing = new AgentSender(chunk -> CompletableFuture.failedFuture(
                new SpiceException(SpiceError.IO, "broken")));
        failing.setTokens(5);
        assertTrue(failing.send(VdAgent.REPLY).isCompletedExceptionally());
    }
}
