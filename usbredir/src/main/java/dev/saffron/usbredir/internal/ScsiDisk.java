package dev.saffron.usbredir.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A SCSI direct-access block device (SBC) over a disk image, with the commands a Linux guest's sd and
 * usb-storage drivers send: INQUIRY, TEST UNIT READY, REQUEST SENSE, READ CAPACITY (10 and 16), READ and WRITE
 * (6, 10, 12, 16), MODE SENSE (6 and 10), PREVENT ALLOW MEDIUM REMOVAL, SYNCHRONIZE CACHE, START STOP UNIT,
 * VERIFY, READ FORMAT CAPACITIES. Anything else, and anything out of range, fails with sense data saying why, as
 * a real disk's firmware would. Reads and writes stream through the image in the transport's pieces, so no command
 * buffers its whole transfer. Called by one thread at a time.
 */
public final class ScsiDisk {
    public static final int BLOCK_BYTES = 512;

    private static final int SENSE_NO_SENSE = 0x00;
    private static final int SENSE_NOT_READY = 0x02;
    private static final int SENSE_MEDIUM_ERROR = 0x03;
    private static final int SENSE_ILLEGAL_REQUEST = 0x05;
    private static final int SENSE_DATA_PROTECT = 0x07;
    private static final int ASC_INVALID_OPCODE = 0x20;
    private static final int ASC_LBA_OUT_OF_RANGE = 0x21;
    private static final int ASC_INVALID_FIELD_IN_CDB = 0x24;
    private static final int ASC_WRITE_PROTECTED = 0x27;
    private static final int ASC_MEDIUM_NOT_PRESENT = 0x3A;
    private static final int ASC_READ_ERROR = 0x11;
    private static final int ASC_WRITE_ERROR = 0x0C;

    private final FileChannel image;
    private final long blocks;
    private final boolean readOnly;
    private final String serial;
    private boolean ejected;
    private int senseKey = SENSE_NO_SENSE;
    private int senseCode;

    /**
     * @param image    the disk image, opened for reading (and writing unless {@code readOnly}); its owner closes it
     * @param blocks   the image's size in 512-byte blocks
     * @param serial   the unit serial number INQUIRY reports
     */
    public ScsiDisk(FileChannel image, long blocks, boolean readOnly, String serial) {
        this.image = image;
        this.blocks = blocks;
        this.readOnly = readOnly;
        this.serial = serial;
    }

    /** One command's data phase and outcome. */
    public final class Command {
        private final int opcode;
        private final boolean in;
        private long remaining;
        /** The response of a command that is not a read: delivered from here. */
        private final byte[] response;
        private int responsePosition;
        /** The image offset a read or write streams at. */
        private long offset;
        private boolean failed;

        private Command(int opcode, boolean in, long remaining, byte[] response, long offset) {
            this.opcode = opcode;
            this.in = in;
            this.remaining = remaining;
            this.response = response;
            this.offset = offset;
        }

        /** @return whether the command's data goes to the host (else from it, or none) */
        public boolean isIn() {
            return in;
        }

        /** @return the data bytes the command still moves */
        public long remaining() {
            return remaining;
        }

        /** @return up to {@code max} bytes of the command's IN data */
        public byte[] read(int max) {
            int count = (int) Math.min(max, remaining);
            byte[] out = new byte[count];
            if (response != null) {
                System.arraycopy(response, responsePosition, out, 0, count);
                responsePosition += count;
            } else if (count > 0) {
                try {
                    ByteBuffer target = ByteBuffer.wrap(out);
                    while (target.hasRemaining()) {
                        if (image.read(target, offset + target.position()) < 0) {
                            throw new IOException("the image ends before block " + (offset / BLOCK_BYTES));
                        }
                    }
                } catch (IOException e) {
                    fail(SENSE_MEDIUM_ERROR, ASC_READ_ERROR);
                    remaining = 0;
                    return new byte[0];
                }
                offset += count;
            }
            remaining -= count;
            return out;
        }

        /** Takes OUT data: written to the image for a write, ignored for anything else. */
        public void write(byte[] data) {
            int count = (int) Math.min(data.length, remaining);
            if (opcodeWrites(opcode) && !failed && count > 0) {
                try {
                    ByteBuffer source = ByteBuffer.wrap(data, 0, count);
                    while (source.hasRemaining()) {
                        image.write(source, offset + source.position());
                    }
                } catch (IOException e) {
                    fail(SENSE_MEDIUM_ERROR, ASC_WRITE_ERROR);
                }
                offset += count;
            }
            remaining -= count;
        }

