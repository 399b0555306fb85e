package dev.saffron.gl.internal;

import dev.saffron.spice.AgentCapability;
import dev.saffron.spice.ClipboardSelection;
import dev.saffron.spice.ClipboardType;
import dev.saffron.spice.FileTransferTask;
import dev.saffron.spice.MainChannel;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * What the window's agent features use of the main channel: the agent's state, the monitor layout it is asked
 * for, the clipboard's selections and file copies. An interface so that they can be tested without
 * a session.
 */
public interface GuestAgent {
    /** @return whether the guest agent is connected */
    boolean connected();

    /** @return whether the connected agent announced {@code capability} */
    boolean has(AgentCapability capability);

    /** @return whether the session is read-only, when nothing of the client's may reach the guest */
    boolean readOnly();

    /** @return the largest clipboard transfer in bytes, or -1 for no limit */
    int maxClipboard();

    /** Asks the guest for this monitor layout: each display's position, size, and whether it is on. */
    void sendLayout(List<GuestLayout.Display> displays);

    /** @see MainChannel#copyFiles */
    List<FileTransferTask> copyFiles(List<Path> files);

    /** @see MainChannel#clipboardGrab */
    CompletableFuture<Void> clipboardGrab(ClipboardSelection selection, List<ClipboardType> types);

    /** @see MainChannel#clipboardRelease */
    CompletableFuture<Void> clipboardRelease(ClipboardSelection selection);

    /** @see MainChannel#clipboardRequest */
    CompletableFuture<Void> clipboardRequest(ClipboardSelection selection, ClipboardType type);

    /** @see MainChannel#clipboardNotify */
    CompletableFuture<Void> clipboardNotify(ClipboardSelection selection, ClipboardType type, byte[] data);

    /** @return the session's main channel behind this interface */
    static GuestAgent of(MainChannel channel) {
        Objects.requireNonNull(channel, "channel");
        System.Logger log = System.getLogger(GuestAgent.class.getName());
        return new GuestAgent() {
            @Override
            public boolean connected() {
                return channel.isAgentConnected();
            }

            @Override
            public boolean has(AgentCapability capability) {
                return channel.agentHasCapability(capability);
            }

            @Override
            public boolean readOnly() {
                return channel.session().config().readOnly();
            }

            @Override
            public int maxClipboard() {
                return channel.maxClipboard();
            }

            @Override
            public void sendLayout(List<GuestLayout.Display> displays) {
                for (GuestLayout.Display display : displays) {
                    channel.updateDisplay(display.id(), display.x(), display.y(), display.width(), display.height(),
                            display.enabled());
                }
                channel.sendMonitorConfig().exceptionally(e -> {
                    log.log(System.Logger.Level.WARNING, "the guest's monitor layout was not sent: {0}",
                            e.getMessage());
                    return null;
                });
            }

            @Override
            public List<FileTransferTask> copyFiles(List<Path> files) {
                return channel.copyFiles(files);
            }

            @Override
            public CompletableFuture<Void> clipboardGrab(ClipboardSelection selection, List<ClipboardType> types) {
                return channel.clipboardGrab(selection, types);
            }

            @Override
            public CompletableFuture<Void> clipboardRelease(ClipboardSelection selection) {
                return channel.clipboardRelease(selection);
            }

            @Override
            public CompletableFuture<Void> clipboardRequest(ClipboardSelection selection, ClipboardType type) {
                return channel.clipboardRequest(selection, type);
            }

            @Override
            public CompletableFuture<Void> clipboardNotify(ClipboardSelection selection, ClipboardType type,
                                                           byte[] data) {
                return channel.clipboardNotify(selection, type, data);
            }
        };
    }
}
