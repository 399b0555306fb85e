/**
 * FFM bindings to native libraries, written by hand in jextract's style. They plug into core through its
 * service interfaces; core works without this module, with its pure-Java fallbacks.
 */
module dev.saffron.nativebindings {
    requires dev.saffron.core;

    provides dev.saffron.spice.spi.FileDescriptorAccess
            with dev.saffron.nativebindings.fd.LibcFileDescriptorAccess;
    provides dev.saffron.spice.spi.UnixSocketAccess
            with dev.saffron.nativebindings.fd.LibcUnixSocketAccess;
    provides dev.saffron.spice.spi.JpegDecoderProvider
            with dev.saffron.nativebindings.turbojpeg.TurboJpegDecoderProvider;
    provides dev.saffron.spice.spi.VideoDecoderProvider
            with dev.saffron.nativebindings.ffmpeg.FFmpegVideoDecoderProvider;
    provides dev.saffron.spice.spi.LazyMemoryProvider
            with dev.saffron.nativebindings.memory.MmapMemoryProvider;
    provides dev.saffron.spice.spi.OpusCodecProvider
            with dev.saffron.nativebindings.opus.LibopusCodecProvider;
}
