package dev.saffron.spice.internal.agent;

import dev.saffron.spice.internal.Bytes;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AgentAssemblerTest {
    private final List<AgentMessage> out = new ArrayList<>();

    private static byte[] message(int protocol, int type, long size, byte[] payload) {
        return new Bytes().u32(protocol).u32(type).u64(0).u32(size).raw(payload).bytes();
    }

    private static byte[] message(int type, byte[] payload) {
        return message(1, type, payload.length, payload);
    }

    private void feed(AgentAssembler assembler, byte[] bytes) {
        assembler.feed(MemorySegment.ofArray(bytes), out::add);
    }

    @Test
    void aMessageSplitAtAnyByteComesOutWhole() {
        byte[] payload = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        byte[] whole = message(VdAgent.CLIPBOARD, payload);
        for (int cut = 0; cut <= whole.length; cut++) {
            out.clear();
            AgentAssembler assembler = new AgentAssembler(1000);
            feed(assembler, Arrays.copyOfRange(whole, 0, cut));
            assertEquals(cut == whole.length ? 1 : 0, out.size(), "cut at " + cut);
            feed(assembler, Arrays.copyOfRange(whole, cut, whole.length));
            assertEquals(1, out.size(), "cut at " + cut);
            assertEquals(VdAgent.CLIPBOARD, out.getFirst().type());
            assertArrayEquals(payload, out.getFirst().payload());
        }
    }

    @Test
    void severalMessagesInOneChunkAndEmptyOnes() {
        AgentAssembler assembler = new AgentAssembler(1000);
        byte[] bytes = new Bytes().raw(message(VdAgent.REPLY, new byte[]{1, 2})).raw(message(VdAgent.CLIPBOARD_RELEASE,
                new byte[0])).raw(message(VdAgent.CLIPBOARD, new byte[]{3})).bytes();
        feed(assembler, bytes);
        assertEquals(List.of(VdAgent.REPLY, VdAgent.CLIPBOARD_RELEASE, VdAgent.CLIPBOARD),
                out.stream().map(AgentMessage::type).toList());
        assertEquals(0, out.get(1).payload().length);
    }

    @Test
    void anOversizedMessageIsSkippedWithoutAllocatingAndTheNextOneDecodes() {
        AgentAssembler assembler = new AgentAssembler(16);
        // 4 GiB - 1 announced: allocating it would fail loudly; the assembler must only count it down.
        feed(assembler, message(1, VdAgent.CLIPBOARD, 0xFFFF_FFFFL, new byte[100]));
        assertEquals(0, out.size());
        assertEquals(1, assembler.droppedMessages());
        assembler.reset();
        feed(assembler, message(VdAgent.REPLY, new byte[8]));
        assertEquals(1, out.size());

        out.clear();
        feed(assembler, message(1, VdAgent.CLIPBOARD, 17, new byte[17]));
        feed(assembler, message(VdAgent.CLIPBOARD, new byte[16]));
        assertEquals(1, out.size(), "17 bytes is over the limit, 16 is not");
        assertEquals(16, out.getFirst().payload().length);
    }

    @Test
    void aForeignProtocolIsSkippedByItsSize() {
        AgentAssembler assembler = new AgentAssembler(1000);
        feed(assembler, new Bytes().raw(message(2, VdAgent.CLIPBOARD, 3, new byte[3]))
                .raw(message(VdAgent.REPLY, new byte[]{7})).bytes());
        assertEquals(1, out.size());
        assertArrayEquals(new byte[]{7}, out.getFirst().payload());
    }

    @Test
    void resetForgetsAPartialMessage() {
        AgentAssembler assembler = new AgentAssembler(1000);
        feed(assembler, Arrays.copyOf(message(VdAgent.CLIPBOARD, new byte[50]), 30));
        assembler.reset();
        feed(assembler, message(VdAgent.REPLY, new byte[]{9}));
        assertEquals(1, out.size());
        assertEquals(VdAgent.REPLY, out.getFirst().type());
    }

    @Test
    void limitsOutsideAnArraysRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AgentAssembler(-1));
        assertThrows(IllegalArgumentException.class, () -> new AgentAssembler(1L << 31));
    }
}
