package dev.saffron.bench;

import dev.saffron.smartcard.CardCredential;
import dev.saffron.smartcard.HostReaders;
import dev.saffron.smartcard.SoftwareCard;
import dev.saffron.spice.SmartcardException;
import dev.saffron.spice.SmartcardReader;
import dev.saffron.spice.testing.GuestAgent;
import dev.saffron.spice.testing.GuestVm;
import dev.saffron.spice.testing.SmartcardGuest;
import dev.saffron.spice.testing.TestCertificates;
import dev.saffron.spice.testing.VirtualSmartcard;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The round trip of an APDU from the guest through Saffron's smartcard channel and back, against the real
 * test guest: the guest's {@code opensc-tool} sends GET CHALLENGE N times in one run, each as soon as the
 * previous answer arrived, so the time between two arrivals at the card is one whole round trip (guest PC/SC
 * stack, QEMU's CCID device, spice-server, the channel, the card, and back). First with a card in this JVM
 * that answers at once, so the figures are the path's alone; then, when the system property
 * {@code saffron.smartcard.dir} names a folder (and {@code PCSCLITE_CSOCK_NAME} the socket of a pcscd to start
 * there, as {@code scripts/smartcard-latency} sets them), with vsmartcard's ISO 7816 card behind a pcscd of its
 * own, reached through {@code HostReaders} as {@code --spice-smartcard} reaches a host reader. Prints p50, p95,
 * the mean and the maximum.
 *
 * <p>Then signatures: the guest's {@code pkcs11-tool} signs with the software card's RSA-2048 key, SIGNATURES
 * times, each run a login and one signature; for each, the time from the guest's GENERAL AUTHENTICATE (the
 * signing command) reaching the card to the card's answer to the guest's next APDU, which fetches the
 * signature (the card's work and one round trip), and the whole {@code pkcs11-tool} run as the guest's user
 * waits for it. Not part of the test suite.
 *
 * <p>Usage: {@code SmartcardLatency [APDUS [SIGNATURES]]} (default 1000 and 20).
 */
public final class SmartcardLatency {
    private static final byte[] ATR = HexFormat.of().parseHex("3b6600ff56434152445f");
    private static final String GET_CHALLENGE = "00 84 00 00 08";
    private static final int GET_CHALLENGE_INS = 0x84;
    /** Where the script puts the host's virtual smartcard, whose pcscd socket it named for this JVM. */
    private static final String HOST_CARD_DIRECTORY = "saffron.smartcard.dir";
    private static final int GENERAL_AUTHENTICATE = 0x87;
    /** The class byte's command-chaining bit: more of the same command follows. */
    private static final int CHAINED = 0x10;

    private SmartcardLatency() {
    }

    /** A card that answers GET CHALLENGE with zeros at once, so that a round trip is the path's alone. */
    private static final SmartcardReader INSTANT_CARD = new SmartcardReader() {
        @Override
        public String name() {
            return "Saffron Latency Card";
        }

        @Override
        public byte[] transmit(byte[] command) {
            if ((command[1] & 0xFF) == GET_CHALLENGE_INS) {
                byte[] answer = new byte[10];
                answer[8] = (byte) 0x90;
                return answer;
            }
            return new byte[]{(byte) 0x90, 0x00};
        }
    };

    /** A reader in front of a card, noting when each GET CHALLENGE arrived. */
    private static final class TimingReader implements SmartcardReader {
        final SmartcardReader card;
        final long[] arrivals;
        int count;

        TimingReader(SmartcardReader card, int capacity) {
            this.card = card;
            this.arrivals = new long[capacity];
        }

        @Override
        public String name() {
            return card.name();
        }

        @Override
        public byte[] transmit(byte[] command) throws SmartcardException {
            if (command.length > 1 && (command[1] & 0xFF) == GET_CHALLENGE_INS) {
                synchronized (this) {
                    if (count < arrivals.length) {
                        arrivals[count++] = System.nanoTime();
                    }
                }
            }
            return card.transmit(command);
        }
    }

    /** The software card, noting when each signing command arrives and when the answer after it leaves. */
    private static final class TimedSoftwareCard implements SmartcardReader {
        final SoftwareCard card;
        final List<Double> signingMillis = new ArrayList<>();
        long signingStarted = -1;

        TimedSoftwareCard(SoftwareCard card) {
            this.card = card;
        }

        @Override
        public String name() {
            return card.name();
        }

        @Override
        public synchronized byte[] transmit(byte[] command) throws SmartcardException {
            long arrived = System.nanoTime();
            boolean signing = (command[1] & 0xFF) == GENERAL_AUTHENTICATE;
            byte[] answer = card.transmit(command);
            if (signing && (command[0] & CHAINED) == 0) {
                signingStarted = arrived;
            } else if (!signing && signingStarted >= 0) {
                signingMillis.add((System.nanoTime() - signingStarted) / 1e6);
                signingStarted = -1;
            }
            return answer;
        }
    }

    public static void main(String[] args) throws Exception {
        int apdus = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int signatures = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        roundTrips("a card in this JVM that answers at once", INSTANT_CARD, ATR, apdus);
        String hostCard = System.getProperty(HOST_CARD_DIRECTORY);
        if (hostCard != null) {
            hostRoundTrips(Path.of(hostCard), apdus);
        }
        signatures(signatures);
    }

    /** The same, with vsmartcard's ISO 7816 card behind the host's pcscd, reached through {@link HostReaders}. */
    private static void hostRoundTrips(Path directory, int apdus) throws Exception {
        String socket = System.getenv(VirtualSmartcard.SOCKET_VARIABLE);
        if (socket == null) {
            throw new IllegalStateException(VirtualSmartcard.SOCKET_VARIABLE + " must name the virtual card's "
                    + "pcscd socket before this JVM starts (scripts/smartcard-latency sets it)");
        }
        try (VirtualSmartcard host = VirtualSmartcard.start(directory, Path.of(socket))) {
            host.insertCard(0);
            CompletableFuture<Map.Entry<SmartcardReader, byte[]>> inserted = new CompletableFuture<>();
            try (HostReaders readers = HostReaders.watch(host.readerName(0), new HostReaders.Listener() {
                @Override
                public void readerAdded(SmartcardReader reader) {
                }

                @Override
                public void cardInserted(SmartcardReader reader, byte[] atr) {
                    inserted.complete(Map.entry(reader, atr));
                }

                @Override
                public void cardRemoved(SmartcardReader reader) {
                }

                @Override
                public void readerRemoved(SmartcardReader reader) {
                }
            })) {
                Map.Entry<SmartcardReader, byte[]> card = inserted.get(30, TimeUnit.SECONDS);
                if (!readers.readers().contains(card.getKey())) {
                    throw new IllegalStateException("the host reader left before the measurement");
                }
                roundTrips("vsmartcard's ISO 7816 card behind the host's pcscd, through HostReaders", card.getKey(),
                        card.getValue(), apdus);
            }
        }
    }

    private static void signatures(int count) throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        TestCertificates.Issued issued = TestCertificates.builder("CN=Saffron latency signer")
                .keys(rsa.generateKeyPair()).issuedBy(TestCertificates.authority("CN=Saffron latency CA")).build();
        TimedSoftwareCard card = new TimedSoftwareCard(SoftwareCard.create("Saffron Software Card",
                List.of(CardCredential.of(issued.certificate(), issued.privateKey()))));
        try (SmartcardGuest peer = SmartcardGuest.start()) {
            GuestVm guest = peer.guest();
            peer.channel().attach(card).get(60, TimeUnit.SECONDS);
            peer.channel().cardInserted(card, card.card.atr());
            peer.awaitCardInGuest(Duration.ofSeconds(60));
            guest.agent().writeFile("/tmp/to-sign", "measured".getBytes(StandardCharsets.UTF_8));
            List<Double> runs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                long started = System.nanoTime();
                GuestAgent.ExecResult signed = guest.agent().shell("pkcs11-tool --module "
                        + "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so --login --pin " + SoftwareCard.DEFAULT_PIN
                        + " --sign --id 01 --mechanism SHA256-RSA-PKCS --input-file /tmp/to-sign"
                        + " --output-file /tmp/sig", Duration.ofSeconds(60));
                runs.add((System.nanoTime() - started) / 1e6);
                if (!signed.succeeded()) {
                    throw new IllegalStateException("pkcs11-tool failed in the guest: " + signed);
                }
            }
            List<Double> signing;
            synchronized (card) {
                signing = List.copyOf(card.signingMillis);
            }
            System.out.printf("software card RSA-2048 signature, %d signatures from the guest's pkcs11-tool:%n",
                    count);
            print("  signing command to its answer", signing);
            print("  whole pkcs11-tool run (login, sign)", runs);
        }
    }

    private static void print(String what, List<Double> millis) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            System.out.printf("%s: no samples%n", what);
            return;
        }
        System.out.printf("%s: p50 %.2f ms   p95 %.2f ms   mean %.2f ms   (%d samples)%n", what,
                percentile(sorted, 50), percentile(sorted, 95),
                millis.stream().mapToDouble(Double::doubleValue).average().orElse(0), sorted.length);
    }

    private static void roundTrips(String what, SmartcardReader card, byte[] atr, int apdus) throws Exception {
        TimingReader timed = new TimingReader(card, apdus);
        try (SmartcardGuest peer = SmartcardGuest.start()) {
            GuestVm guest = peer.guest();
            peer.channel().attach(timed).get(60, TimeUnit.SECONDS);
            peer.channel().cardInserted(timed, atr);
            peer.awaitCardInGuest(Duration.ofSeconds(60));
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
            report(what, timed, apdus, took);
        }
    }

    private static void report(String what, TimingReader card, int apdus, long wallNanos) {
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
        System.out.printf("smartcard APDU round trip, guest -> Saffron -> card -> guest, %s, %d APDUs (%d sent):%n",
                what, sorted.length, apdus);
        System.out.printf("  p50 %.2f ms   p95 %.2f ms   mean %.2f ms   max %.2f ms%n",
                percentile(sorted, 50), percentile(sorted, 95), mean, sorted[sorted.length - 1]);
        System.out.printf("  opensc-tool's whole run: %.1f s%n", wallNanos / 1e9);
    }

    private static double percentile(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
