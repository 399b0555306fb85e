package dev.saffron.viewer;

import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real commands through /bin/sh. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectCommandTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    private static final String TICKET = "PVEVNC:6571A2B3::secret-ticket";

    @TempDir
    Path temp;

    private static String printing(String vv) {
        return "printf '%s' '" + vv + "'";
    }

    private static String file(String host, int port, String password) {
        return "[virt-viewer]\ntype=spice\nhost=" + host + "\nport=" + port + "\npassword=" + password
                + "\ndelete-this-file=1\n";
    }

    @Test
    void theFileTheCommandPrintsNamesTheServerAndTicket() throws Exception {
        VvFile printed = new ConnectCommand(printing(file("pve1", 61000, TICKET)), LIMIT).run();
        SessionConfig config = new SessionOptions(temp).buildWith(printed);
        assertEquals(Optional.of("pve1"), config.host());
        assertEquals(OptionalInt.of(61000), config.port());
        assertEquals(Optional.of(TICKET), config.password());
    }

    @Test
    void eachRunIsANewRunOfTheCommand() throws Exception {
        Path count = temp.resolve("count");
        Files.writeString(count, "0");
        // The password is the run's number: what a ticket service does with its fresh tickets.
        String script = "n=$(($(cat " + count + ") + 1)); echo $n > " + count + "; "
                + "printf '[virt-viewer]\\ntype=spice\\nhost=h\\nport=5900\\npassword=ticket-%s\\n' $n";
        ConnectCommand command = new ConnectCommand(script, LIMIT);
        SessionOptions options = new SessionOptions(temp);
        assertEquals(Optional.of("ticket-1"), options.buildWith(command.run()).password());
        assertEquals(Optional.of("ticket-2"), options.buildWith(command.run()).password());
    }

    @Test
    void aFailingCommandSaysItsStatusAndNotItsOutput() {
        SpiceException e = assertThrows(SpiceException.class, () -> new ConnectCommand(
                printing(file("h", 1, TICKET)) + "; exit 3", LIMIT).run());
        assertEquals(SpiceError.FAILED, e.error());
        assertEquals("--connect-command failed: it exited with status 3", e.getMessage());
    }

    @Test
    void outputThatIsNotAConnectionFileIsRefusedWithoutQuotingIt() {
        SpiceException e = assertThrows(SpiceException.class, () -> new ConnectCommand(
                "echo password=" + TICKET, LIMIT).run());
        assertEquals(SpiceError.FAILED, e.error());
        assertTrue(e.getMessage().startsWith("--connect-command failed: the --connect-command output: "),
                e.getMessage());
        assertFalse(e.getMessage().contains(TICKET), e.getMessage());
    }

    @Test
    void endlessOutputIsCutAtTheConnectionFileLimit() {
        SpiceException e = assertThrows(SpiceException.class, () -> new ConnectCommand("yes", LIMIT).run());
        assertEquals("--connect-command failed: it printed more than " + VvFile.MAX_BYTES
                + " bytes, more than a connection file", e.getMessage());
    }

    @Test
    void aCommandThatHangsIsKilledWithItsChildrenAtTheLimit() throws Exception {
        Path pidFile = temp.resolve("child.pid");
        // A child of the shell holds the output open: killing the shell alone would leave it running.
        String hangs = "sleep 300 & echo $! > " + pidFile + "; wait";
        long start = System.nanoTime();
        SpiceException e = assertThrows(SpiceException.class, () -> new ConnectCommand(hangs,
                Duration.ofMillis(1500)).run());
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(SpiceError.TIMEOUT, e.error());
        assertEquals("--connect-command printed no connection file within 1.5 s", e.getMessage());
        assertTrue(tookMillis < 6000, "ended at the limit, not when the command would have: " + tookMillis + " ms");
        long child = Long.parseLong(Files.readString(pidFile).strip());
        Optional<ProcessHandle> left = ProcessHandle.of(child);
        assertTrue(left.isEmpty() || left.get().onExit().get(5, TimeUnit.SECONDS) != null, "the child is gone");
    }

    @Test
    void theViewerSaysWhyTheCommandFailedBeforeOpeningAnyWindow() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of("--connect-command", "echo no ticket service >&2; exit 7"), System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(ExitCode.FAILED.code(), code);
        assertEquals("saffron: --connect-command failed: it exited with status 7\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theCommandNamesTheServerSoAUriOrPasswordBesideItIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(ExitCode.USAGE.code(), Main.run(List.of("spice://h:5900", "--connect-command", "true"),
                System.out, errors));
        assertEquals(ExitCode.USAGE.code(), Main.run(List.of("--connect-command", "true", "-w", "old"),
                System.out, errors));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("each connection file brings its own ticket"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theHookGivesEachAttemptAFreshTicketAndKeepsThePolicy() throws Exception {
        Path ticket = temp.resolve("ticket");
        Files.writeString(ticket, "first");
        String script = "printf '[virt-viewer]\\ntype=spice\\nhost=h\\nport=5900\\npassword=%s\\n' \"$(cat "
                + ticket + ")\"";
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ConnectCommandHook hook = new ConnectCommandHook(new ConnectCommand(script, LIMIT), new SessionOptions(temp),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        SessionConfig previous = SessionConfig.builder().host("h").port(5900).password("first")
                .reconnectPolicy(ReconnectOptions.POLICY).build();
        Files.writeString(ticket, "second");
        SessionConfig next = hook.nextConfig(previous, 1);
        assertEquals(Optional.of("second"), next.password());
        assertEquals(ReconnectOptions.POLICY, next.reconnectPolicy());
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFailingHookFailsTheAttemptAndSaysSoOnceWhileTheReasonStays() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ConnectCommandHook hook = new ConnectCommandHook(new ConnectCommand("exit 1", LIMIT),
                new SessionOptions(temp), new PrintStream(err, true, StandardCharsets.UTF_8));
        SessionConfig previous = SessionConfig.builder().host("h").port(5900).build();
        assertThrows(IOException.class, () -> hook.nextConfig(previous, 1));
        assertThrows(IOException.class, () -> hook.nextConfig(previous, 2));
        assertEquals("saffron: --connect-command failed: it exited with status 1; trying again\n",
                err.toString(StandardCharsets.UTF_8));
    }
}
