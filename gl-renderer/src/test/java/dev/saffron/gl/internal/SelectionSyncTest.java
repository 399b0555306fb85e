package dev.saffron.gl.internal;

import dev.saffron.spice.ClipboardSelection;
import dev.saffron.spice.ClipboardType;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** spice-gtk's grab, request and release, per selection, against a scripted host and guest. */
class SelectionSyncTest {
    private final ScriptedHost host = new ScriptedHost();
    private final List<String> guestSent = new ArrayList<>();
    private final Map<String, byte[]> answers = new HashMap<>();
    private final Set<ClipboardSelection> shared = EnumSet.of(ClipboardSelection.CLIPBOARD,
            ClipboardSelection.PRIMARY);
    private int maxBytes = -1;
    private boolean crlf;
    private boolean releasesBeforeRegrab;
    private final List<Runnable> delayed = new ArrayList<>();
    // Both executors run at once: the test is the window's thread and the converter.
    private final SelectionSync sync = new SelectionSync(host, new SelectionSync.Guest() {
        @Override
        public boolean shares(ClipboardSelection selection) {
            return shared.contains(selection);
        }

        @Override
        public boolean crlfLines() {
            return crlf;
        }

        @Override
        public int maxBytes() {
            return maxBytes;
        }

        @Override
        public boolean releasesBeforeRegrab() {
            return releasesBeforeRegrab;
        }

        @Override
        public void grab(ClipboardSelection selection, List<ClipboardType> types) {
            guestSent.add("grab " + selection + " " + types);
        }

        @Override
        public void release(ClipboardSelection selection) {
            guestSent.add("release " + selection);
        }

        @Override
        public void request(ClipboardSelection selection, ClipboardType type) {
            guestSent.add("request " + selection + " " + type);
        }

        @Override
        public void answer(ClipboardSelection selection, ClipboardType type, byte[] data) {
            guestSent.add("answer " + selection + " " + type + " " + data.length);
            answers.put(selection + " " + type, data);
        }
    }, Runnable::run, Runnable::run, delayed::add);

    /** A host whose owners and contents the test sets. */
    private static final class ScriptedHost implements HostSelections {
        final Map<ClipboardSelection, List<String>> targets = new HashMap<>();
        final Map<String, byte[]> contents = new HashMap<>();
        final Map<ClipboardSelection, Source> owned = new HashMap<>();
        final Map<ClipboardSelection, List<String>> ownedTargets = new HashMap<>();
        final List<String> reads = new ArrayList<>();

        @Override
        public Set<ClipboardSelection> selections() {
            return EnumSet.allOf(ClipboardSelection.class);
        }

        @Override
        public void own(ClipboardSelection selection, List<String> offered, Source source) {
            owned.put(selection, source);
            ownedTargets.put(selection, offered);
        }

        @Override
        public void release(ClipboardSelection selection) {
            owned.remove(selection);
            ownedTargets.remove(selection);
        }

        @Override
        public CompletableFuture<List<String>> targets(ClipboardSelection selection) {
            return CompletableFuture.completedFuture(targets.getOrDefault(selection, List.of()));
        }

        @Override
        public CompletableFuture<byte[]> read(ClipboardSelection selection, String target, int limit) {
            reads.add(selection + " " + target + " " + limit);
            byte[] data = contents.get(target);
            if (data == null || data.length > limit) {
                return CompletableFuture.failedFuture(new IOException("no " + target + " within " + limit));
            }
            return CompletableFuture.completedFuture(data);
        }

        @Override
        public void close() {
        }

        /** What a host program gets asking this side's selection for {@code target}. */
        byte[] paste(ClipboardSelection selection, String target) {
            return owned.get(selection).data(target).join();
        }
    }

