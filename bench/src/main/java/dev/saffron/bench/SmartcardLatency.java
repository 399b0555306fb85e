package dev.saffron.bench;

import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SmartcardChannel;
import dev.saffron.spice.SmartcardReader;
import dev.saffron.spice.SpiceSession;
import dev.saffron.spice.testing.GuestAgent;
import dev.saffron.spice.testing.GuestVm;
import dev.saffron.spice.testing.QemuOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The round trip of an APDU from the guest through Saffron's smartcard channel and back, against the real
 * test guest: the guest's {@code opensc-tool} sends GET CHALLENGE N times in one run, each as soon as the
 * previous answer arrived, so the time between two arrivals at the card is one whole round trip (guest PC/SC
 * stack, QEMU's CCID device, spice-server, the channel, the card, and back). The card here answers at once,
 * so the figures are the path's, not a card's. Prints p50, p95, the mean and the maximum. Not part of the test
 * suite.
 *
 * <p>Usage: {@code SmartcardLatency [APDUS]} (default 1000).
 */
public final class SmartcardLatency {
    private static final byte[] ATR = HexFormat.of().parseHex("3b6600ff56434152445f");
    private static final String GET_CHALLENGE = "00 84 00 00 08";

    private SmartcardLatency() {
    }

    /** A card that answers GET CHALLENGE with zeros and notes when each one arrived. */
    private static final class TimingCard implements SmartcardReader {
        final long[] arrivals;
        int count;

        TimingCard(int capacity) {
            arrivals = new long[capacity];
        }

        @Override
        public String name() {
            return "Saffron Latency Card";
        }

        @Override
        public byte[] transmit(byte[] command) {
            if ((command[1] & 0xFF) == 0x84) {
                synchronized (this) {
                    if (count < arrivals.length) {
                        arrivals[count++] = System.nanoTime();
                    }
                }
                byte[] answer = new byte[10];
                answer[8] = (byte) 0x90;
                return answer;
            }
            return new byte[]{(byte) 0x90, 0x00};
        }
    }

    public static void main(String[] args) throws Exception {
        int apdus = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        TimingCard card = new TimingCard(apdus);
        try (GuestVm guest = GuestVm.start(QemuOptions.builder().smartcard(true).build());
             SpiceSession session = new SpiceSession(SessionConfig.builder().host(guest.server().host())
                     .port(guest.server().port()).smartcardEnabled(true).build())) {
            session.connect();
            session.awaitChannels(Duration.ofSeconds(60));
            SmartcardChannel channel = session.smartcardChannel().orElseThrow(
                    () -> new IllegalStateException("the server offers no smartcard channel"));
            channel.attach(card).get(60, TimeUnit.SECONDS);
            channel.cardInserted(card, ATR);
            waitForCard(guest);
            StringBuilder command = new StringBuilder("opensc-tool -r 0");
            for (int i = 0; i < apdus; i++) {
                command.append(" -s '").append(GET_CHALLENGE).append('\'');
            }
            long started = System.nanoTime();
            GuestAgent.ExecResult run = guest.agent().shell(command + " > /dev/null", Duration.ofMinutes(10));
            long took = System.nanoTime() - started;
            if (!run.succeeded()) {
                throw new IllegalStateException("opensc-tool failed in the guest: " + run);
            }
            report(card, apdus, took);
        }
    }

    private static void waitForCard(GuestVm guest) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (guest.agent().shell("opensc-tool -r 0 --atr", Duration.ofSeconds(30)).succeeded()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the guest never saw the card");
    }

    private static void report(TimingCard card, int apdus, long wallNanos) {
        int count;
        long[] arrivals;
        synchronized (card) {
            count = card.count;
            arrivals = Arrays.copyOf(card.arrivals, count);
        }
        if (count < 2) {
            throw new IllegalStateException("only " + count + " APDUs reached the card");
        }
        List<Double> trips = new ArrayList<>(count - 1);
        for (int i = 1; i < count; i++) {
            trips.add((arrivals[i] - arrivals[i - 1]) / 1e6);
        }
        double[] sorted = trips.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double mean = trips.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        System.out.printf("smartcard APDU round trip, guest -> Saffron -> card -> guest, %d APDUs (%d sent):%n",
                sorted.length, apdus);
        System.out.printf("  p50 %.2f ms   p95 %.2f ms   mean %.2f ms   max %.2f ms%n",
                percentile(sorted, 50), percentile(sorted, 95), mean, sorted[sorted.length - 1]);
        System.out.printf("  opensc-tool's whole run: %.1f s%n", wallNanos / 1e9);
    }

    private static double percentile(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
