package dev.saffron.smartcard;

import dev.saffron.smartcard.BerTlv.Element;
import dev.saffron.smartcard.BerTlv.MalformedTlvException;
import dev.saffron.smartcard.CommandApdu.MalformedApduException;

import java.io.ByteArrayOutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * The PIV card application of a software card (SP 800-73-4, part 2): one APDU in, one APDU out, every bad
 * command answered with a status word. The PIN and the data objects are fixed when it is made; what a session
 * changes (the selection, the PIN's verification and tries left, a chain of commands or of responses half
 * done) lives here. Not thread-safe: {@link SoftwareCard} calls it under its lock.
 */
final class PivApplication {
    private static final Logger LOG = System.getLogger(PivApplication.class.getName());

    static final int INS_SELECT = 0xA4;
    static final int INS_GET_DATA = 0xCB;
    static final int INS_VERIFY = 0x20;
    static final int INS_GENERAL_AUTHENTICATE = 0x87;
    static final int INS_GET_RESPONSE = 0xC0;

    /** Wrong PINs before the PIN blocks; a software card has no PUK to unblock it. */
    static final int PIN_TRIES = 3;
    /** VERIFY's reference for the PIV application PIN. */
    private static final int PIN_REFERENCE = 0x80;
    /** The PIN field's length: the PIN's digits, padded with 0xFF. */
    private static final int PIN_FIELD_LENGTH = 8;
    /**
     * The most data a chain of commands may gather: a GENERAL AUTHENTICATE for RSA 3072 needs under 400 bytes;
     * anything far beyond is not a PIV command, and is refused before it is buffered.
     */
    static final int MAX_CHAINED_DATA = 4096;
    /** What a short Le of zero asks for, and so the most GET RESPONSE hands out at once unless asked more. */
    private static final int SHORT_MAX = 256;

    private final PivDataObjects objects;
    private final List<CardCredential> credentials;
    private final byte[] pinField;

    private boolean selected;
    private boolean pinVerified;
    private int pinTriesLeft = PIN_TRIES;
    /** The command a chain is for (INS, P1, P2), or -1 when no chain is open. */
    private int chainHeader = -1;
    private final ByteArrayOutputStream chainData = new ByteArrayOutputStream();
    /** Response data GET RESPONSE has yet to hand out, or null. */
    private byte[] pendingResponse;
    private int pendingOffset;

