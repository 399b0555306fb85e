package dev.saffron.smartcard;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a software card's PIV application holds, encoded once when the card is made (SP 800-73-4, part 1,
 * appendix A): the data objects GET DATA returns by tag, and the answer to SELECT.
 */
final class PivDataObjects {
    /** The PIV application's AID: NIST's RID A0 00 00 03 08, then the PIX 00 00 10 00 01 00 (version 1.0). */
    static final byte[] AID = {(byte) 0xA0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00};
    /** The RID alone, the shortest prefix SELECT accepts. */
    static final int RID_LENGTH = 5;

    static final int TAG_CCC = 0x5FC107;
    static final int TAG_CHUID = 0x5FC102;
    static final int TAG_DISCOVERY = 0x7E;

    /** The label SELECT's answer gives the application. */
    private static final String LABEL = "Saffron software PIV";
    /** Error detection code, present and empty in every container (PIV defines no code for it). */
    private static final byte[] EMPTY_EDC = {(byte) 0xFE, 0x00};

    private final Map<Integer, byte[]> objects = new HashMap<>();
    private final byte[] selectResponse;

    PivDataObjects(List<CardCredential> credentials) {
        byte[] guid = guid(credentials);
        PivSlot[] slots = PivSlot.values();
        for (int i = 0; i < credentials.size(); i++) {
            objects.put(slots[i].certificateTag(), certificateContainer(credentials.get(i)));
        }
        String expiry = credentials.getFirst().certificate().getNotAfter().toInstant().atZone(ZoneOffset.UTC)
                .format(DateTimeFormatter.BASIC_ISO_DATE).substring(0, 8);
        objects.put(TAG_CHUID, BerTlv.encode(0x53,
                BerTlv.encode(0x30, nonFederalFascn()),
                BerTlv.encode(0x34, guid),
                BerTlv.encode(0x35, expiry.getBytes(StandardCharsets.US_ASCII)),
                // The issuer's signature over the CHUID: no issuer signs a software card, so it is empty.
                BerTlv.encode(0x3E),
                EMPTY_EDC));
        byte[] cardIdentifier = BerTlv.concat(
                // GSC-IS RID, manufacturer 0xFF (unregistered), card type 0x02 (Java Card), then 14 bytes of ID.
                new byte[] {(byte) 0xA0, 0x00, 0x00, 0x01, 0x16, (byte) 0xFF, 0x02}, Arrays.copyOf(guid, 14));
        objects.put(TAG_CCC, BerTlv.encode(0x53,
                BerTlv.encode(0xF0, cardIdentifier),
                BerTlv.encode(0xF1, new byte[] {0x21}), // capability container version
                BerTlv.encode(0xF2, new byte[] {0x21}), // grammar version
                BerTlv.encode(0xF3), // no other applications
                BerTlv.encode(0xF4, new byte[] {0x00}), // no PKCS#15
                BerTlv.encode(0xF5, new byte[] {0x10}), // data model: PIV
                BerTlv.encode(0xF6), BerTlv.encode(0xF7), BerTlv.encode(0xFA), BerTlv.encode(0xFB),
                BerTlv.encode(0xFC), BerTlv.encode(0xFD),
                EMPTY_EDC));
        objects.put(TAG_DISCOVERY, BerTlv.encode(TAG_DISCOVERY,
                BerTlv.encode(0x4F, AID),
                // PIN usage policy: the application PIN only, no global PIN, no pairing code.
                BerTlv.encode(0x5F2F, new byte[] {0x40, 0x00})));
        ByteArrayOutputStream algorithms = new ByteArrayOutputStream();
        for (PivAlgorithm algorithm : PivAlgorithm.values()) {
            algorithms.writeBytes(BerTlv.encode(0x80, new byte[] {(byte) algorithm.identifier()}));
        }
        algorithms.writeBytes(BerTlv.encode(0x06, new byte[] {0x00}));
        selectResponse = BerTlv.encode(0x61,
                BerTlv.encode(0x4F, Arrays.copyOfRange(AID, RID_LENGTH, AID.length)),
                BerTlv.encode(0x79, BerTlv.encode(0x4F, Arrays.copyOf(AID, RID_LENGTH))),
                BerTlv.encode(0x50, LABEL.getBytes(StandardCharsets.US_ASCII)),
                BerTlv.encode(0xAC, algorithms.toByteArray()));
    }

    /** @return the object with this tag, its outer TLV included, or null if the card has none */
    byte[] get(int tag) {
        return objects.get(tag);
    }

    /** @return SELECT's answer: the application property template */
    byte[] selectResponse() {
        return selectResponse.clone();
    }

    private static byte[] certificateContainer(CardCredential credential) {
        try {
            return BerTlv.encode(0x53,
                    BerTlv.encode(0x70, credential.certificate().getEncoded()),
                    BerTlv.encode(0x71, new byte[] {0x00}), // CertInfo: not compressed
                    EMPTY_EDC);
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    /**
     * The card's GUID, from its certificates: the same certificates make the same card, so a guest that
     * remembers a token by serial number (OpenSC derives it from this GUID) finds it again next session.
     */
    private static byte[] guid(List<CardCredential> credentials) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (CardCredential credential : credentials) {
                digest.update(credential.certificate().getEncoded());
            }
            return Arrays.copyOf(digest.digest(), 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    /**
     * The FASC-N SP 800-73-4 asks of cards not issued by a federal agency: agency, system and credential
     * numbers all nines. Forty characters of five bits (four data bits, least significant first, then odd
     * parity) between start and end sentinels with field separators, closed by a longitudinal parity
     * character (TIG SCEPACS).
     */
    static byte[] nonFederalFascn() {
        final int start = 0xB;
        final int separator = 0xD;
        final int end = 0xF;
        int[] characters = new int[40];
        int count = 0;
        characters[count++] = start;
        // Agency code, system code, credential number, credential series, individual credential issue.
        for (String field : List.of("9999", "9999", "999999", "1", "1")) {
            for (char c : field.toCharArray()) {
                characters[count++] = c - '0';
            }
            characters[count++] = separator;
        }
        // Person identifier, organizational category (commercial), organization identifier, association.
        for (char c : "0000000000".concat("3").concat("9999").concat("1").toCharArray()) {
            characters[count++] = c - '0';
        }
        characters[count++] = end;
        int lrc = 0;
        for (int i = 0; i < count; i++) {
            lrc ^= characters[i];
        }
        characters[count++] = lrc;
        byte[] out = new byte[25];
        int bit = 0;
        for (int i = 0; i < count; i++) {
            int value = characters[i];
            int ones = Integer.bitCount(value);
            int[] bits = {value & 1, value >>> 1 & 1, value >>> 2 & 1, value >>> 3 & 1, (ones & 1) == 0 ? 1 : 0};
            for (int b : bits) {
                if (b != 0) {
                    out[bit >>> 3] |= (byte) (0x80 >>> (bit & 7));
                }
                bit++;
            }
        }
        return out;
    }
}