        /** @return whether the command succeeded, once its data phase is over */
        public boolean passed() {
            return !failed;
        }

        private void fail(int key, int code) {
            failed = true;
            senseKey = key;
            senseCode = code;
        }
    }

    private static boolean opcodeWrites(int opcode) {
        return opcode == 0x0A || opcode == 0x2A || opcode == 0xAA || opcode == 0x8A;
    }

    /** @return whether the disk refuses writes */
    public boolean readOnly() {
        return readOnly;
    }

    public long blocks() {
        return blocks;
    }

    /**
     * Starts a command.
     *
     * @param cdb the command descriptor block, 1 to 16 bytes
     * @return the command, whose data phase the transport carries out
     */
    public Command start(byte[] cdb) {
        int opcode = cdb[0] & 0xFF;
        if (opcode != 0x03) {
            senseKey = SENSE_NO_SENSE;
            senseCode = 0;
        }
        byte[] padded = Arrays.copyOf(cdb, 16);
        return switch (opcode) {
            case 0x00 -> ejected ? failed(opcode, SENSE_NOT_READY, ASC_MEDIUM_NOT_PRESENT) : good(opcode);
            case 0x03 -> requestSense(padded);
            case 0x12 -> inquiry(padded);
            case 0x1A -> modeSense(opcode, padded, false);
            case 0x5A -> modeSense(opcode, padded, true);
            case 0x1B -> {
                // LoEj with Start clear ejects; Start set loads it again.
                if ((padded[4] & 0x02) != 0) {
                    ejected = (padded[4] & 0x01) == 0;
                }
                yield good(opcode);
            }
            case 0x1E, 0x2F, 0xAF, 0x8F -> good(opcode);
            case 0x35, 0x91 -> synchronizeCache(opcode);
            case 0x23 -> response(opcode, readFormatCapacities(), u16(padded, 7));
            case 0x25 -> ejected ? failed(opcode, SENSE_NOT_READY, ASC_MEDIUM_NOT_PRESENT)
                    : response(opcode, readCapacity10(), 8);
            case 0x9E -> (padded[1] & 0x1F) == 0x10 && !ejected
                    ? response(opcode, readCapacity16(), u32(padded, 10))
                    : failed(opcode, ejected ? SENSE_NOT_READY : SENSE_ILLEGAL_REQUEST,
                            ejected ? ASC_MEDIUM_NOT_PRESENT : ASC_INVALID_OPCODE);
            case 0x08 -> transfer(opcode, ((padded[1] & 0x1FL) << 16) | u16(padded, 2),
                    (padded[4] & 0xFF) == 0 ? 256 : padded[4] & 0xFF);
            case 0x28 -> transfer(opcode, u32(padded, 2), u16(padded, 7));
            case 0xA8 -> transfer(opcode, u32(padded, 2), u32(padded, 6));
            case 0x88 -> transfer(opcode, u64(padded, 2), u32(padded, 10));
            case 0x0A -> transfer(opcode, ((padded[1] & 0x1FL) << 16) | u16(padded, 2),
                    (padded[4] & 0xFF) == 0 ? 256 : padded[4] & 0xFF);
            case 0x2A -> transfer(opcode, u32(padded, 2), u16(padded, 7));
            case 0xAA -> transfer(opcode, u32(padded, 2), u32(padded, 6));
            case 0x8A -> transfer(opcode, u64(padded, 2), u32(padded, 10));
            default -> failed(opcode, SENSE_ILLEGAL_REQUEST, ASC_INVALID_OPCODE);
        };
    }

    private Command good(int opcode) {
        return new Command(opcode, false, 0, null, 0);
    }

    private Command failed(int opcode, int key, int code) {
        Command command = new Command(opcode, false, 0, null, 0);
        command.fail(key, code);
        return command;
    }

    private Command response(int opcode, byte[] data, long allocationLength) {
        int length = (int) Math.min(data.length, allocationLength);
        return new Command(opcode, true, length, data, 0);
    }

