package dev.saffron.webdav;

import dev.saffron.spice.SharedFolderServer;
import dev.saffron.webdav.internal.DavHandler;
import dev.saffron.webdav.internal.FolderPaths;
import dev.saffron.webdav.internal.HttpConnection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * A WebDAV server (RFC 4918 class 1 and 2) for one folder, serving the guest's connections over in-memory
 * streams, with no socket that anyone else could reach. Every path is confined to the folder; in read-only mode
 * every write is answered 403 Forbidden. Locks and client-set properties live as long as this object. One
 * instance serves any number of connections at once.
 */
public final class FolderServer implements SharedFolderServer {
    private final Path folder;
    private final boolean readOnly;
    private final DavHandler handler;

    /**
     * @throws IOException if {@code folder} is not an existing folder
     */
    public FolderServer(Path folder, boolean readOnly) throws IOException {
        FolderPaths paths = new FolderPaths(folder);
        this.folder = folder;
        this.readOnly = readOnly;
        this.handler = new DavHandler(paths, readOnly);
    }

    /** @return the folder served */
    public Path folder() {
        return folder;
    }

    /** @return whether writes are refused */
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public void serve(InputStream fromGuest, OutputStream toGuest) throws IOException {
        HttpConnection.serve(fromGuest, toGuest, handler);
    }
}
