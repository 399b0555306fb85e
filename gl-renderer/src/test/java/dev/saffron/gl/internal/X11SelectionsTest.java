package dev.saffron.gl.internal;

import dev.saffron.spice.ClipboardSelection;
import dev.saffron.spice.testing.Tool;
import dev.saffron.spice.testing.XvfbServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The X selections against a real (headless) X server and another client, xclip: owner changes seen through
 * XFixes, reads and answers in one property and by INCR (xclip's INCR announces no size, which the JDK's
 * clipboard cannot read), the read limit, and PRIMARY beside CLIPBOARD.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class X11SelectionsTest {
    private static final int LARGE = 10 * 1024 * 1024;

    private Path temp;
    private XvfbServer x;
    private HostSelections selections;
    private final BlockingQueue<ClipboardSelection> changes = new LinkedBlockingQueue<>();

    @BeforeAll
    void start() throws IOException {
        temp = Files.createTempDirectory("saffron-x11-selections-");
        x = XvfbServer.start(64, 64, temp);
        selections = X11Selections.open(x.display(), changes::add).orElseThrow();
    }

    @AfterAll
    void stop() throws IOException {
        if (selections != null) {
            selections.close();
        }
        if (x != null) {
            x.close();
        }
        try (var files = Files.walk(temp)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void anotherClientsLargeSelectionIsReadByIncrAfterItsOwnerChangeIsSeen() throws Exception {
        byte[] content = random(LARGE, 1);
        Path file = Files.write(temp.resolve("large.bin"), content);
        changes.clear();
        xclipIn("-selection", "clipboard", "-t", "image/png", "-i", file.toString());
        assertEquals(ClipboardSelection.CLIPBOARD, changes.poll(10, TimeUnit.SECONDS));
        List<String> targets = selections.targets(ClipboardSelection.CLIPBOARD).get(10, TimeUnit.SECONDS);
        assertTrue(targets.contains("image/png"), targets.toString());
        byte[] read = selections.read(ClipboardSelection.CLIPBOARD, "image/png", LARGE).get(30, TimeUnit.SECONDS);
        assertArrayEquals(content, read);
    }

    @Test
    void aReadOverItsLimitFailsAndTheNextReadStillWorks() throws Exception {
        byte[] content = random(300_000, 2);
        Path file = Files.write(temp.resolve("limit.bin"), content);
        changes.clear();
        xclipIn("-selection", "clipboard", "-t", "image/bmp", "-i", file.toString());
        assertEquals(ClipboardSelection.CLIPBOARD, changes.poll(10, TimeUnit.SECONDS));
        CompletableFuture<byte[]> tooSmall = selections.read(ClipboardSelection.CLIPBOARD, "image/bmp", 1000);
        ExecutionException failure = assertThrows(ExecutionException.class, () -> tooSmall.get(30, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, failure.getCause());
        assertArrayEquals(content, selections.read(ClipboardSelection.CLIPBOARD, "image/bmp", content.length)
                .get(30, TimeUnit.SECONDS));
    }

    @Test
    void anOwnedSelectionIsAnsweredByDemandInOnePropertyAndByIncr() throws Exception {
        byte[] large = random(LARGE, 3);
        byte[] text = "eine Auswahl, ünïcödé".getBytes(StandardCharsets.UTF_8);
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        selections.own(ClipboardSelection.CLIPBOARD, List.of("image/png", "UTF8_STRING"), target -> {
            asked.add(target);
            // Answered later, from another thread, as the guest's contents come.
            return CompletableFuture.supplyAsync(() -> target.equals("image/png") ? large : text);
        });
        assertEquals("UTF8_STRING\nimage/png\n", sorted(xclipOut("clipboard", "TARGETS")).replace("TARGETS\n", ""));
        assertArrayEquals(text, xclipOut("clipboard", "UTF8_STRING"));
        assertArrayEquals(large, xclipOut("clipboard", "image/png"));
        assertEquals(List.of("UTF8_STRING", "image/png"), asked, "TARGETS is answered without the contents");
    }

    @Test
    void primaryIsItsOwnSelectionBothWays() throws Exception {
        Path file = Files.writeString(temp.resolve("primary.txt"), "selected on the host");
        changes.clear();
        xclipIn("-selection", "primary", "-i", file.toString());
        assertEquals(ClipboardSelection.PRIMARY, changes.poll(10, TimeUnit.SECONDS));
        assertEquals("selected on the host", new String(selections.read(ClipboardSelection.PRIMARY, "UTF8_STRING",
                1000).get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));

        selections.own(ClipboardSelection.PRIMARY, List.of("UTF8_STRING"),
                target -> CompletableFuture.completedFuture("selected in the guest".getBytes(StandardCharsets.UTF_8)));
        assertEquals("selected in the guest", new String(xclipOut("primary", "UTF8_STRING"), StandardCharsets.UTF_8));
        selections.release(ClipboardSelection.PRIMARY);
        assertTrue(selections.targets(ClipboardSelection.PRIMARY).get(10, TimeUnit.SECONDS).isEmpty(),
                "released: nobody owns PRIMARY");
    }

    @Test
    void closingGivesUpWhatWasOwnedAndLaterReadsFailAtOnce() throws Exception {
        HostSelections other = X11Selections.open(x.display(), selection -> { }).orElseThrow();
        other.own(ClipboardSelection.PRIMARY, List.of("UTF8_STRING"),
                target -> CompletableFuture.completedFuture(new byte[] {'x'}));
        assertEquals("x", new String(xclipOut("primary", "UTF8_STRING"), StandardCharsets.UTF_8));
        other.close();
        assertTrue(selections.targets(ClipboardSelection.PRIMARY).get(10, TimeUnit.SECONDS).isEmpty(),
                "a closed connection owns nothing");
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> other.read(ClipboardSelection.CLIPBOARD, "UTF8_STRING", 10).get(5, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, failure.getCause());
    }

    /** Starts xclip taking a selection; it goes on serving it in the background until it loses it. */
    private void xclipIn(String... args) throws IOException, InterruptedException {
        assertTrue(x.start(Tool.XCLIP, args).waitFor(10, TimeUnit.SECONDS));
    }

    private byte[] xclipOut(String selection, String target) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Tool.XCLIP.require().toString(), "-selection", selection, "-t",
                target, "-o").redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("DISPLAY", x.display());
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), "xclip -o " + target);
        return out;
    }

    private static String sorted(byte[] lines) {
        return new String(lines, StandardCharsets.UTF_8).lines().sorted().reduce("", (a, b) -> a + b + "\n");
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
