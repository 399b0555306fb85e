package dev.saffron.spice;

import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.internal.protocol.DisplayProtocol;
import dev.saffron.spice.testing.ChannelHarness;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The saffron.* Flight Recorder events a display channel emits while a recording is on, read back from its file. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FlightRecorderEventsTest {
    private static final int ROP_PUT = 1 << 3;
    private static final int MJPEG = 1;

    @Test
    void aRecordingHoldsTheDrawsImagesLateFramesAndTrafficOfASession(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("session.jfr");
        try (Recording recording = new Recording()) {
            for (String name : List.of("saffron.ImageDecoded", "saffron.Draw", "saffron.StreamFrameDropped",
                    "saffron.ChannelBytes")) {
                recording.enable(name).withoutThreshold();
            }
            recording.start();
            try (ChannelHarness channel = new ChannelHarness()) {
                DisplayChannel display = new DisplayChannel(channel, 0);
                channel.link(display.engine(), 0);
                channel.readMessageType();
                channel.send(DisplayProtocol.MSG_SURFACE_CREATE, new Bytes().u32(0).u32(4).u32(2).u32(32).u32(1).bytes());
                channel.send(DisplayProtocol.MSG_DRAW_COPY, copyOfA3x2Bitmap());
                // An MJPEG frame stamped before the channel's clock: it comes late and is dropped unseen.
                channel.setMmTime(10_000);
                channel.send(DisplayProtocol.MSG_STREAM_CREATE, new Bytes().u32(0).u32(7).u8(0).u8(MJPEG).u64(0)
                        .u32(4).u32(2).u32(4).u32(2).u32(0).u32(0).u32(2).u32(4).u8(0).bytes());
                channel.send(DisplayProtocol.MSG_STREAM_DATA, new Bytes().u32(7).u32(5_000).u32(3).u8(1).u8(2).u8(3)
                        .bytes());
                // Channel traffic is reported at most once a second, by the next message after it.
                Thread.sleep(1_100);
                channel.send(DisplayProtocol.MSG_DRAW_COPY, copyOfA3x2Bitmap());
                assertEquals(0, display.decodeErrors());
                assertEquals(1, display.streamFramesDropped());
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);

        List<RecordedEvent> images = named(events, "saffron.ImageDecoded");
        assertEquals(2, images.size(), events.toString());
        for (RecordedEvent image : images) {
            assertEquals("BITMAP", image.getString("codec"));
            assertEquals(3, image.getInt("width"));
            assertEquals(2, image.getInt("height"));
            assertEquals(6, image.getLong("pixels"));
            assertTrue(image.getLong("compressedBytes") >= 24, image.toString());
        }
        List<RecordedEvent> draws = named(events, "saffron.Draw");
        assertEquals(2, draws.size(), events.toString());
        assertEquals("display DRAW_COPY", draws.getFirst().getString("operation"));
        assertEquals(6, draws.getFirst().getLong("pixels"));
        assertEquals(0, draws.getFirst().getInt("surface"));

        List<RecordedEvent> dropped = named(events, "saffron.StreamFrameDropped");
        assertEquals(1, dropped.size(), events.toString());
        assertEquals("LATE", dropped.getFirst().getString("reason"));
        assertEquals(7, dropped.getFirst().getInt("stream"));
        // The channel's clock runs on from 10 s while the test sends.
        int margin = dropped.getFirst().getInt("marginMillis");
        assertTrue(margin <= -5_000 && margin > -6_000, "margin " + margin);

        List<RecordedEvent> traffic = named(events, "saffron.ChannelBytes");
        assertFalse(traffic.isEmpty(), events.toString());
        RecordedEvent first = traffic.getFirst();
        assertTrue(first.getString("channel").startsWith("display"), first.toString());
        assertTrue(first.getLong("messages") >= 4, first.toString());
        assertTrue(first.getLong("received") > 100, first.toString());
        assertTrue(first.getLong("sent") > 0, "the channel's INIT at least: " + first);
    }

    @Test
    void withoutARecordingNothingIsRecordedAndTheChannelDrawsAsBefore() throws Exception {
        try (ChannelHarness channel = new ChannelHarness()) {
            DisplayChannel display = new DisplayChannel(channel, 0);
            channel.link(display.engine(), 0);
            channel.readMessageType();
            channel.send(DisplayProtocol.MSG_SURFACE_CREATE, new Bytes().u32(0).u32(4).u32(2).u32(32).u32(1).bytes());
            channel.send(DisplayProtocol.MSG_DRAW_COPY, copyOfA3x2Bitmap());
            assertEquals(0, display.decodeErrors());
            assertEquals(0xFF0000FF, display.primarySurface().orElseThrow().toArgb()[0]);
        }
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }

    /** DRAW_COPY of a top-down 3x2 32-bit BITMAP of blue pixels to (0, 0), no clip, no mask. */
    private static byte[] copyOfA3x2Bitmap() {
        Bytes copy = new Bytes().u32(0).u32(0).u32(0).u32(2).u32(3).u8(0);
        int imageAt = copy.size() + 4 + 16 + 2 + 1 + 13;
        copy.u32(imageAt).u32(0).u32(0).u32(2).u32(3).u16(ROP_PUT).u8(1);
        copy.u8(0).u32(0).u32(0).u32(0);
        copy.u64(0).u8(0).u8(0).u32(3).u32(2).u8(8).u8(4).u32(3).u32(2).u32(12).u32(0);
        for (int i = 0; i < 6; i++) {
            copy.u32(0x0000FF);
        }
        return copy.bytes();
    }
}
