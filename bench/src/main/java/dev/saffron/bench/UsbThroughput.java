package dev.saffron.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceSession;
import dev.saffron.spice.testing.GuestAgent;
import dev.saffron.spice.testing.GuestVm;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.usbredir.EmulatedUsbDisk;
import dev.saffron.usbredir.UsbRedirection;
import dev.saffron.usbredir.UsbRedirector;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sequential throughput of the emulated USB disk in the test guest, through usbredir (Saffron's
 * {@code EmulatedUsbDisk} on one of QEMU's {@code usb-redir} devices), against QEMU's own {@code usb-storage} on
 * the same xHCI controller in the same guest with an image of the same size: the local upper bound. The guest
 * writes 64 MiB of random bytes (from its tmpfs) and reads them back with {@code dd} and direct I/O; each figure
 * is the median of ROUNDS runs. Also the CPU time this JVM (the Saffron side: the session and the disk) spends
 * per MiB moved. Not part of the test suite: {@code scripts/usb-throughput}.
 *
 * <p>Usage: {@code UsbThroughput [ROUNDS]} (default 3).
 */
public final class UsbThroughput {
    private static final long IMAGE_BYTES = 96L * 1024 * 1024;
    private static final int MIB = 64;
    private static final Duration LIMIT = Duration.ofMinutes(10);
    private static final Pattern SECONDS = Pattern.compile("copied, ([0-9.]+) s");

    private UsbThroughput() {
    }

    private record Run(double seconds, double cpuMillis) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path folder = Files.createTempDirectory("saffron-usb-throughput");
        Path qemuImage = image(folder.resolve("qemu.img"));
        Path saffronImage = image(folder.resolve("saffron.img"));
        QemuOptions options = QemuOptions.builder().usbRedirectionSlots(1)
                .extraArguments("-drive", "if=none,id=saffron-stick,format=raw,snapshot=off,file=" + qemuImage,
                        "-device", "usb-storage,bus=saffron-xhci.0,drive=saffron-stick")
                .build();
        try (GuestVm guest = GuestVm.start(options);
             SpiceSession session = new SpiceSession(SessionConfig.builder().host(guest.server().host())
                     .port(guest.server().port()).usbredirEnabled(true).build());
             UsbRedirector redirector = UsbRedirector.attach(session);
             EmulatedUsbDisk disk = EmulatedUsbDisk.open(saffronImage, false)) {
            session.connect();
            session.awaitChannels(Duration.ofSeconds(60));
            UsbRedirection redirection = redirector.redirect(disk).get(60, TimeUnit.SECONDS);
            GuestAgent agent = guest.agent();
            String qemuDisk = awaitDisk(agent, "QEMU");
            String saffronDisk = awaitDisk(agent, "Saffron");
            check(agent.shell("head -c " + MIB + "M /dev/urandom > /dev/shm/data", LIMIT));
            List<String> lines = new ArrayList<>();
            for (String[] target : new String[][]{{"QEMU usb-storage", qemuDisk}, {"Saffron usbredir", saffronDisk}}) {
                List<Run> writes = new ArrayList<>();
                List<Run> reads = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    writes.add(timed(agent, "dd if=/dev/shm/data of=/dev/" + target[1]
                            + " bs=1M oflag=direct conv=fsync 2>&1"));
                    reads.add(timed(agent, "echo 3 > /proc/sys/vm/drop_caches; dd if=/dev/" + target[1]
                            + " of=/dev/null bs=1M count=" + MIB + " iflag=direct 2>&1"));
                }
                lines.add(line(target[0], "write", writes));
                lines.add(line(target[0], "read", reads));
            }
            redirection.unplug().get(60, TimeUnit.SECONDS);
            System.out.println("sequential " + MIB + " MiB in the guest (dd, 1 MiB blocks, direct I/O), median of "
                    + rounds + "; CPU is this JVM's (Saffron's side) per MiB");
            lines.forEach(System.out::println);
        } finally {
            Files.deleteIfExists(qemuImage);
            Files.deleteIfExists(saffronImage);
            Files.deleteIfExists(folder);
        }
    }

    private static Path image(Path path) throws IOException {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            file.truncate(0);
            file.position(IMAGE_BYTES - 1).write(java.nio.ByteBuffer.wrap(new byte[1]));
        }
        return path;
    }

    private static String awaitDisk(GuestAgent agent, String vendor) throws IOException, InterruptedException {
        String found = agent.shellUntil("for d in /sys/block/sd*; do grep -q " + vendor
                + " $d/device/vendor 2>/dev/null && echo disk=${d##*/}; done; true", "disk=", Duration.ofSeconds(90));
        if (!found.contains("disk=")) {
            throw new IllegalStateException("the guest has no " + vendor + " disk: " + found);
        }
        return found.substring(found.indexOf("disk=") + 5).strip().split("\\s")[0];
    }

    private static Run timed(GuestAgent agent, String commandLine) throws IOException {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        GuestAgent.ExecResult result = check(agent.shell(commandLine, LIMIT));
        long cpu = os.getProcessCpuTime() - cpuBefore;
        Matcher seconds = SECONDS.matcher(result.stdout());
        if (!seconds.find()) {
            throw new IllegalStateException("dd said: " + result.stdout());
        }
        return new Run(Double.parseDouble(seconds.group(1)), cpu / 1e6);
    }

    private static GuestAgent.ExecResult check(GuestAgent.ExecResult result) {
        if (!result.succeeded()) {
            throw new IllegalStateException("the guest command failed: " + result);
        }
        return result;
    }

    private static String line(String target, String direction, List<Run> runs) {
        double seconds = median(runs.stream().mapToDouble(Run::seconds).toArray());
        double cpu = median(runs.stream().mapToDouble(Run::cpuMillis).toArray());
        return String.format(Locale.ROOT, "%-18s %-5s %7.1f MB/s  %6.2f s  CPU %6.2f ms/MiB", target, direction,
                MIB * 1048576.0 / seconds / 1e6, seconds, cpu / MIB);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
