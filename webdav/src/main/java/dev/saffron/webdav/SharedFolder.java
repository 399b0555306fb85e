package dev.saffron.webdav;

import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceSession;

import java.io.IOException;
import java.util.Optional;

/**
 * A session's folder-sharing options, carried out, as spice-gtk's session does with phodav: the folder
 * {@link SessionConfig#sharedDir()} is served to the guest, read-only with {@link SessionConfig#shareDirReadOnly()},
 * over the session's webdav channel. Call it before {@link SpiceSession#connect()}.
 */
public final class SharedFolder {
    private SharedFolder() {
    }

    /**
     * @return the server now behind the session's webdav channel, or empty when the configuration shares no
     *         folder
     * @throws IOException if the folder does not exist or is not a folder
     */
    public static Optional<FolderServer> serve(SpiceSession session) throws IOException {
        SessionConfig config = session.config();
        if (config.sharedDir().isEmpty()) {
            return Optional.empty();
        }
        FolderServer server = new FolderServer(config.sharedDir().get(), config.shareDirReadOnly());
        session.serveSharedFolder(server);
        return Optional.of(server);
    }
}
