/** Hand-written FFM bindings to native libraries, offered to core through its service interfaces. */
module dev.saffron.nativebindings {
    requires dev.saffron.core;

    provides dev.saffron.spice.spi.FileDescriptorAccess
            with dev.saffron.nativebindings.fd.LibcFileDescriptorAccess;
}
