package dev.saffron.bench;

import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceSession;
import dev.saffron.spice.testing.GuestAgent;
import dev.saffron.spice.testing.GuestAgent.ExecResult;
import dev.saffron.spice.testing.GuestVm;
import dev.saffron.spice.testing.GuestWebdavd;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.TestFiles;
import dev.saffron.webdav.FolderServer;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Throughput of the shared folder through the whole path, against the real test guest: a file of SIZE MiB read
 * (GET) and written (PUT) by the guest through spice-webdavd, the webdav channel and {@code FolderServer} to
 * this machine's disk, once with curl (one HTTP connection) and once through a davfs2 mount (as a user's file
 * manager would), each checked by sha256. The local upper bound is the same guest reading and writing a
 * virtio disk of the same size, a raw file on this machine's disk. For each Saffron transfer, this JVM's CPU
 * time per MB (the channel, the mux and the server; the guest and QEMU are other processes). Not part of the
 * test suite.
 *
 * <p>Usage: {@code ShareThroughput [SIZE_MIB]} (default 256).
 */
public final class ShareThroughput {
    private static final Duration TRANSFER_LIMIT = Duration.ofMinutes(30);
    private static final Pattern SECONDS = Pattern.compile("seconds ([0-9.]+)");
    private static final String URL = GuestWebdavd.URL;

    private ShareThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        long bytes = (long) mib << 20;
        Path temp = Files.createTempDirectory("saffron-share-throughput-");
        try {
            Path share = Files.createDirectory(temp.resolve("share"));
            String sum = writeRandom(share.resolve("get.bin"), bytes);
            Path disk = temp.resolve("disk.img");
            Files.copy(share.resolve("get.bin"), disk);
            // In the last PCI slot, so the guest names it vdb and its root file system stays vda.
            QemuOptions options = QemuOptions.builder().extraArguments("-drive",
                    "file=" + disk + ",format=raw,if=none,id=bench,cache=writeback",
                    "-device", "virtio-blk-pci,drive=bench,addr=0x1f").build();
            try (GuestVm guest = GuestVm.start(options);
                 SpiceSession session = new SpiceSession(SessionConfig.builder().host(guest.server().host())
                         .port(guest.server().port()).build())) {
                session.serveSharedFolder(new FolderServer(share, false));
                session.connect();
                session.awaitChannels(Duration.ofSeconds(60));
                GuestAgent agent = guest.agent();
                GuestWebdavd.start(agent);
                run(agent, "head -c " + bytes + " /dev/urandom >/root/put.bin && sync", "make the guest's file");
                String putSum = run(agent, "sha256sum /root/put.bin", "hash the guest's file").substring(0, 64);
                System.out.printf("%d MiB each way; MB = 10^6 bytes; CPU = this JVM's CPU time (all threads)%n", mib);
                System.out.printf("%-44s %9s %12s%n", "transfer", "MB/s", "CPU ms/MB");
                measure(agent, "GET, curl", bytes, "curl -s -o /root/got.bin " + URL + "/get.bin",
                        "sha256sum /root/got.bin", sum);
                measure(agent, "PUT, curl", bytes, "curl -s -T /root/put.bin " + URL + "/put-curl.bin", null, null);
                check(share.resolve("put-curl.bin"), putSum);
                run(agent, "rm -f /root/got.bin; mkdir -p /mnt/share && printf '\\n\\n' | mount -t davfs "
                        + URL + "/ /mnt/share", "mount davfs2");
                measure(agent, "GET, davfs2 (read the file)", bytes, "cat /mnt/share/get.bin >/dev/null",
                        "sha256sum /mnt/share/get.bin", sum);
                measure(agent, "PUT, davfs2 (cp, then umount uploads)", bytes,
                        "cp /root/put.bin /mnt/share/put-davfs.bin && umount /mnt/share", null, null);
                check(share.resolve("put-davfs.bin"), putSum);
                run(agent, "echo 3 >/proc/sys/vm/drop_caches", "drop the guest's caches");
                measure(agent, "local bound: read a virtio disk (dd)", bytes, "dd if=/dev/vdb of=/dev/null bs=1M "
                        + "iflag=direct 2>/dev/null", null, null);
                measure(agent, "local bound: write a virtio disk (dd)", bytes, "dd if=/root/put.bin of=/dev/vdb "
                        + "bs=1M oflag=direct conv=fsync 2>/dev/null", null, null);
            }
        } finally {
            TestFiles.deleteRecursively(temp);
        }
    }

    /** Times {@code command} in the guest, then checks what it moved with {@code checkCommand}'s sha256. */
    private static void measure(GuestAgent agent, String name, long bytes, String command, String checkCommand,
                                String expectedSum) throws IOException {
        long cpuBefore = processCpuNanos();
        String output = run(agent, "start=$(date +%s.%N); " + command + "; status=$?; end=$(date +%s.%N); "
                + "awk \"BEGIN{print \\\"seconds \\\" $end - $start}\"; exit $status", name);
        long cpuNanos = processCpuNanos() - cpuBefore;
        Matcher seconds = SECONDS.matcher(output);
        if (!seconds.find()) {
            throw new IOException(name + ": no time in " + output);
        }
        double megabytes = bytes / 1e6;
        System.out.printf("%-44s %9.1f %12.2f%n", name, megabytes / Double.parseDouble(seconds.group(1)),
                cpuNanos / 1e6 / megabytes);
        if (checkCommand != null) {
            String sum = run(agent, checkCommand, name + " (check)");
            if (!sum.startsWith(expectedSum)) {
                throw new IOException(name + ": the guest got other bytes: " + sum);
            }
        }
    }

    private static String run(GuestAgent agent, String command, String what) throws IOException {
        ExecResult result = agent.shell(command, TRANSFER_LIMIT);
        if (!result.succeeded()) {
            throw new IOException(what + " failed: " + result);
        }
        return result.stdout();
    }

    private static void check(Path file, String sum) throws IOException {
        String got = sha256(Files.readAllBytes(file));
        if (!got.equals(sum)) {
            throw new IOException(file + " differs from the guest's file");
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String writeRandom(Path file, long bytes) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            Random random = new Random(1);
            byte[] block = new byte[1 << 20];
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest)) {
                for (long left = bytes; left > 0; left -= block.length) {
                    random.nextBytes(block);
                    out.write(block, 0, (int) Math.min(block.length, left));
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
