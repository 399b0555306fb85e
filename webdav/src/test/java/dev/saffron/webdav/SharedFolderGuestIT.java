package dev.saffron.webdav;

import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SharedFolderServer;
import dev.saffron.spice.SpiceSession;
import dev.saffron.spice.WebdavChannel;
import dev.saffron.spice.testing.GuestAgent;
import dev.saffron.spice.testing.GuestAgent.ExecResult;
import dev.saffron.spice.testing.GuestVm;
import dev.saffron.spice.testing.GuestWebdavd;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.TestFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared folder as the real guest uses it: spice-webdavd in the Linux test guest listens on
 * {@code 127.0.0.1:9843} and passes each connection over the webdav channel to a {@link FolderServer} here.
 * litmus, curl and a davfs2 mount run in the guest. One boot for the class; the folder is served read-write,
 * except where a test switches the session's server to a read-only one for the same folder.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedFolderGuestIT {
    private static final System.Logger LOG = System.getLogger(SharedFolderGuestIT.class.getName());
    private static final String URL = GuestWebdavd.URL;
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Big enough to time, small enough for TCG in CI; scripts/share-throughput moves 256 MiB. */
    private static final int TRANSFER_MIB = 32;
    private static final String SECRET = "not for the guest " + System.nanoTime();

    /** The session's server; a test switches it between the read-write and the read-only one. */
    private static final class Switchable implements SharedFolderServer {
        volatile SharedFolderServer current;

        @Override
        public void serve(InputStream fromGuest, OutputStream toGuest) throws IOException {
            current.serve(fromGuest, toGuest);
        }
    }

    private final Switchable server = new Switchable();
    private Path base;
    private Path share;
    private GuestVm guest;
    private GuestAgent agent;
    private SpiceSession session;

    @BeforeAll
    @Timeout(value = 15, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void bootAndShare() throws Exception {
        base = Files.createTempDirectory("saffron-share-it-");
        share = Files.createDirectory(base.resolve("share"));
        Files.writeString(base.resolve("secret.txt"), SECRET);
        server.current = new FolderServer(share, false);
        guest = GuestVm.start(QemuOptions.defaults());
        agent = guest.agent();
        session = new SpiceSession(SessionConfig.builder().host(guest.server().host())
                .port(guest.server().port()).build());
        session.serveSharedFolder(server);
        session.connect();
        session.awaitChannels(WAIT);
        assertTrue(session.webdavChannel().isPresent(), "the server announces no webdav channel");
        GuestWebdavd.start(agent);
        assertTrue(session.webdavChannel().map(WebdavChannel::isPortOpened).orElse(false));
    }

    @AfterAll
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shutDown() throws Exception {
        try {
            if (session != null) {
                session.close();
            }
            if (guest != null) {
                guest.close();
            }
        } finally {
            if (base != null) {
                TestFiles.deleteRecursively(base);
            }
        }
    }

    private ExecResult sh(String commandLine, Duration limit) throws IOException {
        return agent.shell(commandLine, limit);
    }

    private ExecResult sh(String commandLine) throws IOException {
        return sh(commandLine, WAIT);
    }

    @Test
    @Order(1)
    @Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void litmusPassesEverySuiteWithoutWarnings() throws Exception {
        ExecResult litmus = sh("cd /tmp && litmus " + URL + "/ 2>&1", Duration.ofMinutes(19));
        String output = litmus.stdout();
        LOG.log(System.Logger.Level.INFO, "litmus in the guest:\n{0}", output);
        Matcher summary = Pattern.compile("summary for `(\\w+)': of (\\d+) tests run: (\\d+) passed, (\\d+) failed")
                .matcher(output);
        Map<String, String> suites = new TreeMap<>();
        while (summary.find()) {
            suites.put(summary.group(1), summary.group(3) + "/" + summary.group(2) + " passed, "
                    + summary.group(4) + " failed");
            assertEquals("0", summary.group(4), "suite " + summary.group(1) + ":\n" + output);
        }
        assertEquals(List.of("basic", "copymove", "http", "locks", "props"), List.copyOf(suites.keySet()), output);
        assertFalse(output.toLowerCase().contains("warning"), "litmus warned:\n" + output);
        assertEquals(0, litmus.exitCode(), output);
        System.out.println("litmus through spice-webdavd: " + suites);
    }

    @Test
    @Order(2)
    @Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void filesCrossADavfsMountBothWaysUnchanged() throws Exception {
        byte[] fromHost = random(TRANSFER_MIB << 20, 1);
        Files.write(share.resolve("to-guest.bin"), fromHost);
        mount();
        ExecResult read = sh("start=$(date +%s.%N); sha256sum /mnt/share/to-guest.bin; end=$(date +%s.%N); "
                + "awk \"BEGIN{print \\\"seconds \\\" $end - $start}\"", Duration.ofMinutes(10));
        assertTrue(read.stdout().startsWith(sha256(fromHost)), "the guest read something else: " + read);
        ExecResult write = sh("head -c " + (TRANSFER_MIB << 20) + " /dev/urandom >/root/to-host.bin && "
                + "sha256sum /root/to-host.bin && start=$(date +%s.%N) && cp /root/to-host.bin /mnt/share/ && "
                + "umount /mnt/share && end=$(date +%s.%N) && awk \"BEGIN{print \\\"seconds \\\" $end - $start}\"",
                Duration.ofMinutes(10));
        assertEquals(0, write.exitCode(), write.toString());
        String guestSum = write.stdout().substring(0, 64);
        assertEquals(guestSum, sha256(Files.readAllBytes(share.resolve("to-host.bin"))),
                "the file that reached the host differs");
        System.out.printf("davfs2, %d MiB: guest reads at %.1f MB/s, writes (cp and umount) at %.1f MB/s%n",
                TRANSFER_MIB, megabytesPerSecond(read.stdout()), megabytesPerSecond(write.stdout()));
    }

    private void mount() throws IOException {
        ExecResult mounted = sh("mkdir -p /mnt/share && printf '\\n\\n' | mount -t davfs -o rw " + URL
                + "/ /mnt/share 2>&1; mountpoint /mnt/share", Duration.ofMinutes(2));
        assertTrue(mounted.stdout().contains("is a mountpoint"), mounted.toString());
    }

    private static double megabytesPerSecond(String output) {
        Matcher seconds = Pattern.compile("seconds ([0-9.]+)").matcher(output);
        assertTrue(seconds.find(), output);
        return TRANSFER_MIB * 1.048576 / Double.parseDouble(seconds.group(1));
    }

    @Test
    @Order(3)
    @Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void twoGuestClientsTransferAtOnceAndBothComplete() throws Exception {
        byte[] download = random(16 << 20, 2);
        Files.write(share.resolve("download.bin"), download);
        ExecResult both = sh("head -c " + (16 << 20) + " /dev/urandom >/root/upload.bin; "
                + "curl -s -T /root/upload.bin " + URL + "/upload.bin & "
                + "curl -s -o /root/download.bin " + URL + "/download.bin & wait; "
                + "sha256sum /root/upload.bin /root/download.bin", Duration.ofMinutes(9));
        List<String> sums = both.stdout().lines().map(line -> line.substring(0, 64)).toList();
        assertEquals(2, sums.size(), both.toString());
        assertEquals(sums.get(0), sha256(Files.readAllBytes(share.resolve("upload.bin"))), "the upload differs");
        assertEquals(sha256(download), sums.get(1), "the download differs");
    }

    @Test
    @Order(4)
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void traversalFromTheGuestNeverReachesAFileOutsideTheFolder() throws Exception {
        Files.createSymbolicLink(share.resolve("escape"), base.resolve("secret.txt"));
        Files.createSymbolicLink(share.resolve("escape-dir"), base);
        for (String path : List.of("/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
                "/..%2fsecret.txt", "//secret.txt", "/escape", "/escape-dir/secret.txt",
                "/" + base.resolve("secret.txt"), "/./../secret.txt")) {
            ExecResult got = sh("curl -s --path-as-is -w '\\nstatus %{http_code}' '" + URL + path + "'");
            assertFalse(got.stdout().contains(SECRET), path + " reached the file outside: " + got);
            assertTrue(got.stdout().matches("(?s).*status (400|403|404)$"), path + ": " + got);
        }
        ExecResult put = sh("curl -s -o /dev/null -w '%{http_code}' -T /etc/hostname " + URL + "/escape-dir/new.txt");
        assertEquals("403", put.stdout(), put.toString());
        assertFalse(Files.exists(base.resolve("new.txt")));
        assertEquals(SECRET, Files.readString(base.resolve("secret.txt")));
    }

    @Test
    @Order(5)
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void readOnlyAnswersEveryWriteWith403AndLeavesTheFolderAlone() throws Exception {
        Files.writeString(share.resolve("kept.txt"), "kept");
        Map<String, String> before = snapshot();
        server.current = new FolderServer(share, true);
        try {
            String curl = "curl -s -o /dev/null -w '%{http_code} ' ";
            ExecResult writes = sh(curl + "-T /etc/hostname " + URL + "/kept.txt; "
                    + curl + "-T /etc/hostname " + URL + "/new.txt; "
                    + curl + "-X DELETE " + URL + "/kept.txt; "
                    + curl + "-X MKCOL " + URL + "/dir; "
                    + curl + "-X COPY -H 'Destination: " + URL + "/copy.txt' " + URL + "/kept.txt; "
                    + curl + "-X MOVE -H 'Destination: " + URL + "/moved.txt' " + URL + "/kept.txt; "
                    + curl + "-X PROPPATCH --data '<propertyupdate xmlns=\"DAV:\"/>' " + URL + "/kept.txt; "
                    + curl + "-X LOCK --data '<lockinfo xmlns=\"DAV:\"><lockscope><exclusive/></lockscope>"
                    + "<locktype><write/></locktype></lockinfo>' " + URL + "/kept.txt; "
                    + curl + "-X UNLOCK -H 'Lock-Token: <urn:x>' " + URL + "/kept.txt; "
                    + curl + URL + "/kept.txt");
            assertEquals("403 403 403 403 403 403 403 403 403 200", writes.stdout().strip(), writes.toString());
        } finally {
            server.current = new FolderServer(share, false);
        }
        assertEquals(before, snapshot(), "the read-only folder changed");
    }

    @Test
    @Order(6)
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anOversizedRequestLineOrHeaderFloodEndsOnlyItsOwnConnection() throws Exception {
        byte[] download = random(8 << 20, 3);
        Files.write(share.resolve("during.bin"), download);
        // A download runs through the whole time the bad requests come in on other connections.
        agent.spawn("curl -s --limit-rate 2M -o /root/during.bin " + URL + "/during.bin; "
                + "sha256sum /root/during.bin >/root/during.sum");
        ExecResult longLine = sh("bash -c 'exec 3<>/dev/tcp/127.0.0.1/9843; "
                + "{ printf \"GET /\"; head -c 1048576 /dev/zero | tr \"\\\\0\" a; printf \" HTTP/1.1\\r\\n\\r\\n\"; } >&3; "
                + "timeout 20 head -c 12 <&3'", Duration.ofMinutes(2));
        assertEquals("HTTP/1.1 414", longLine.stdout(), longLine.toString());
        ExecResult flood = sh("bash -c 'exec 3<>/dev/tcp/127.0.0.1/9843; "
                + "{ printf \"GET / HTTP/1.1\\r\\n\"; for i in $(seq 1 1000); do printf \"X-Flood-$i: y\\r\\n\"; done; "
                + "printf \"\\r\\n\"; } >&3; timeout 20 head -c 12 <&3'", Duration.ofMinutes(2));
        assertEquals("HTTP/1.1 431", flood.stdout(), flood.toString());
        String sum = agent.shellUntil("cat /root/during.sum 2>/dev/null", "/root/during.bin", Duration.ofMinutes(3));
        assertTrue(sum.startsWith(sha256(download)), "the download alongside them failed: " + sum);
        assertEquals("200", sh("curl -s -o /dev/null -w '%{http_code}' -X OPTIONS " + URL + "/").stdout());
    }

    private Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(share)) {
            for (Path file : walk.toList()) {
                String name = share.relativize(file).toString();
                files.put(name, Files.isSymbolicLink(file) ? "link " + Files.readSymbolicLink(file)
                        : Files.isDirectory(file) ? "folder" : sha256(Files.readAllBytes(file)));
            }
        }
        return files;
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
