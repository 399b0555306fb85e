package dev.saffron.usbredir;

import dev.saffron.usbredir.internal.ScsiDisk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;

/**
 * A USB mass-storage device backed by a disk image file: the bulk-only transport with a SCSI disk behind it
 * (interface class 8, subclass 6, protocol 0x50), as a USB stick presents itself, so a guest's usb-storage
 * driver takes it with no hardware on the host. Read-write or read-only: a read-only disk reports itself
 * write-protected and fails every write with DATA PROTECT, and its image is opened for reading only.
 *
 * <p>The image is locked while the disk is open (shared when read-only, exclusive otherwise), so two
 * programs that lock it never write it at once. Called by one redirection thread at a time.
 */
public final class EmulatedUsbDisk implements UsbDevice {
    /** pid.codes' vendor id for open-source projects, with its product id for tests and development. */
    public static final int VENDOR_ID = 0x1209;
    public static final int PRODUCT_ID = 0x0001;
    public static final int BULK_IN = 0x81;
    public static final int BULK_OUT = 0x02;
    private static final int BULK_MAX_PACKET = 512;
    private static final int CBW_BYTES = 31;
    private static final int CSW_BYTES = 13;
    private static final int CBW_SIGNATURE = 0x43425355;
    private static final int CSW_SIGNATURE = 0x53425355;
    private static final int CSW_PASSED = 0;
    private static final int CSW_FAILED = 1;
    private static final int CSW_PHASE_ERROR = 2;

    private enum Phase { COMMAND, DATA_IN, DATA_OUT, STATUS }

    private final Path path;
    private final FileChannel image;
    private final FileLock lock;
    private final ScsiDisk disk;
    private final UsbDeviceInfo info;
    private final byte[] serial;
    private Phase phase = Phase.COMMAND;
    private ScsiDisk.Command command;
    private int tag;
    private long expected;
    private int cswStatus;
    private int configuration;

    private EmulatedUsbDisk(Path path, FileChannel image, FileLock lock, long blocks, boolean readOnly) {
        this.path = path;
        this.image = image;
        this.lock = lock;
        String serialText = HexFormat.of().formatHex(
                ByteBuffer.allocate(8).putLong((long) path.toAbsolutePath().hashCode() << 20 ^ blocks).array())
                .toUpperCase(java.util.Locale.ROOT).substring(4);
        this.serial = serialText.getBytes(StandardCharsets.US_ASCII);
        this.disk = new ScsiDisk(image, blocks, readOnly, serialText);
        String description = "USB disk " + path.getFileName() + (readOnly ? " (read-only)" : "");
        this.info = new UsbDeviceInfo(UsbSpeed.HIGH, 0, 0, 0, VENDOR_ID, PRODUCT_ID, 0x0100,
                List.of(new UsbInterfaceInfo(0, 0x08, 0x06, 0x50)),
                List.of(new UsbEndpointInfo(BULK_IN, UsbTransferType.BULK, 0, BULK_MAX_PACKET, 0),
                        new UsbEndpointInfo(BULK_OUT, UsbTransferType.BULK, 0, BULK_MAX_PACKET, 0)),
                description);
    }

    /**
     * Opens a disk image as a USB disk.
     *
     * @throws UsbRedirException ({@link UsbRedirException.Reason#IO}, {@link UsbRedirException.Reason#BUSY},
     *                           {@link UsbRedirException.Reason#NO_PERMISSION}) if the image is missing, not a whole
     *                           number of 512-byte blocks, locked by another program, or not readable (writable)
     */
    public static EmulatedUsbDisk open(Path image, boolean readOnly) throws UsbRedirException {
        FileChannel channel;
        try {
            channel = readOnly ? FileChannel.open(image, StandardOpenOption.READ)
                    : FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            throw new UsbRedirException(UsbRedirException.Reason.IO, "the disk image " + image + " does not exist");
        } catch (AccessDeniedException e) {
            throw new UsbRedirException(UsbRedirException.Reason.NO_PERMISSION, "the disk image " + image
                    + " cannot be opened for " + (readOnly ? "reading" : "writing (give --read-only to share it "
                    + "read-only)"), e);
        } catch (IOException e) {
            throw new UsbRedirException(UsbRedirException.Reason.IO, "cannot open the disk image " + image + ": "
                    + e.getMessage(), e);
        }
        try {
            long size = channel.size();
            if (size < ScsiDisk.BLOCK_BYTES || size % ScsiDisk.BLOCK_BYTES != 0) {
                throw new UsbRedirException(UsbRedirException.Reason.IO, "the disk image " + image + " is " + size
                        + " bytes, not a whole number of 512-byte blocks");
            }
            FileLock lock;
            try {
                lock = channel.tryLock(0, Long.MAX_VALUE, readOnly);
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new UsbRedirException(UsbRedirException.Reason.BUSY, "the disk image " + image
                        + " is in use by another program (or another disk of this one)");
            }
            return new EmulatedUsbDisk(image, channel, lock, size / ScsiDisk.BLOCK_BYTES, readOnly);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UsbRedirException(UsbRedirException.Reason.IO, "cannot use the disk image " + image + ": "
                    + e.getMessage(), e);
        } catch (UsbRedirException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing was written through it.
        }
    }

