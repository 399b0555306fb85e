package dev.saffron.spice.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The virtual smartcard as OpenSC, a plain libpcsclite client in a process of its own, sees it. */
class VirtualSmartcardTest {
    /** GET CHALLENGE for 8 bytes: the card answers 8 random bytes and 90 00. */
    private static final String GET_CHALLENGE = "00 84 00 00 08";
    private static final Pattern RECEIVED = Pattern.compile("Received \\(SW1=0x(\\p{XDigit}{2}), SW2=0x(\\p{XDigit}{2})\\)");

    @TempDir
    Path directory;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aCardGoesInAndOutOfAReaderOfItsOwnDaemon() throws Exception {
        try (VirtualSmartcard card = VirtualSmartcard.start(directory)) {
            String readers = openscTool(card, "--list-readers").output();
            for (String name : card.readerNames()) {
                assertTrue(readers.contains(name), readers);
            }

            card.insertCard();
            assertEquals(VirtualSmartcard.ISO7816_ATR, openscTool(card, "--reader", "0", "--atr").output().strip());
            Result challenge = openscTool(card, "--reader", "0", "--send-apdu", GET_CHALLENGE);
            Matcher status = RECEIVED.matcher(challenge.output());
            assertTrue(status.find(), challenge.output());
            assertEquals("90 00", status.group(1) + " " + status.group(2), challenge.output());

            card.removeCard();
            Result gone = openscTool(card, "--reader", "0", "--atr");
            assertNotEquals(0, gone.exitCode(), gone.output());
            assertTrue(gone.output().contains("Card not present"), gone.output());
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void eachReaderTakesItsOwnCard() throws Exception {
        try (VirtualSmartcard card = VirtualSmartcard.start(directory)) {
            card.insertCard(1);
            assertEquals(VirtualSmartcard.ISO7816_ATR, openscTool(card, "--reader", "1", "--atr").output().strip());
            Result empty = openscTool(card, "--reader", "0", "--atr");
            assertNotEquals(0, empty.exitCode(), empty.output());

            card.insertCard(0);
            assertEquals(VirtualSmartcard.ISO7816_ATR, openscTool(card, "--reader", "0", "--atr").output().strip());
            card.removeCard(1);
            assertEquals(0, openscTool(card, "--reader", "0", "--atr").exitCode());
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anApduTakesLessThanADelayedAcknowledgement() throws Exception {
        try (VirtualSmartcard card = VirtualSmartcard.start(directory)) {
            card.insertCard();
            List<String> arguments = new ArrayList<>(List.of("--reader", "0", "--card-driver", "default"));
            for (int i = 0; i < 100; i++) {
                arguments.addAll(List.of("--send-apdu", GET_CHALLENGE));
            }
            long start = System.nanoTime();
            Result result = openscTool(card, arguments.toArray(String[]::new));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertEquals(0, result.exitCode(), result.output());
            assertEquals(100, RECEIVED.matcher(result.output()).results().count(), result.output());
            // 100 APDUs waiting 40 ms each for an acknowledgement would take over 4 s.
            assertTrue(took.compareTo(Duration.ofMillis(2500)) < 0, "100 APDUs took " + took);
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void twoDaemonsRunSideBySide() throws Exception {
        try (VirtualSmartcard first = VirtualSmartcard.start(directory.resolve("first"));
                VirtualSmartcard second = VirtualSmartcard.start(directory.resolve("second"))) {
            assertNotEquals(first.socket(), second.socket());
            second.insertCard();
            assertEquals(0, openscTool(second, "--reader", "0", "--atr").exitCode());
            Result other = openscTool(first, "--reader", "0", "--atr");
            assertFalse(other.output().contains(VirtualSmartcard.ISO7816_ATR), other.output());
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result openscTool(VirtualSmartcard card, String... arguments)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Tool.OPENSC_TOOL.require().toString());
        builder.command().addAll(List.of(arguments));
        builder.environment().putAll(card.clientEnvironment());
        Process process = builder.redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("opensc-tool did not finish: " + output);
        }
        return new Result(process.exitValue(), output);
    }
}