    private Command transfer(int opcode, long lba, long count) {
        boolean write = opcodeWrites(opcode);
        if (ejected) {
            return failed(opcode, SENSE_NOT_READY, ASC_MEDIUM_NOT_PRESENT);
        }
        if (lba < 0 || count < 0 || lba > blocks || count > blocks - lba) {
            Command command = new Command(opcode, !write, 0, null, 0);
            command.fail(SENSE_ILLEGAL_REQUEST, ASC_LBA_OUT_OF_RANGE);
            return command;
        }
        if (write && readOnly) {
            Command command = new Command(opcode, false, count * BLOCK_BYTES, null, 0);
            command.fail(SENSE_DATA_PROTECT, ASC_WRITE_PROTECTED);
            return command;
        }
        return new Command(opcode, !write, count * BLOCK_BYTES, null, lba * BLOCK_BYTES);
    }

    private Command synchronizeCache(int opcode) {
        if (!readOnly) {
            try {
                image.force(false);
            } catch (IOException e) {
                return failed(opcode, SENSE_MEDIUM_ERROR, ASC_WRITE_ERROR);
            }
        }
        return good(opcode);
    }

    private Command requestSense(byte[] cdb) {
        byte[] sense = new byte[18];
        sense[0] = 0x70;
        sense[2] = (byte) senseKey;
        sense[7] = 10;
        sense[12] = (byte) senseCode;
        senseKey = SENSE_NO_SENSE;
        senseCode = 0;
        return response(0x03, sense, cdb[4] & 0xFF);
    }

    private Command inquiry(byte[] cdb) {
        int allocation = u16(cdb, 3);
        if ((cdb[1] & 0x01) != 0) {
            return switch (cdb[2] & 0xFF) {
                case 0x00 -> response(0x12, new byte[]{0, 0, 0, 2, 0x00, (byte) 0x80}, allocation);
                case 0x80 -> {
                    byte[] text = serial.getBytes(StandardCharsets.US_ASCII);
                    byte[] page = new byte[4 + text.length];
                    page[1] = (byte) 0x80;
                    page[3] = (byte) text.length;
                    System.arraycopy(text, 0, page, 4, text.length);
                    yield response(0x12, page, allocation);
                }
                default -> failed(0x12, SENSE_ILLEGAL_REQUEST, ASC_INVALID_FIELD_IN_CDB);
            };
        }
        byte[] data = new byte[36];
        data[1] = (byte) 0x80; // removable medium
        data[2] = 0x04; // SPC-2
        data[3] = 0x02; // response data format
        data[4] = 31; // additional length
        ascii(data, 8, "Saffron", 8);
        ascii(data, 16, "USB disk image", 16);
        ascii(data, 32, "1.0", 4);
        return response(0x12, data, allocation);
    }

    private static void ascii(byte[] into, int at, String text, int width) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(into, at, at + width, (byte) ' ');
        System.arraycopy(bytes, 0, into, at, Math.min(bytes.length, width));
    }

    private Command modeSense(int opcode, byte[] cdb, boolean ten) {
        int page = cdb[2] & 0x3F;
        if (page != 0x3F && page != 0x08) {
            return failed(opcode, SENSE_ILLEGAL_REQUEST, ASC_INVALID_FIELD_IN_CDB);
        }
        // The caching page, write cache off: every write reaches the image before its status.
        byte[] caching = new byte[20];
        caching[0] = 0x08;
        caching[1] = 0x12;
        int headerBytes = ten ? 8 : 4;
        byte[] data = new byte[headerBytes + caching.length];
        System.arraycopy(caching, 0, data, headerBytes, caching.length);
        byte deviceSpecific = (byte) (readOnly ? 0x80 : 0x00);
        if (ten) {
            data[1] = (byte) (data.length - 2);
            data[3] = deviceSpecific;
        } else {
            data[0] = (byte) (data.length - 1);
            data[2] = deviceSpecific;
        }
        return response(opcode, data, ten ? u16(cdb, 7) : cdb[4] & 0xFF);
    }

    private byte[] readCapacity10() {
        long last = blocks - 1;
        return ByteBuffer.allocate(8).putInt((int) Math.min(last, 0xFFFFFFFFL)).putInt(BLOCK_BYTES).array();
    }

    private byte[] readCapacity16() {
        return ByteBuffer.allocate(32).putLong(blocks - 1).putInt(BLOCK_BYTES).array();
    }

    private byte[] readFormatCapacities() {
        return ByteBuffer.allocate(12).putInt(8).putInt((int) Math.min(blocks, 0xFFFFFFFFL))
                .putInt(0x02000000 | BLOCK_BYTES).array();
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    private static long u32(byte[] b, int at) {
        return (long) u16(b, at) << 16 | u16(b, at + 2);
    }

    private static long u64(byte[] b, int at) {
        return u32(b, at) << 32 | u32(b, at + 4);
    }
}