    public Path path() {
        return path;
    }

    public boolean readOnly() {
        return disk.readOnly();
    }

    @Override
    public UsbDeviceInfo info() {
        return info;
    }

    @Override
    public UsbTransfer control(UsbSetup setup, byte[] out) {
        int type = setup.requestType();
        int request = setup.request();
        if (type == 0x80 && request == 0x06) {
            return descriptor(setup.value() >>> 8, setup.value() & 0xFF, setup.length());
        }
        if ((type == 0x80 || type == 0x81 || type == 0x82) && request == 0x00) {
            return answer(new byte[2], setup.length());
        }
        if (type == 0x80 && request == 0x08) {
            return answer(new byte[]{(byte) configuration}, setup.length());
        }
        if (type == 0x00 && request == 0x09) {
            return UsbTransfer.failed(setConfiguration(setup.value() & 0xFF));
        }
        if ((type == 0x00 || type == 0x01 || type == 0x02) && (request == 0x01 || request == 0x03)) {
            // CLEAR_FEATURE and SET_FEATURE: endpoint halts and remote wakeup, which this device never needs.
            return UsbTransfer.done();
        }
        if (type == 0x81 && request == 0x0A) {
            return answer(new byte[1], setup.length());
        }
        if (type == 0x01 && request == 0x0B) {
            return UsbTransfer.failed(setAltSetting(setup.index(), setup.value()));
        }
        if (type == 0xA1 && request == 0xFE && setup.index() == 0) {
            return answer(new byte[]{0}, setup.length());
        }
        if (type == 0x21 && request == 0xFF && setup.index() == 0) {
            resetTransport();
            return UsbTransfer.done();
        }
        return UsbTransfer.failed(UsbStatus.STALL);
    }

    private static UsbTransfer answer(byte[] data, int length) {
        return UsbTransfer.of(data.length <= length ? data : java.util.Arrays.copyOf(data, length));
    }

    private UsbTransfer descriptor(int type, int index, int length) {
        return switch (type) {
            case 1 -> answer(deviceDescriptor(), length);
            case 2 -> index == 0 ? answer(configurationDescriptor(), length) : UsbTransfer.failed(UsbStatus.STALL);
            case 3 -> switch (index) {
                case 0 -> answer(new byte[]{4, 3, 0x09, 0x04}, length);
                case 1 -> answer(stringDescriptor("Saffron".getBytes(StandardCharsets.US_ASCII)), length);
                case 2 -> answer(stringDescriptor("Saffron USB disk".getBytes(StandardCharsets.US_ASCII)), length);
                case 3 -> answer(stringDescriptor(serial), length);
                default -> UsbTransfer.failed(UsbStatus.STALL);
            };
            default -> UsbTransfer.failed(UsbStatus.STALL);
        };
    }

