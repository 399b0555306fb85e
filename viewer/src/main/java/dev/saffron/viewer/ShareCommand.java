package dev.saffron.viewer;

import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.SpiceSession;
import dev.saffron.webdav.FolderServer;
import dev.saffron.webdav.SharedFolder;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Optional;

/**
 * {@code saffron share URI DIR}: shares a folder with the guest and keeps the session until standard input ends
 * (or the server goes away), for scripts, tests and a guest that needs files with no window. In the guest,
 * spice-webdavd serves the folder on {@code localhost:9843}.
 */
final class ShareCommand {
    private ShareCommand() {
    }

    /** @param config a configuration with {@link SessionConfig#sharedDir()} */
    static void run(SessionConfig config, InputStream in, PrintStream out)
            throws SpiceException, InterruptedException {
        // Like the other commands without a window, it leaves the VM's sound and USB slots to other clients.
        SessionConfig lean = config.toBuilder().audioEnabled(false).usbredirEnabled(false).build();
        try (SpiceSession session = new SpiceSession(lean)) {
            FolderServer server = serve(session).orElseThrow();
            session.connect();
            session.awaitChannels(config.connectTimeout());
            if (session.webdavChannel().isEmpty()) {
                throw new SpiceException(SpiceError.FAILED, "the server offers no webdav channel (the VM needs a "
                        + "spiceport chardev named org.spice-space.webdav.0 on a virtserialport of that name)");
            }
            out.println("sharing " + server.folder() + (server.readOnly() ? " read-only" : "")
                    + " with the guest until standard input ends");
            SmartcardCommand.waitForEndOfInput(in, session);
        }
    }

    /**
     * Serves a session's shared folder, for this command and the viewer window.
     *
     * @return the server, or empty when the configuration shares no folder
     * @throws SpiceException if the folder cannot be shared (it does not exist, or is not a folder)
     */
    static Optional<FolderServer> serve(SpiceSession session) throws SpiceException {
        try {
            return SharedFolder.serve(session);
        } catch (IOException e) {
            throw new SpiceException(SpiceError.FAILED, "cannot share the folder: " + e.getMessage(), e);
        }
    }
}
