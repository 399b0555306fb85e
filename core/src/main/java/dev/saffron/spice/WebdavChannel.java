package dev.saffron.spice;

import dev.saffron.spice.internal.channel.ChannelHost;
import dev.saffron.spice.internal.webdav.MuxLimits;
import dev.saffron.spice.internal.webdav.WebdavEngine;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The shared folder: spice-webdavd in the guest (listening on the guest's {@code localhost:9843}) passes each
 * guest connection over this channel, and the session's {@link SharedFolderServer} answers it. Mirrors
 * spice-gtk's {@code SpiceWebdavChannel}, with the server given by the caller ({@code saffron-webdav} has one for
 * a folder). The session opens this channel only when it has a server ({@link SpiceSession#serveSharedFolder}).
 */
public final class WebdavChannel extends SpiceChannel {
    private final List<ChannelListener> listeners = new CopyOnWriteArrayList<>();
    private final WebdavEngine engine;

    WebdavChannel(ChannelHost host, int id, SharedFolderServer server) {
        super(host.session());
        engine = new WebdavEngine(host, id, server, MuxLimits.DEFAULT);
    }

    @Override
    WebdavEngine engine() {
        return engine;
    }

    @Override
    List<ChannelListener> listeners() {
        return listeners;
    }

    /** Adds a listener for this channel's lifecycle. */
    public void addListener(ChannelListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener added before. */
    public void removeListener(ChannelListener listener) {
        listeners.remove(listener);
    }

    /** @return whether spice-webdavd in the guest has its end of the channel open */
    public boolean isPortOpened() {
        return engine.isPortOpened();
    }

    /** @return the guest connections being served now */
    public int activeConnections() {
        return engine.activeClients();
    }

    /** @return the guest connections served since the channel opened */
    public long connectionsOpened() {
        return engine.clientsOpened();
    }
}
