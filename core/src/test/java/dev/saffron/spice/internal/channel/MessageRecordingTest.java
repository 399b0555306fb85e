package dev.saffron.spice.internal.channel;

import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageRecordingTest {
    @Test
    void recordedBytesReadBackAsTheSameStream(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rec");
        try (MessageRecorder recorder = new MessageRecorder(file, 2, 1, true, () -> 4242)) {
            recorder.message(ByteBuffer.wrap(new byte[]{1, 2, 3, 4, 5, 6}), MemorySegment.ofArray(new byte[]{7, 8}));
            recorder.message(ByteBuffer.wrap(new byte[]{9, 9, 9, 9, 9, 9}), MemorySegment.ofArray(new byte[0]));
        }
        MessageRecording recording = MessageRecording.read(file);
        assertEquals(2, recording.channelType());
        assertEquals(1, recording.channelId());
        assertTrue(recording.miniHeader());
        assertEquals(2, recording.entries().size());
        assertEquals(4242, recording.entries().get(0).mmTime());
        ByteBuffer all = ByteBuffer.allocate(14);
        recording.readFully(all);
        assertArrayEquals(new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 9, 9, 9}, all.array());
        assertThrows(EOFException.class, () -> recording.readFully(ByteBuffer.allocate(1)));
        recording.rewind();
        ByteBuffer first = ByteBuffer.allocate(8);
        recording.readFully(first);
        assertEquals(1, first.get(0));
    }

    @Test
    void otherFilesAreRefusedAsNotRecordings(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("text"), "hello, world\n");
        SpiceException e = assertThrows(SpiceException.class, () -> MessageRecording.read(text));
        assertEquals(SpiceError.PROTOCOL, e.error());
        assertTrue(e.getMessage().contains("not a Saffron recording"), e.getMessage());
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        assertThrows(SpiceException.class, () -> MessageRecording.read(empty));
    }

    @Test
    void damagedRecordsAreRefused(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(MessageRecorder.MAGIC);
        out.write(new byte[]{2, 0, 1});
        out.writeLong(0);
        out.writeInt(0);
        out.writeInt(1000);
        out.write(new byte[10]);
        Path truncated = Files.write(dir.resolve("truncated"), bytes.toByteArray());
        SpiceException e = assertThrows(SpiceException.class, () -> MessageRecording.read(truncated));
        assertEquals(SpiceError.PROTOCOL, e.error());

        byte[] negative = bytes.toByteArray();
        int lengthAt = MessageRecorder.MAGIC.length + 3 + 12;
        Arrays.fill(negative, lengthAt, lengthAt + 4, (byte) 0xFF);
        Path lying = Files.write(dir.resolve("lying"), negative);
        assertThrows(SpiceException.class, () -> MessageRecording.read(lying));
    }
}