    @Test
    void aHostCopyIsOfferedToTheGuestAndReadOnlyWhenTheGuestAsks() {
        host.targets.put(ClipboardSelection.CLIPBOARD, List.of("TARGETS", "UTF8_STRING", "STRING"));
        host.contents.put("UTF8_STRING", "zwei\nZeilen".getBytes(StandardCharsets.UTF_8));
        sync.hostChanged(ClipboardSelection.CLIPBOARD);
        assertEquals(List.of("grab CLIPBOARD [UTF8_TEXT]"), guestSent);
        assertEquals(List.of(), host.reads, "nothing is read before the guest asks");
        crlf = true;
        sync.guestRequested(ClipboardSelection.CLIPBOARD, ClipboardType.UTF8_TEXT);
        assertEquals("zwei\r\nZeilen", new String(answers.get("CLIPBOARD UTF8_TEXT"), StandardCharsets.UTF_8));
        assertEquals(List.of("CLIPBOARD UTF8_STRING " + (Integer.MAX_VALUE - 8)), host.reads);
    }

    @Test
    void aHostImageIsOfferedInEveryLosslessFormatAndConvertedToTheOneAsked() throws IOException {
        byte[] png = png(5, 3);
        host.targets.put(ClipboardSelection.CLIPBOARD, List.of("TARGETS", "image/png"));
        host.contents.put("image/png", png);
        sync.hostChanged(ClipboardSelection.CLIPBOARD);
        assertEquals(List.of("grab CLIPBOARD [IMAGE_PNG, IMAGE_BMP, IMAGE_TIFF]"), guestSent);
        sync.guestRequested(ClipboardSelection.CLIPBOARD, ClipboardType.IMAGE_PNG);
        assertArrayEquals(png, answers.get("CLIPBOARD IMAGE_PNG"), "the same format goes unconverted");
        sync.guestRequested(ClipboardSelection.CLIPBOARD, ClipboardType.IMAGE_BMP);
        BufferedImage bmp = ImageIO.read(new ByteArrayInputStream(answers.get("CLIPBOARD IMAGE_BMP")));
        assertEquals(5, bmp.getWidth());
        assertEquals(0xFF102030, bmp.getRGB(4, 2));
    }

    @Test
    void contentsOverTheLimitAndTypesTheHostLacksAreAnsweredEmpty() {
        maxBytes = 10;
        host.targets.put(ClipboardSelection.CLIPBOARD, List.of("UTF8_STRING"));
        host.contents.put("UTF8_STRING", "more than ten bytes".getBytes(StandardCharsets.UTF_8));
        sync.hostChanged(ClipboardSelection.CLIPBOARD);
        sync.guestRequested(ClipboardSelection.CLIPBOARD, ClipboardType.UTF8_TEXT);
        sync.guestRequested(ClipboardSelection.CLIPBOARD, ClipboardType.IMAGE_PNG);
        assertEquals(List.of("grab CLIPBOARD [UTF8_TEXT]", "answer CLIPBOARD UTF8_TEXT 0",
                "answer CLIPBOARD IMAGE_PNG 0"), guestSent);
        assertEquals(List.of("CLIPBOARD UTF8_STRING 9"), host.reads, "the read stops below the limit");
    }

    @Test
    void aHostOwnerWithNothingUsableReleasesTheGuestsGrab() {
        host.targets.put(ClipboardSelection.PRIMARY, List.of("UTF8_STRING"));
        sync.hostChanged(ClipboardSelection.PRIMARY);
        host.targets.put(ClipboardSelection.PRIMARY, List.of("application/x-color"));
        sync.hostChanged(ClipboardSelection.PRIMARY);
        host.targets.remove(ClipboardSelection.PRIMARY);
        sync.hostChanged(ClipboardSelection.PRIMARY);
        assertEquals(List.of("grab PRIMARY [UTF8_TEXT]", "release PRIMARY"), guestSent);
    }

