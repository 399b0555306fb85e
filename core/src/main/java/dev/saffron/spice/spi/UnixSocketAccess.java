package dev.saffron.spice.spi;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Unix-domain stream sockets that can receive file descriptors the server passes with {@code SCM_RIGHTS}, which
 * the JDK's unix {@code SocketChannel} cannot: a display channel needs them for GL scanouts (protocol reference
 * §4.9). Core has no implementation of its own; {@code saffron-native-bindings} provides one over libc, found
 * through {@link java.util.ServiceLoader}. Without it, {@code spice+unix://} uses the JDK and offers the server
 * no GL scanout.
 */
public interface UnixSocketAccess {
    /**
     * Connects to the socket at {@code path}.
     *
     * @return the connected stream, which owns its socket from now on
     * @throws IOException if the socket cannot be created or the connection is refused
     */
    UnixSocketStream connect(Path path) throws IOException;
}