    PivApplication(List<CardCredential> credentials, String pin) {
        this.credentials = List.copyOf(credentials);
        this.objects = new PivDataObjects(this.credentials);
        this.pinField = new byte[PIN_FIELD_LENGTH];
        Arrays.fill(pinField, (byte) 0xFF);
        byte[] digits = pin.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, pinField, 0, digits.length);
    }

    /** The card was powered or reset: nothing selected, PIN not verified, chains dropped; the tries stay. */
    void reset() {
        selected = false;
        pinVerified = false;
        dropChains();
    }

    /** @return the response APDU to one command APDU */
    byte[] process(byte[] apdu) {
        CommandApdu command;
        try {
            command = CommandApdu.parse(apdu);
        } catch (MalformedApduException e) {
            LOG.log(Level.DEBUG, "refused command: {0}", e.getMessage());
            dropChains();
            return StatusWord.only(e.statusWord());
        }
        if ((command.cla() & ~CommandApdu.CHAINING_BIT) != 0) {
            dropChains();
            return StatusWord.only(StatusWord.CLA_NOT_SUPPORTED);
        }
        if (command.ins() == INS_GET_RESPONSE && !command.chained()) {
            return getResponse(command);
        }
        pendingResponse = null;
        int header = command.ins() << 16 | command.p1() << 8 | command.p2();
        byte[] data = command.data();
        if (chainHeader != -1 && chainHeader != header) {
            // Another command abandons the chain, as the chain's last command would have closed it.
            dropChains();
        }
        if (chainHeader == header) {
            if (chainData.size() + data.length > MAX_CHAINED_DATA) {
                dropChains();
                return StatusWord.only(StatusWord.WRONG_LENGTH);
            }
            chainData.writeBytes(data);
            if (command.chained()) {
                return StatusWord.only(StatusWord.OK);
            }
            data = chainData.toByteArray();
            dropChains();
        } else if (command.chained()) {
            if (data.length > MAX_CHAINED_DATA) {
                return StatusWord.only(StatusWord.WRONG_LENGTH);
            }
            chainHeader = header;
            chainData.writeBytes(data);
            return StatusWord.only(StatusWord.OK);
        }
        return dispatch(command, data);
    }

    private byte[] dispatch(CommandApdu command, byte[] data) {
        if (command.ins() == INS_SELECT) {
            return select(command, data);
        }
        if (!selected) {
            // With no application selected the card knows only SELECT.
            return StatusWord.only(StatusWord.INS_NOT_SUPPORTED);
        }
        return switch (command.ins()) {
            case INS_GET_DATA -> getData(command, data);
            case INS_VERIFY -> verify(command, data);
            case INS_GENERAL_AUTHENTICATE -> generalAuthenticate(command, data);
            default -> StatusWord.only(StatusWord.INS_NOT_SUPPORTED);
        };
    }

    private byte[] select(CommandApdu command, byte[] aid) {
        if (command.p1() != 0x04) {
            // Selection by file identifier or path: the card has no file system.
            return StatusWord.only(StatusWord.FILE_NOT_FOUND);
        }
        if (command.p2() != 0x00 && command.p2() != 0x0C) {
            return StatusWord.only(StatusWord.INCORRECT_P1_P2);
        }
        if (aid.length < PivDataObjects.RID_LENGTH || aid.length > PivDataObjects.AID.length
                || !Arrays.equals(aid, 0, aid.length, PivDataObjects.AID, 0, aid.length)) {
            // Another application's AID: the selection, if any, stays as it was.
            return StatusWord.only(StatusWord.FILE_NOT_FOUND);
        }
        selected = true;
        return command.p2() == 0x0C ? StatusWord.only(StatusWord.OK) : respond(objects.selectResponse(), command.ne());
    }

    private byte[] getData(CommandApdu command, byte[] data) {
        if (command.p1() != 0x3F || command.p2() != 0xFF) {
            return StatusWord.only(StatusWord.INCORRECT_P1_P2);
        }
        List<Element> list;
        try {
            list = BerTlv.parse(data, 0, data.length);
        } catch (MalformedTlvException e) {
            return StatusWord.only(StatusWord.INCORRECT_DATA);
        }
        if (list.size() != 1 || list.getFirst().tag() != 0x5C || list.getFirst().length() < 1
                || list.getFirst().length() > 3) {
            return StatusWord.only(StatusWord.INCORRECT_DATA);
        }
        int tag = 0;
        Element tagList = list.getFirst();
        for (int i = 0; i < tagList.length(); i++) {
            tag = tag << 8 | (data[tagList.offset() + i] & 0xFF);
        }
        byte[] object = objects.get(tag);
        if (object == null) {
            return StatusWord.only(StatusWord.FILE_NOT_FOUND);
        }
        return respond(object, command.ne());
    }

    private byte[] verify(CommandApdu command, byte[] data) {
        if (command.p2() != PIN_REFERENCE) {
            // The global PIN, the PUK, the on-card comparison keys: the software card has none of them.
            return StatusWord.only(StatusWord.REFERENCE_NOT_FOUND);
        }
        if (command.p1() == 0xFF) {
            if (data.length != 0) {
                return StatusWord.only(StatusWord.WRONG_LENGTH);
            }
            pinVerified = false;
            return StatusWord.only(StatusWord.OK);
        }
        if (command.p1() != 0x00) {
            return StatusWord.only(StatusWord.INCORRECT_P1_P2);
        }
        if (pinTriesLeft == 0) {
            return StatusWord.only(StatusWord.AUTHENTICATION_BLOCKED);
        }
        if (data.length == 0) {
            return StatusWord.only(pinVerified ? StatusWord.OK : StatusWord.PIN_TRIES_LEFT | pinTriesLeft);
        }
        if (data.length != PIN_FIELD_LENGTH) {
            return StatusWord.only(StatusWord.INCORRECT_DATA);
        }
        if (MessageDigest.isEqual(data, pinField)) {
            pinVerified = true;
            pinTriesLeft = PIN_TRIES;
            return StatusWord.only(StatusWord.OK);
        }
        pinVerified = false;
        pinTriesLeft--;
        LOG.log(Level.INFO, "wrong PIN for the software card; {0} tries left", pinTriesLeft);
        return StatusWord.only(pinTriesLeft == 0 ? StatusWord.AUTHENTICATION_BLOCKED
                : StatusWord.PIN_TRIES_LEFT | pinTriesLeft);
    }

    private byte[] generalAuthenticate(CommandApdu command, byte[] data) {
        PivSlot[] slots = PivSlot.values();
        int index = 0;
        while (index < credentials.size() && slots[index].keyReference() != command.p2()) {
            index++;
        }
        if (index == credentials.size()) {
            // No key there, or a slot the card does not fill (card authentication, the management key).
            return StatusWord.only(StatusWord.INCORRECT_P1_P2);
        }
        PivSlot slot = slots[index];
        CardCredential credential = credentials.get(index);
        if (credential.algorithm().identifier() != command.p1()) {
            return StatusWord.only(StatusWord.INCORRECT_P1_P2);
        }
        if (!pinVerified) {
            return StatusWord.only(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
        }
        // The dynamic authentication template: 7C { 82 (empty: the response wanted), 81 challenge | 85 point }.
        Element challenge = null;
        Element peerPoint = null;
        boolean responseWanted = false;
        try {
            List<Element> outer = BerTlv.parse(data, 0, data.length);
            if (outer.size() != 1 || outer.getFirst().tag() != 0x7C) {
                return StatusWord.only(StatusWord.INCORRECT_DATA);
            }
            Element template = outer.getFirst();
            for (Element element : BerTlv.parse(data, template.offset(), template.offset() + template.length())) {
                switch (element.tag()) {
                    case 0x81 -> challenge = element;
                    case 0x82 -> responseWanted = element.length() == 0;
                    case 0x85 -> peerPoint = element;
                    default -> {
                        return StatusWord.only(StatusWord.INCORRECT_DATA);
                    }
                }
            }
        } catch (MalformedTlvException e) {
            return StatusWord.only(StatusWord.INCORRECT_DATA);
        }
        if (!responseWanted || (challenge == null) == (peerPoint == null)) {
            return StatusWord.only(StatusWord.INCORRECT_DATA);
        }
        PivAlgorithm algorithm = credential.algorithm();
        byte[] result;
        try {
            if (challenge != null && algorithm.isRsa()) {
                if (challenge.length() != algorithm.keyBytes()) {
                    return StatusWord.only(StatusWord.INCORRECT_DATA);
                }
                result = credential.rawRsa(slice(data, challenge));
            } else if (challenge != null) {
                // A digest, already cut to the curve's size by the host; nothing longer than SHA-512 is one.
                if (challenge.length() == 0 || challenge.length() > 64) {
                    return StatusWord.only(StatusWord.INCORRECT_DATA);
                }
                result = credential.signDigest(slice(data, challenge));
            } else {
                if (algorithm.isRsa() || slot != PivSlot.KEY_MANAGEMENT) {
                    return StatusWord.only(StatusWord.INCORRECT_DATA);
                }
                result = credential.agree(slice(data, peerPoint));
            }
        } catch (GeneralSecurityException e) {
            // A value out of the key's range (an RSA input above the modulus, a point off the curve) or a key
            // store that went away: either way the card cannot compute an answer.
            LOG.log(Level.DEBUG, "software card key {0} refused the operation: {1}", slot, e.getMessage());
            return StatusWord.only(StatusWord.INCORRECT_DATA);
        }
        if (slot.pinEveryUse()) {
            pinVerified = false;
        }
        return respond(BerTlv.encode(0x7C, BerTlv.encode(0x82, result)), command.ne());
    }

    private byte[] getResponse(CommandApdu command) {
        if (pendingResponse == null) {
            return StatusWord.only(StatusWord.CONDITIONS_OF_USE_NOT_SATISFIED);
        }
        if (command.p1() != 0 || command.p2() != 0) {
            return StatusWord.only(StatusWord.INCORRECT_P1_P2);
        }
        byte[] rest = Arrays.copyOfRange(pendingResponse, pendingOffset, pendingResponse.length);
        pendingResponse = null;
        return respond(rest, command.ne());
    }

    /** @return as much of {@code data} as the caller takes, with 61xx when GET RESPONSE must fetch the rest */
    private byte[] respond(byte[] data, int ne) {
        if (data.length <= ne) {
            return StatusWord.withData(data, 0, data.length, StatusWord.OK);
        }
        pendingResponse = data;
        pendingOffset = ne;
        int left = data.length - ne;
        return StatusWord.withData(data, 0, ne, StatusWord.MORE_DATA | (left >= SHORT_MAX ? 0 : left));
    }

    private void dropChains() {
        chainHeader = -1;
        chainData.reset();
        pendingResponse = null;
    }

    private static byte[] slice(byte[] data, Element element) {
        return Arrays.copyOfRange(data, element.offset(), element.offset() + element.length());
    }
}
