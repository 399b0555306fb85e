package dev.saffron.bench;

import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.channel.BaseMessages;
import dev.saffron.spice.internal.channel.MessageRecording;
import dev.saffron.spice.internal.codec.BitmapHeader;
import dev.saffron.spice.internal.codec.ImageDecodeException;
import dev.saffron.spice.internal.codec.JpegDecoder;
import dev.saffron.spice.internal.codec.JpegHeader;
import dev.saffron.spice.internal.codec.Palette;
import dev.saffron.spice.internal.codec.PaletteCache;
import dev.saffron.spice.internal.protocol.DisplayProtocol;
import dev.saffron.spice.internal.wire.WireReader;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The images a display recording carries, pulled out of its messages so each codec can be run alone: the
 * sources of DRAW_COPY (the draw Saffron decodes today) and the frames of MJPEG video streams, in the order
 * they came. It reads the message layouts the display channel reads (protocol reference §4), without
 * decoding, drawing or caching; what it cannot benchmark alone it counts as skipped.
 *
 * @param images  the images, in recorded order
 * @param skipped what was passed over and how often: cache references, surface sources, lists
 */
record RecordedImages(List<ImagePayload> images, Map<String, Integer> skipped) {
    private static final int MINI_HEADER_BYTES = 6;
    private static final int FULL_HEADER_BYTES = 18;

    private static final int TYPE_BITMAP = 0;
    private static final int TYPE_QUIC = 1;
    private static final int TYPE_LZ_PLT = 100;
    private static final int TYPE_LZ_RGB = 101;
    private static final int TYPE_GLZ_RGB = 102;
    private static final int TYPE_FROM_CACHE = 103;
    private static final int TYPE_SURFACE = 104;
    private static final int TYPE_JPEG = 105;
    private static final int TYPE_FROM_CACHE_LOSSLESS = 106;
    private static final int TYPE_ZLIB_GLZ_RGB = 107;
    private static final int TYPE_JPEG_ALPHA = 108;
    private static final int TYPE_LZ4 = 109;
    private static final int FLAG_HIGH_BITS_SET = 2;

    /** Copied so callers cannot change them. */
    RecordedImages {
        images = List.copyOf(images);
        skipped = Map.copyOf(skipped);
    }

    /**
     * @param arena where the images' bytes are copied
     * @throws SpiceException       if the file is not a recording, or a message breaks its layout
     * @throws ImageDecodeException if an image descriptor or a palette is malformed
     */
    static RecordedImages extract(Path recordingFile, Arena arena) throws IOException, ImageDecodeException {
        MessageRecording recording = MessageRecording.read(recordingFile);
        Walker walker = new Walker(arena);
        int headerBytes = recording.miniHeader() ? MINI_HEADER_BYTES : FULL_HEADER_BYTES;
        for (MessageRecording.Entry entry : recording.entries()) {
            byte[] bytes = entry.bytes();
            if (bytes.length < headerBytes) {
                throw new SpiceException(SpiceError.PROTOCOL,
                        recordingFile + ": a record of " + bytes.length + " bytes has no message header");
            }
            ByteBuffer header = ByteBuffer.wrap(bytes, 0, headerBytes).order(ByteOrder.LITTLE_ENDIAN);
            int type = Short.toUnsignedInt(header.getShort(recording.miniHeader() ? 0 : 8));
            boolean list = recording.miniHeader() ? type == BaseMessages.LIST : header.getInt(14) != 0;
            if (list) {
                walker.skip("sub-message list");
                continue;
            }
            MemorySegment body = MemorySegment.ofArray(bytes).asSlice(headerBytes);
            switch (type) {
                case DisplayProtocol.MSG_DRAW_COPY -> walker.drawCopy(new WireReader(body, "display DRAW_COPY"));
                case DisplayProtocol.MSG_STREAM_DATA -> walker.streamData(new WireReader(body, "display STREAM_DATA"),
                        false);
                case DisplayProtocol.MSG_STREAM_DATA_SIZED ->
                        walker.streamData(new WireReader(body, "display STREAM_DATA_SIZED"), true);
                default -> {
                    // Holds no image.
                }
            }
        }
        return new RecordedImages(walker.images, walker.skipped);
    }

    /** Reads messages in order, keeping the palette cache their images build up. */
    private static final class Walker {
        private final Arena arena;
        private final PaletteCache palettes = new PaletteCache();
        private final JpegDecoder jpeg = new JpegDecoder(JpegDecoder.MAX_PIXEL_LIMIT);
        private final List<ImagePayload> images = new ArrayList<>();
        private final Map<String, Integer> skipped = new TreeMap<>();

        Walker(Arena arena) {
            this.arena = arena;
        }

        void skip(String what) {
            skipped.merge(what, 1, Integer::sum);
        }

