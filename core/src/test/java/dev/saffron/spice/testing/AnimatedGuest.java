package dev.saffron.spice.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A guest whose screen never stops moving, with no operating system: a 512-byte boot sector, written here,
 * that switches to VGA mode 13h (320x200, 256 colours) and repaints the whole screen with a shifting colour
 * ramp on every timer tick (18.2 Hz). SPICE servers turn such a screen into video streams, so display and
 * benchmark tests get a busy screen from the firmware alone.
 */
public final class AnimatedGuest {
    /** The program, in 16-bit real mode at 0x7C00. */
    private static final byte[] PROGRAM = bytes(
            0xFB,                   // sti                 timer interrupts wake the hlt below
            0xB8, 0x13, 0x00,       // mov ax, 0x0013
            0xCD, 0x10,             // int 0x10            video mode 13h
            0xB8, 0x00, 0xA0,       // mov ax, 0xA000
            0x8E, 0xC0,             // mov es, ax          es:di = the frame buffer
            0x31, 0xDB,             // xor bx, bx          bl = the frame's first colour
            0x31, 0xFF,             // frame: xor di, di
            0xB9, 0x00, 0xFA,       // mov cx, 64000       every pixel
            0x88, 0xD8,             // mov al, bl
            0xAA,                   // pixel: stosb
            0xFE, 0xC0,             // inc al              a ramp along each row
            0xE2, 0xFB,             // loop pixel
            0xFE, 0xC3,             // inc bl              the next frame's ramp starts one colour later
            0xF4,                   // hlt                 until the next timer tick
            0xEB, 0xEF);            // jmp frame

    private AnimatedGuest() {
    }

    /**
     * Writes the boot disk into {@code directory}.
     *
     * @return QEMU arguments that boot it from a floppy
     */
    public static List<String> qemuArguments(Path directory) throws IOException {
        byte[] sector = Arrays.copyOf(PROGRAM, 512);
        sector[510] = 0x55;
        sector[511] = (byte) 0xAA;
        Path disk = directory.resolve("animated-guest.img");
        Files.write(disk, sector);
        return List.of("-drive", "file=" + disk + ",format=raw,if=floppy,readonly=on");
    }

    private static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }
}
