package dev.saffron.usbredir;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emulated disk's bulk-only transport and SCSI commands, driven as Linux's usb-storage and sd drive them. */
class EmulatedUsbDiskTest {
    private static final int BLOCKS = 2048;

    @TempDir
    Path folder;

    /** One command's outcome: its IN data and its CSW status. */
    private record Outcome(byte[] data, int status, int residue) {
    }

    private static Outcome command(EmulatedUsbDisk disk, byte[] cdb, int length, boolean in, byte[] out) {
        ByteBuffer cbw = ByteBuffer.allocate(31).order(ByteOrder.LITTLE_ENDIAN);
        cbw.putInt(0x43425355).putInt(0x1234).putInt(length).put((byte) (in ? 0x80 : 0)).put((byte) 0)
                .put((byte) cdb.length).put(cdb);
        assertEquals(UsbStatus.SUCCESS, disk.bulk(EmulatedUsbDisk.BULK_OUT, cbw.array(), 0).status());
        byte[] data = new byte[0];
        if (length > 0 && in) {
            UsbTransfer transfer = disk.bulk(EmulatedUsbDisk.BULK_IN, new byte[0], length);
            assertEquals(UsbStatus.SUCCESS, transfer.status());
            data = transfer.data();
        } else if (length > 0) {
            for (int at = 0; at < out.length; at += 4096) {
                byte[] piece = Arrays.copyOfRange(out, at, Math.min(out.length, at + 4096));
                assertEquals(UsbStatus.SUCCESS, disk.bulk(EmulatedUsbDisk.BULK_OUT, piece, 0).status());
            }
        }
        UsbTransfer csw = disk.bulk(EmulatedUsbDisk.BULK_IN, new byte[0], 13);
        ByteBuffer status = ByteBuffer.wrap(csw.data()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x53425355, status.getInt(0));
        assertEquals(0x1234, status.getInt(4), "the CSW carries the CBW's tag");
        return new Outcome(data, csw.data()[12], status.getInt(8));
    }

    private static byte[] rw10(int opcode, int lba, int blocks) {
        return ByteBuffer.allocate(10).put((byte) opcode).put((byte) 0).putInt(lba).put((byte) 0)
                .putShort((short) blocks).put((byte) 0).array();
    }

    /** @return the sense key and additional sense code, from REQUEST SENSE */
    private static int[] sense(EmulatedUsbDisk disk) {
        Outcome sense = command(disk, new byte[]{0x03, 0, 0, 0, 18, 0}, 18, true, null);
        return new int[]{sense.data()[2] & 0x0F, sense.data()[12] & 0xFF};
    }

    private Path image(byte[] contents) throws Exception {
        Path image = folder.resolve("disk.img");
        Files.write(image, contents);
        return image;
    }