        /** DRAW_COPY: the draw base (surface, box, clip), then the source image pointer. */
        void drawCopy(WireReader reader) throws SpiceException, ImageDecodeException {
            reader.u32();
            reader.skip(16);
            int clipType = reader.u8();
            if (clipType == 1) {
                reader.skip(16L * reader.count32(16, Integer.MAX_VALUE / 16));
            }
            long pointer = reader.u32();
            image(reader.at(pointer), reader.at(0).rest());
        }

        /** STREAM_DATA(_SIZED): id, frame time, [width, height, destination,] then the frame. */
        void streamData(WireReader reader, boolean sized) throws SpiceException, ImageDecodeException {
            reader.skip(8);
            if (sized) {
                reader.skip(8 + 16);
            }
            MemorySegment frame = copy(reader.slice(reader.count32(1, Integer.MAX_VALUE)));
            JpegHeader header = jpeg.readHeader(frame);
            images.add(new ImagePayload.Jpeg(header.width(), header.height(), frame));
        }

        /** An image descriptor and what follows it, as the display channel's image reader reads them. */
        private void image(WireReader in, MemorySegment message) throws SpiceException, ImageDecodeException {
            in.u64();
            int type = in.u8();
            int flags = in.u8();
            int width = (int) Math.min(in.u32(), Integer.MAX_VALUE);
            int height = (int) Math.min(in.u32(), Integer.MAX_VALUE);
            switch (type) {
                case TYPE_QUIC -> images.add(new ImagePayload.Quic(width, height, data(in)));
                case TYPE_LZ_RGB -> images.add(new ImagePayload.Lz(width, height, data(in), null));
                case TYPE_LZ_PLT -> {
                    int paletteFlags = in.u8();
                    long size = in.u32();
                    Palette palette = palette(in, paletteFlags, message);
                    images.add(new ImagePayload.Lz(width, height, copy(in.slice(size)), palette));
                }
                case TYPE_GLZ_RGB -> images.add(new ImagePayload.Glz(width, height, data(in), 0));
                case TYPE_ZLIB_GLZ_RGB -> {
                    long inflatedSize = in.u32();
                    images.add(new ImagePayload.Glz(width, height, data(in), inflatedSize));
                }
                case TYPE_LZ4 -> images.add(new ImagePayload.Lz4(width, height, data(in)));
                case TYPE_JPEG -> images.add(new ImagePayload.Jpeg(width, height, data(in)));
                case TYPE_BITMAP -> {
                    BitmapHeader header = BitmapHeader.fromWire(in.u8(), in.u8(),
                            (int) Math.min(in.u32(), Integer.MAX_VALUE), (int) Math.min(in.u32(), Integer.MAX_VALUE),
                            (int) Math.min(in.u32(), Integer.MAX_VALUE));
                    Palette palette = null;
                    if (header.format().usesPalette()) {
                        palette = palette(in, header.flags(), message);
                    } else {
                        in.skip((header.flags() & BitmapHeader.PALETTE_FROM_CACHE) != 0 ? 8 : 4);
                    }
                    images.add(new ImagePayload.Bitmap(header, palette, copy(in.slice(header.dataSize())),
                            (flags & FLAG_HIGH_BITS_SET) != 0));
                }
                case TYPE_FROM_CACHE, TYPE_FROM_CACHE_LOSSLESS -> skip("image from the cache");
                case TYPE_SURFACE -> skip("image from a surface");
                case TYPE_JPEG_ALPHA -> skip("JPEG_ALPHA image");
                default -> skip("image type " + type);
            }
        }

        private MemorySegment data(WireReader in) throws SpiceException {
            return copy(in.slice(in.count32(1, Integer.MAX_VALUE)));
        }

        private Palette palette(WireReader in, int flags, MemorySegment message)
                throws SpiceException, ImageDecodeException {
            if ((flags & BitmapHeader.PALETTE_FROM_CACHE) != 0) {
                return palettes.resolve(flags, in.u64(), null);
            }
            long pointer = in.u32();
            if (pointer == 0) {
                throw new ImageDecodeException("palette image without a palette");
            }
            return palettes.resolve(flags, 0, Palette.read(message, pointer));
        }

        private MemorySegment copy(MemorySegment bytes) {
            return arena.allocate(bytes.byteSize()).copyFrom(bytes);
        }
    }

    /** @return the images one codec reads */
    List<ImagePayload> of(Codec codec) {
        return images.stream().filter(image -> image.codec() == codec.images()).toList();
    }

    /** @return how many images each codec reads */
    Map<Codec, Integer> counts() {
        Map<Codec, Integer> counts = new TreeMap<>();
        images.forEach(image -> counts.merge(image.codec(), 1, Integer::sum));
        return counts;
    }
}
