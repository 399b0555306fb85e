package dev.saffron.spice.internal.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Walks a JPEG's marker segments up to its first scan, checking each length against the data, and reports
 * the frame size and colour space. Only sequential Huffman-coded 8-bit JPEGs with one or three components
 * pass: that is what spice-server's libjpeg writes, and progressive streams are refused because a small
 * input with many scans can cost a full pass over the image per scan.
 */
final class JpegHeaderReader {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int SOF_BASELINE = 0xC0;
    private static final int SOF_EXTENDED = 0xC1;
    private static final int SOF_PROGRESSIVE = 0xC2;
    private static final int SOF_LAST = 0xCF;
    private static final int DHT = 0xC4;
    private static final int JPG = 0xC8;
    private static final int DAC = 0xCC;
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int APP0 = 0xE0;
    private static final int APP14 = 0xEE;
    private static final int TEM = 0x01;
    private static final int RST0 = 0xD0;
    private static final int RST7 = 0xD7;

    private final MemorySegment data;
    private final long size;
    private boolean sawJfif;
    private int adobeTransform = -1;
    private int width;
    private int height;
    private int[] componentIds;

    private JpegHeaderReader(MemorySegment data) {
        this.data = data;
        this.size = data.byteSize();
    }

    /**
     * @param data      the JPEG, exactly; not retained
     * @param maxPixels the most pixels the image may have
     * @return the header
     * @throws ImageDecodeException if the data is not a JPEG, is cut short before its first scan, has a
     *                              malformed or unsupported frame, or is over the pixel limit
     */
    static JpegHeader read(MemorySegment data, long maxPixels) throws ImageDecodeException {
        return new JpegHeaderReader(data).read(maxPixels);
    }

    private JpegHeader read(long maxPixels) throws ImageDecodeException {
        if (size < 2 || byteAt(0) != 0xFF || byteAt(1) != SOI) {
            throw new ImageDecodeException("not a JPEG: no start-of-image marker");
        }
        long position = 2;
        while (true) {
            if (position >= size || byteAt(position) != 0xFF) {
                throw new ImageDecodeException(position >= size ? "JPEG truncated before its first scan"
                        : "JPEG has no marker where one belongs, at byte " + position);
            }
            while (position < size && byteAt(position) == 0xFF) {
                position++;
            }
            if (position >= size) {
                throw new ImageDecodeException("JPEG truncated before its first scan");
            }
            int marker = byteAt(position++);
            if (marker == TEM || (marker >= RST0 && marker <= RST7)) {
                continue;
            }
            if (marker == 0 || marker == SOI || marker == EOI) {
                throw new ImageDecodeException(String.format("JPEG has marker 0x%02X before its first scan", marker));
            }
            if (size - position < 2) {
                throw new ImageDecodeException("JPEG truncated in a marker length");
            }
            int length = Short.toUnsignedInt(data.get(U16, position));
            if (length < 2 || size - position < length) {
                throw new ImageDecodeException(String.format("JPEG marker 0x%02X has length %d with %d bytes left",
                        marker, length, size - position));
            }
            long body = position + 2;
            int bodyLength = length - 2;
            if (marker == SOS) {
                if (componentIds == null) {
                    throw new ImageDecodeException("JPEG scan before its frame header");
                }
                return header(maxPixels);
            }
            readSegment(marker, body, bodyLength);
            position += length;
        }
    }

    private void readSegment(int marker, long body, int length) throws ImageDecodeException {
        if (marker == SOF_BASELINE || marker == SOF_EXTENDED) {
            readFrame(body, length);
        } else if (marker == SOF_PROGRESSIVE) {
            throw new ImageDecodeException("progressive JPEG refused: only sequential JPEGs are decoded");
        } else if (marker >= SOF_BASELINE && marker <= SOF_LAST && marker != DHT && marker != JPG && marker != DAC) {
            throw new ImageDecodeException(String.format("unsupported JPEG coding process (SOF 0x%02X)", marker));
        } else if (marker == APP0 && length >= 5 && startsWith(body, "JFIF\0")) {
            sawJfif = true;
        } else if (marker == APP14 && length >= 12 && startsWith(body, "Adobe")) {
            adobeTransform = byteAt(body + 11);
        }
    }

    private void readFrame(long body, int length) throws ImageDecodeException {
        if (componentIds != null) {
            throw new ImageDecodeException("JPEG has more than one frame header");
        }
        if (length < 6) {
            throw new ImageDecodeException("JPEG frame header truncated");
        }
        int precision = byteAt(body);
        height = byteAt(body + 1) << 8 | byteAt(body + 2);
        width = byteAt(body + 3) << 8 | byteAt(body + 4);
        int components = byteAt(body + 5);
        if (length != 6 + 3 * components) {
            throw new ImageDecodeException("JPEG frame header of " + length + " bytes for " + components
                    + " components");
        }
        if (precision != 8) {
            throw new ImageDecodeException("unsupported JPEG sample precision " + precision);
        }
        if (components != 1 && components != 3) {
            throw new ImageDecodeException("unsupported JPEG with " + components + " components");
        }
        if (width == 0 || height == 0) {
            throw new ImageDecodeException("JPEG size " + width + "x" + height
                    + " refused (a height given later by a DNL marker is not supported)");
        }
        componentIds = new int[components];
        for (int c = 0; c < components; c++) {
            long spec = body + 6 + 3L * c;
            componentIds[c] = byteAt(spec);
            int horizontal = byteAt(spec + 1) >>> 4;
            int vertical = byteAt(spec + 1) & 0x0F;
            if (horizontal < 1 || horizontal > 4 || vertical < 1 || vertical > 4) {
                throw new ImageDecodeException("JPEG component " + c + " has sampling factors " + horizontal
                        + "x" + vertical);
            }
        }
    }

    private JpegHeader header(long maxPixels) throws ImageDecodeException {
        if ((long) width * height > maxPixels) {
            throw new ImageDecodeException("JPEG of " + width + "x" + height + " pixels is over the limit of "
                    + maxPixels);
        }
        return new JpegHeader(width, height, colorSpace());
    }

    /** libjpeg's rule: JFIF means YCbCr, an Adobe marker says so itself, else the component ids hint. */
    private JpegColorSpace colorSpace() {
        if (componentIds.length == 1) {
            return JpegColorSpace.GRAY;
        }
        if (sawJfif) {
            return JpegColorSpace.YCBCR;
        }
        if (adobeTransform >= 0) {
            return adobeTransform == 0 ? JpegColorSpace.RGB : JpegColorSpace.YCBCR;
        }
        boolean rgbIds = componentIds[0] == 'R' && componentIds[1] == 'G' && componentIds[2] == 'B';
        return rgbIds ? JpegColorSpace.RGB : JpegColorSpace.YCBCR;
    }

    private boolean startsWith(long offset, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (byteAt(offset + i) != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int byteAt(long offset) {
        return Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, offset));
    }
}