    @Test
    void writesReachTheImageAndReadsComeBackFromIt() throws Exception {
        Path image = image(new byte[BLOCKS * 512]);
        byte[] written = new byte[64 * 512];
        new Random(5).nextBytes(written);
        try (EmulatedUsbDisk disk = EmulatedUsbDisk.open(image, false)) {
            assertEquals(0, command(disk, new byte[6], 0, false, null).status(), "TEST UNIT READY");
            Outcome inquiry = command(disk, new byte[]{0x12, 0, 0, 0, 36, 0}, 36, true, null);
            assertEquals(0, inquiry.status());
            assertEquals(0x80, inquiry.data()[1] & 0xFF, "removable");
            assertEquals("Saffron ", new String(inquiry.data(), 8, 8));

            Outcome noData = command(disk, new byte[16], 32, true, null);
            assertEquals(0, noData.data().length, "TEST UNIT READY has no data for a host that asks for some");
            assertEquals(32, noData.residue());
            Outcome capacity16 = command(disk, new byte[]{(byte) 0x9E, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32, 0,
                    0}, 32, true, null);
            assertEquals(BLOCKS - 1, ByteBuffer.wrap(capacity16.data()).getLong());
            assertEquals(512, ByteBuffer.wrap(capacity16.data()).getInt(8));

            Outcome write = command(disk, rw10(0x2A, 100, 64), written.length, false, written);
            assertEquals(0, write.status());
            assertEquals(0, write.residue());
            Outcome read = command(disk, rw10(0x28, 100, 64), written.length, true, null);
            assertEquals(0, read.status());
            assertArrayEquals(written, read.data());
            assertEquals(0, command(disk, new byte[]{0x35, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 0, false, null).status());
        }
        byte[] onDisk = Files.readAllBytes(image);
        assertArrayEquals(written, Arrays.copyOfRange(onDisk, 100 * 512, 164 * 512));
    }

    @Test
    void aReadOnlyDiskSaysItIsWriteProtectedAndRefusesWrites() throws Exception {
        byte[] original = new byte[BLOCKS * 512];
        new Random(6).nextBytes(original);
        Path image = image(original);
        try (EmulatedUsbDisk disk = EmulatedUsbDisk.open(image, true)) {
            Outcome mode6 = command(disk, new byte[]{0x1A, 0, 0x3F, 0, (byte) 192, 0}, 192, true, null);
            assertEquals(0x80, mode6.data()[2] & 0xFF, "the write-protect bit of MODE SENSE(6)");
            Outcome mode10 = command(disk, new byte[]{0x5A, 0, 0x08, 0, 0, 0, 0, 0, (byte) 192, 0}, 192, true, null);
            assertEquals(0x80, mode10.data()[3] & 0xFF, "the write-protect bit of MODE SENSE(10)");
            Outcome write = command(disk, rw10(0x2A, 0, 8), 8 * 512, false, new byte[8 * 512]);
            assertEquals(1, write.status());
            assertArrayEquals(new int[]{0x07, 0x27}, sense(disk), "DATA PROTECT, write protected");
            assertEquals(0, command(disk, rw10(0x28, 0, 1), 512, true, null).status(), "reads still work");
        }
        assertArrayEquals(original, Files.readAllBytes(image));
    }

    @Test
    void unknownCommandsAndBlocksBeyondTheEndFailWithSenseData() throws Exception {
        try (EmulatedUsbDisk disk = EmulatedUsbDisk.open(image(new byte[BLOCKS * 512]), false)) {
            assertEquals(1, command(disk, new byte[]{(byte) 0xA1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 0, false, null)
                    .status());
            assertArrayEquals(new int[]{0x05, 0x20}, sense(disk), "ILLEGAL REQUEST, invalid opcode");
            Outcome beyond = command(disk, rw10(0x28, BLOCKS - 1, 2), 1024, true, null);
            assertEquals(1, beyond.status());
            assertEquals(1024, beyond.residue(), "nothing was read");
            assertArrayEquals(new int[]{0x05, 0x21}, sense(disk), "ILLEGAL REQUEST, LBA out of range");
            assertArrayEquals(new int[]{0, 0}, sense(disk), "sense data is read once");
        }
    }

    @Test
    void anImageThatIsNotWholeBlocksOrIsMissingIsRefusedInWords() throws Exception {
        UsbRedirException partial = assertThrows(UsbRedirException.class,
                () -> EmulatedUsbDisk.open(image(new byte[1000]), false));
        assertEquals(UsbRedirException.Reason.IO, partial.reason());
        assertTrue(partial.getMessage().contains("not a whole number of 512-byte blocks"), partial.getMessage());
        UsbRedirException missing = assertThrows(UsbRedirException.class,
                () -> EmulatedUsbDisk.open(folder.resolve("none.img"), true));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void anImageInUseByAnotherDiskIsBusy() throws Exception {
        Path image = image(new byte[BLOCKS * 512]);
        try (EmulatedUsbDisk first = EmulatedUsbDisk.open(image, false)) {
            UsbRedirException busy = assertThrows(UsbRedirException.class, () -> EmulatedUsbDisk.open(image, true));
            assertEquals(UsbRedirException.Reason.BUSY, busy.reason());
            assertTrue(first.info().description().contains("disk.img"));
        }
    }
}
