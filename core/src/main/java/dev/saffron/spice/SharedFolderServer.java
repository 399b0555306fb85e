package dev.saffron.spice;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Answers the guest's connections to the shared folder: the server behind the webdav channel, as phodav is
 * spice-gtk's. Each guest program that opens a connection to spice-webdavd in the guest becomes one call of
 * {@link #serve}, on a thread of its own, with an HTTP/1.1 byte stream in each direction; no socket is opened
 * on the host. {@code saffron-webdav} has a WebDAV server for a folder; core knows nothing of WebDAV.
 */
@FunctionalInterface
public interface SharedFolderServer {
    /**
     * Serves one guest connection until {@code fromGuest} ends or the server is done with it; returning ends
     * the connection. Many calls run at once, one per guest connection.
     *
     * @param fromGuest the guest's bytes; ends when the guest closes the connection, and throws
     *                  {@link IOException} when the connection is ended under the server (the guest went away,
     *                  or the server did not read for too long)
     * @param toGuest   the bytes for the guest, sent in frames as they fill and on {@code flush()} (and when
     *                  {@code serve} returns); a write blocks while this connection has much in flight, and
     *                  throws {@link IOException} once the guest can no longer receive them
     * @throws IOException when the connection fails; it is then closed, and the other connections go on
     */
    void serve(InputStream fromGuest, OutputStream toGuest) throws IOException;
}