    @Test
    void unsharedSelectionsAreLeftAlone() {
        host.targets.put(ClipboardSelection.SECONDARY, List.of("UTF8_STRING"));
        sync.hostChanged(ClipboardSelection.SECONDARY);
        sync.guestGrabbed(ClipboardSelection.SECONDARY, List.of(ClipboardType.UTF8_TEXT));
        assertEquals(List.of(), guestSent);
        assertFalse(host.owned.containsKey(ClipboardSelection.SECONDARY));
    }

    @Test
    void aGuestGrabTakesTheHostSelectionAndAPasteRequestsTheGuestsContents() {
        sync.guestGrabbed(ClipboardSelection.PRIMARY, List.of(ClipboardType.UTF8_TEXT));
        assertEquals(ClipboardFormats.TEXT_TARGETS, host.ownedTargets.get(ClipboardSelection.PRIMARY));
        CompletableFuture<byte[]> paste = host.owned.get(ClipboardSelection.PRIMARY).data("STRING");
        CompletableFuture<byte[]> second = host.owned.get(ClipboardSelection.PRIMARY).data("UTF8_STRING");
        assertEquals(List.of("request PRIMARY UTF8_TEXT"), guestSent, "one request serves both pastes");
        sync.guestData(ClipboardSelection.PRIMARY, ClipboardType.UTF8_TEXT, "café\0".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("café".getBytes(StandardCharsets.ISO_8859_1), paste.join());
        assertArrayEquals("café".getBytes(StandardCharsets.UTF_8), second.join());
    }

    @Test
    void aGuestImageIsPastedUnconvertedInItsFormatAndConvertedInOthers() throws IOException {
        byte[] png = png(4, 4);
        sync.guestGrabbed(ClipboardSelection.CLIPBOARD, List.of(ClipboardType.IMAGE_PNG));
        assertEquals(List.of("image/png", "image/bmp", "image/tiff"),
                host.ownedTargets.get(ClipboardSelection.CLIPBOARD));
        CompletableFuture<byte[]> asPng = host.owned.get(ClipboardSelection.CLIPBOARD).data("image/png");
        sync.guestData(ClipboardSelection.CLIPBOARD, ClipboardType.IMAGE_PNG, png);
        assertArrayEquals(png, asPng.join());
        CompletableFuture<byte[]> asTiff = host.owned.get(ClipboardSelection.CLIPBOARD).data("image/tiff");
        sync.guestData(ClipboardSelection.CLIPBOARD, ClipboardType.IMAGE_PNG, png);
        BufferedImage tiff = ImageIO.read(new ByteArrayInputStream(asTiff.join()));
        assertEquals(0xFF102030, tiff.getRGB(3, 3));
        assertEquals(List.of("request CLIPBOARD IMAGE_PNG", "request CLIPBOARD IMAGE_PNG"), guestSent);
    }

    @Test
    void aTiffAloneIsOfferedAsTiffOnlyBothWaysForItIsNeverDecoded() {
        host.targets.put(ClipboardSelection.CLIPBOARD, List.of("TARGETS", "image/tiff"));
        sync.hostChanged(ClipboardSelection.CLIPBOARD);
        assertEquals(List.of("grab CLIPBOARD [IMAGE_TIFF]"), guestSent);
        sync.guestGrabbed(ClipboardSelection.PRIMARY, List.of(ClipboardType.IMAGE_TIFF));
        assertEquals(List.of("image/tiff"), host.ownedTargets.get(ClipboardSelection.PRIMARY));
    }

    @Test
    void aGuestOfferingTiffAndJpegIsAskedForTheJpegToConvertToPng() {
        sync.guestGrabbed(ClipboardSelection.CLIPBOARD, List.of(ClipboardType.IMAGE_TIFF, ClipboardType.IMAGE_JPG));
        host.owned.get(ClipboardSelection.CLIPBOARD).data("image/png");
        assertEquals(List.of("request CLIPBOARD IMAGE_JPG"), guestSent);
    }

    @Test
    void theGuestsEmptyAnswerRefusesThePaste() {
        sync.guestGrabbed(ClipboardSelection.CLIPBOARD, List.of(ClipboardType.IMAGE_PNG));
        CompletableFuture<byte[]> paste = host.owned.get(ClipboardSelection.CLIPBOARD).data("image/bmp");
        sync.guestData(ClipboardSelection.CLIPBOARD, ClipboardType.IMAGE_PNG, new byte[0]);
        assertNull(paste.join());
    }

    @Test
    void aGuestReleaseGivesTheHostSelectionUpAndPendingPastesGetNothing() {
        sync.guestGrabbed(ClipboardSelection.CLIPBOARD, List.of(ClipboardType.UTF8_TEXT));
        HostSelections.Source source = host.owned.get(ClipboardSelection.CLIPBOARD);
        CompletableFuture<byte[]> paste = source.data("UTF8_STRING");
        sync.guestReleased(ClipboardSelection.CLIPBOARD);
        assertNull(paste.join());
        assertFalse(host.owned.containsKey(ClipboardSelection.CLIPBOARD));
        assertNull(source.data("UTF8_STRING").join(), "the old offer gives nothing once released");
    }

    @Test
    void anAgentThatReleasesBeforeEachGrabHasItsReleaseDelayedAndOvertakenByTheGrab() {
        releasesBeforeRegrab = true;
        sync.guestGrabbed(ClipboardSelection.CLIPBOARD, List.of(ClipboardType.UTF8_TEXT));
        sync.guestReleased(ClipboardSelection.CLIPBOARD);
        assertTrue(host.owned.containsKey(ClipboardSelection.CLIPBOARD), "not at once");
        sync.guestGrabbed(ClipboardSelection.CLIPBOARD, List.of(ClipboardType.IMAGE_PNG));
        delayed.forEach(Runnable::run);
        assertEquals(List.of("image/png", "image/bmp", "image/tiff"),
                host.ownedTargets.get(ClipboardSelection.CLIPBOARD), "the grab overtook the release");
        delayed.clear();
        sync.guestReleased(ClipboardSelection.CLIPBOARD);
        delayed.forEach(Runnable::run);
        assertFalse(host.owned.containsKey(ClipboardSelection.CLIPBOARD), "released half a second later");
    }

    @Test
    void anotherHostProgramTakingTheSelectionEndsThisSidesOfferAndIsOfferedInTurn() {
        sync.guestGrabbed(ClipboardSelection.CLIPBOARD, List.of(ClipboardType.UTF8_TEXT));
        HostSelections.Source source = host.owned.get(ClipboardSelection.CLIPBOARD);
        host.targets.put(ClipboardSelection.CLIPBOARD, List.of("image/jpeg"));
        sync.hostChanged(ClipboardSelection.CLIPBOARD);
        assertNull(source.data("UTF8_STRING").join());
        assertEquals(List.of("grab CLIPBOARD [IMAGE_PNG, IMAGE_BMP, IMAGE_TIFF, IMAGE_JPG]"), guestSent);
    }

    @Test
    void stoppingGivesUpWhatThisSideOwnsAndForgetsWhatWasOffered() {
        sync.guestGrabbed(ClipboardSelection.PRIMARY, List.of(ClipboardType.UTF8_TEXT));
        host.targets.put(ClipboardSelection.CLIPBOARD, List.of("UTF8_STRING"));
        sync.hostChanged(ClipboardSelection.CLIPBOARD);
        sync.stop();
        assertTrue(host.owned.isEmpty());
        guestSent.clear();
        sync.guestRequested(ClipboardSelection.CLIPBOARD, ClipboardType.UTF8_TEXT);
        assertEquals(List.of("answer CLIPBOARD UTF8_TEXT 0"), guestSent);
    }

    private static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, 0xFF102030);
            }
        }
        image.setRGB(0, 0, 0x80FF0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
