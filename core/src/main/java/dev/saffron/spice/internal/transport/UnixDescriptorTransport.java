package dev.saffron.spice.internal.transport;

import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.spi.PassedDescriptor;
import dev.saffron.spice.spi.UnixSocketAccess;
import dev.saffron.spice.spi.UnixSocketStream;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A unix-socket connection through the {@link UnixSocketAccess} service, which can take the descriptors a server
 * passes: the transport of {@code spice+unix://} when GL scanouts are wanted.
 */
public final class UnixDescriptorTransport implements Transport {
    private final UnixSocketStream stream;
    private final String peer;

    private UnixDescriptorTransport(UnixSocketStream stream, String peer) {
        this.stream = stream;
        this.peer = peer;
    }

    /** @return the first {@link UnixSocketAccess} on the module or class path, if any */
    public static Optional<UnixSocketAccess> access() {
        return ServiceLoader.load(UnixSocketAccess.class, UnixDescriptorTransport.class.getClassLoader())
                .findFirst();
    }

    /**
     * Connects to the unix socket at {@code path} through {@code access}.
     *
     * @throws SpiceException with {@link SpiceError#CONNECT_FAILED} when the connection is refused
     */
    public static UnixDescriptorTransport connect(UnixSocketAccess access, Path path) throws SpiceException {
        try {
            return new UnixDescriptorTransport(access.connect(path), path.toString());
        } catch (IOException e) {
            throw new SpiceException(SpiceError.CONNECT_FAILED, "cannot connect to unix socket " + path + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void readFully(ByteBuffer destination) throws IOException {
        while (destination.hasRemaining()) {
            if (stream.read(destination) < 0) {
                throw new EOFException("connection closed by " + peer);
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
    public boolean receivesDescriptors() {
        return true;
    }

    @Override
    public Optional<PassedDescriptor> receiveDescriptor() throws IOException {
        return stream.receiveDescriptor();
    }

    @Override
    public String peer() {
        return peer;
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
