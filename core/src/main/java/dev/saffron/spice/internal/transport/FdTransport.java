package dev.saffron.spice.internal.transport;

import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.spi.FileDescriptorAccess;
import dev.saffron.spice.spi.FileDescriptorStream;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A SPICE connection over a file descriptor the application supplied, through the
 * {@link FileDescriptorAccess} service.
 */
public final class FdTransport implements Transport {
    private final FileDescriptorStream stream;

    private FdTransport(FileDescriptorStream stream) {
        this.stream = stream;
    }

    /** @return the first {@link FileDescriptorAccess} on the module or class path, if any */
    static Optional<FileDescriptorAccess> access() {
        return ServiceLoader.load(FileDescriptorAccess.class, FdTransport.class.getClassLoader()).findFirst();
    }

    /**
     * Takes over {@code fd}.
     *
     * @throws SpiceException with {@link SpiceError#FAILED} when no implementation of the service is present,
     *                        or {@link SpiceError#CONNECT_FAILED} when the descriptor is not usable
     */
    public static FdTransport open(int fd) throws SpiceException {
        FileDescriptorAccess access = access().orElseThrow(() -> new SpiceException(SpiceError.FAILED,
                "a connection on a file descriptor needs the saffron-native-bindings module on the class or "
                        + "module path"));
        try {
            return new FdTransport(access.open(fd));
        } catch (IOException e) {
            throw new SpiceException(SpiceError.CONNECT_FAILED, "cannot use file descriptor " + fd + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void readFully(ByteBuffer destination) throws IOException {
        while (destination.hasRemaining()) {
            if (stream.read(destination) < 0) {
                throw new EOFException("file descriptor " + stream.fd() + " reached its end");
            }
        }
    }

    @Override
    public void writeFully(ByteBuffer source) throws IOException {
        while (source.hasRemaining()) {
            stream.write(source);
        }
    }

    @Override
    public String peer() {
        return "fd " + stream.fd();
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public void close() {
        stream.close();
    }
}