    private static byte[] deviceDescriptor() {
        return ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN).put((byte) 18).put((byte) 1)
                .putShort((short) 0x0200).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 64)
                .putShort((short) VENDOR_ID).putShort((short) PRODUCT_ID).putShort((short) 0x0100)
                .put((byte) 1).put((byte) 2).put((byte) 3).put((byte) 1).array();
    }

    private static byte[] configurationDescriptor() {
        ByteBuffer out = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 9).put((byte) 2).putShort((short) 32).put((byte) 1).put((byte) 1).put((byte) 0)
                .put((byte) 0x80).put((byte) 50);
        out.put((byte) 9).put((byte) 4).put((byte) 0).put((byte) 0).put((byte) 2).put((byte) 0x08).put((byte) 0x06)
                .put((byte) 0x50).put((byte) 0);
        for (int endpoint : new int[]{BULK_IN, BULK_OUT}) {
            out.put((byte) 7).put((byte) 5).put((byte) endpoint).put((byte) 2).putShort((short) BULK_MAX_PACKET)
                    .put((byte) 0);
        }
        return out.array();
    }

    private static byte[] stringDescriptor(byte[] ascii) {
        byte[] out = new byte[2 + 2 * ascii.length];
        out[0] = (byte) out.length;
        out[1] = 3;
        for (int i = 0; i < ascii.length; i++) {
            out[2 + 2 * i] = ascii[i];
        }
        return out;
    }

    @Override
    public UsbTransfer bulk(int endpoint, byte[] out, int inLength) {
        if (endpoint == BULK_OUT) {
            return bulkOut(out);
        }
        if (endpoint == BULK_IN) {
            return bulkIn(inLength);
        }
        return UsbTransfer.failed(UsbStatus.INVALID);
    }

    private UsbTransfer bulkOut(byte[] data) {
        switch (phase) {
            case COMMAND -> {
                return commandBlock(data);
            }
            case DATA_OUT -> {
                int taken = (int) Math.min(data.length, expected);
                command.write(taken == data.length ? data : java.util.Arrays.copyOf(data, taken));
                expected -= taken;
                if (expected == 0) {
                    finishData();
                }
                return UsbTransfer.done();
            }
            default -> {
                return UsbTransfer.failed(UsbStatus.STALL);
            }
        }
    }

    private UsbTransfer bulkIn(int length) {
        switch (phase) {
            case DATA_IN -> {
                int wanted = (int) Math.min(length, expected);
                byte[] data = command.read(wanted);
                expected -= data.length;
                if (data.length < length || expected == 0) {
                    finishData();
                }
                return UsbTransfer.of(data);
            }
            case STATUS -> {
                if (length < CSW_BYTES) {
                    return UsbTransfer.failed(UsbStatus.STALL);
                }
                phase = Phase.COMMAND;
                return UsbTransfer.of(ByteBuffer.allocate(CSW_BYTES).order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(CSW_SIGNATURE).putInt(tag).putInt((int) expected).put((byte) cswStatus).array());
            }
            default -> {
                return UsbTransfer.failed(UsbStatus.STALL);
            }
        }
    }

    private UsbTransfer commandBlock(byte[] cbw) {
        ByteBuffer in = ByteBuffer.wrap(cbw).order(ByteOrder.LITTLE_ENDIAN);
        if (cbw.length != CBW_BYTES || in.getInt(0) != CBW_SIGNATURE) {
            return UsbTransfer.failed(UsbStatus.STALL);
        }
        int length = cbw[14] & 0x1F;
        if (length < 1 || length > 16) {
            return UsbTransfer.failed(UsbStatus.STALL);
        }
        tag = in.getInt(4);
        expected = Integer.toUnsignedLong(in.getInt(8));
        boolean hostIn = (cbw[12] & 0x80) != 0;
        int lun = cbw[13] & 0x0F;
        command = disk.start(java.util.Arrays.copyOfRange(cbw, 15, 15 + length));
        cswStatus = lun != 0 ? CSW_FAILED : CSW_PASSED;
        boolean deviceWantsData = command.remaining() > 0;
        if (expected == 0) {
            cswStatus = deviceWantsData ? CSW_PHASE_ERROR : cswStatus;
            finishData();
        } else if (deviceWantsData && command.isIn() != hostIn) {
            // The host and the device disagree on the direction: the thirteen cases' phase error.
            cswStatus = CSW_PHASE_ERROR;
            phase = hostIn ? Phase.DATA_IN : Phase.DATA_OUT;
            command = disk.start(new byte[]{0x00});
        } else {
            phase = hostIn ? Phase.DATA_IN : Phase.DATA_OUT;
        }
        return UsbTransfer.done();
    }

    private void finishData() {
        if (cswStatus == CSW_PASSED && !command.passed()) {
            cswStatus = CSW_FAILED;
        }
        phase = Phase.STATUS;
    }

    private void resetTransport() {
        phase = Phase.COMMAND;
        command = null;
        expected = 0;
    }

    @Override
    public UsbTransfer interrupt(int endpoint, byte[] out, int inLength) {
        return UsbTransfer.failed(UsbStatus.INVALID);
    }

    @Override
    public UsbStatus setConfiguration(int value) {
        if (value != 0 && value != 1) {
            return UsbStatus.STALL;
        }
        configuration = value;
        resetTransport();
        return UsbStatus.SUCCESS;
    }

    @Override
    public int configuration() {
        return configuration;
    }

    @Override
    public UsbStatus setAltSetting(int interfaceNumber, int altSetting) {
        return interfaceNumber == 0 && altSetting == 0 ? UsbStatus.SUCCESS : UsbStatus.STALL;
    }

    @Override
    public int altSetting(int interfaceNumber) {
        return interfaceNumber == 0 ? 0 : -1;
    }

    @Override
    public void reset() {
        resetTransport();
        configuration = 0;
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel releases it anyway.
        }
        closeQuietly(image);
    }

    @Override
    public String toString() {
        return info.description();
    }
}
