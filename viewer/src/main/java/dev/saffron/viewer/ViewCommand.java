package dev.saffron.viewer;

import dev.saffron.audio.MicrophoneSource;
import dev.saffron.audio.SpeakerSink;
import dev.saffron.gl.MonitorOptions;
import dev.saffron.gl.ViewerWindow;
import dev.saffron.gl.WindowException;
import dev.saffron.gl.WindowOptions;
import dev.saffron.smartcard.SmartcardRedirection;
import dev.saffron.spice.FileTransferException;
import dev.saffron.spice.FileTransferTask;
import dev.saffron.spice.MainChannel;
import dev.saffron.spice.MainChannelListener;
import dev.saffron.spice.ReconnectHook;
import dev.saffron.spice.SessionAudio;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceChannel;
import dev.saffron.spice.SessionListener;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.SpiceSession;

import dev.saffron.usbredir.EmulatedUsbDisk;
import dev.saffron.usbredir.HostUsbAutoRedirect;
import dev.saffron.usbredir.UsbDevice;
import dev.saffron.usbredir.UsbRedirException;
import dev.saffron.usbredir.UsbRedirector;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * {@code saffron URI}: the interactive viewer, like remote-viewer. Opens the window first, so that a machine
 * without a display or OpenGL fails before any network traffic, then connects and shows the session until the
 * window is closed or, in kiosk mode with {@code --kiosk-quit on-disconnect}, the server goes away.
 */
final class ViewCommand {
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private ViewCommand() {
    }

    /** @return the exit code */
    static int run(SessionConfig config, WindowOptions options, MonitorOptions monitors, UsbOptions usb,
            Optional<ReconnectHook> reconnectHook, PrintStream err) throws SpiceException, InterruptedException {
        List<UsbDevice> disks = new ArrayList<>();
        try {
            for (Path image : usb.disks()) {
                disks.add(EmulatedUsbDisk.open(image, false));
            }
            return runWith(config, options, monitors, disks, usb.hotplug(), reconnectHook, err);
        } catch (UsbRedirException e) {
            throw UsbCommand.failed(e);
        } finally {
            disks.forEach(UsbDevice::close);
        }
    }

    private static int runWith(SessionConfig config, WindowOptions options, MonitorOptions monitors,
            List<UsbDevice> usbDevices, Optional<UsbOptions.Hotplug> hotplug, Optional<ReconnectHook> reconnectHook,
            PrintStream err)
            throws SpiceException, InterruptedException {
        ViewerWindow window;
        try {
            window = ViewerWindow.open(options, monitors);
        } catch (WindowException e) {
            err.println("saffron: " + e.getMessage());
            return ExitCode.NO_WINDOW.code();
        }
        try (window; SpiceSession session = new SpiceSession(config)) {
            reconnectHook.ifPresent(session::setReconnectHook);
            ShareCommand.serve(session);
            Optional<SmartcardRedirection> smartcards = config.smartcardEnabled()
                    ? Optional.of(SmartcardCommand.start(session, Optional.empty())) : Optional.empty();
            smartcards.filter(redirection -> redirection.softwareCard().isPresent()).ifPresent(redirection ->
                    window.setSmartcardActions(new ViewerWindow.SmartcardActions(redirection::insertSoftwareCard,
                            redirection::removeSoftwareCard)));
            // The guest's sound on the default output, and the default capture device as its microphone; without a
            // sound device each says so once in the log and the session goes on.
            Optional<SessionAudio> audio = config.audioEnabled()
                    ? Optional.of(SessionAudio.attach(session, SpeakerSink::new, MicrophoneSource::new))
                    : Optional.empty();
            // Whenever the session may redirect USB, so that the window's menu can plug devices in.
            Optional<UsbRedirector> usb = config.usbredirEnabled() ? Optional.of(UsbRedirector.attach(session))
                    : Optional.empty();
            Optional<ViewerUsbDevices> picker = usb.map(redirector -> ViewerUsbDevices.of(redirector, usbDevices,
                    hotplug.map(filters -> "on, for the devices the filters given allow")));
            picker.ifPresent(window::setUsbDevices);
            HostUsbAutoRedirect[] watcher = {null};
            try {
                return show(window, session, usb.map(redirector -> () -> {
                    plugWhenConnected(redirector, usbDevices, err);
                    hotplug.ifPresent(filters -> watcher[0] = HostUsbAutoRedirect.start(redirector,
                            filters.autoRedirect(), filters.onConnect(), words -> err.println("saffron: usb: " + words)));
                }), err);
            } finally {
                smartcards.ifPresent(SmartcardRedirection::close);
                audio.ifPresent(SessionAudio::close);
                if (watcher[0] != null) {
                    watcher[0].close();
                }
                usb.ifPresent(UsbRedirector::close);
                picker.ifPresent(ViewerUsbDevices::close);
            }
        }
    }

    /**
     * Plugs the {@code --usb-disk} images in once the session's channels are up, on a thread of its own so the
     * window's loop starts at once; failures are said on standard error.
     */
    private static void plugWhenConnected(UsbRedirector redirector, List<UsbDevice> devices, PrintStream err) {
        if (devices.isEmpty()) {
            return;
        }
        Thread.ofVirtual().name("saffron-usb-plug").start(() -> {
            try {
                redirector.session().awaitChannels(redirector.session().config().connectTimeout());
                UsbCommand.plug(redirector, devices, err);
            } catch (SpiceException e) {
                err.println("saffron: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static int show(ViewerWindow window, SpiceSession session, Optional<Runnable> afterConnect,
            PrintStream err) throws SpiceException, InterruptedException {
        window.attach(session);
        Disconnects disconnects = new Disconnects(err);
        session.addListener(disconnects);
        session.addListener(new Reconnects(err));
        session.addListener(new TransferFailures(err));
        session.connect();
        disconnects.connected = true;
        afterConnect.ifPresent(Runnable::run);
        Optional<SpiceException> ended = window.run();
        if (ended.isPresent()) {
            // Returns once the listener above has said why on standard error.
            session.awaitClosed(CLOSE_WAIT);
            ExitCode code = ExitCode.of(ended.get().error());
            return code == ExitCode.OK ? ExitCode.FAILED.code() : code.code();
        }
        disconnects.closing = true;
        session.disconnect();
        session.awaitClosed(CLOSE_WAIT);
        return ExitCode.OK.code();
    }

    /** Says on standard error, once and at once, that the server went away while the window is still up. */
    private static final class Disconnects implements SessionListener {
        private final PrintStream err;
        private volatile boolean connected;
        private volatile boolean closing;

        Disconnects(PrintStream err) {
            this.err = err;
        }

        @Override
        public void sessionClosed(SpiceException error) {
            if (connected && !closing) {
                err.println("saffron: disconnected: " + (error != null ? error.getMessage()
                        : "the server closed the session"));
            }
        }
    }

    /**
     * Says on standard error when the connection drops and the session reconnects, and when it is back: a
     * kiosk's log then tells outages from a viewer that hangs. Said once a drop, not once an attempt.
     */
    private static final class Reconnects implements SessionListener {
        private final PrintStream err;

        Reconnects(PrintStream err) {
            this.err = err;
        }

        @Override
        public void reconnecting(int attempt, Duration delay, SpiceException cause) {
            if (attempt == 1) {
                err.println("saffron: connection lost: " + (cause != null ? cause.getMessage() : "closed")
                        + "; reconnecting");
            }
        }

        @Override
        public void reconnected(int attempts) {
            err.println("saffron: reconnected after " + attempts + (attempts == 1 ? " attempt" : " attempts"));
        }
    }

    /** Says on standard error why a file dropped on the window did not reach the guest; cancels are no failure. */
    private static final class TransferFailures implements SessionListener, MainChannelListener {
        private final PrintStream err;

        TransferFailures(PrintStream err) {
            this.err = err;
        }

        @Override
        public void channelNew(SpiceChannel channel) {
            if (channel instanceof MainChannel main) {
                main.addListener(this);
            }
        }

        @Override
        public void fileTransferStarted(MainChannel channel, FileTransferTask task) {
            task.completion().whenComplete((done, failure) -> {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                if (cause != null && !(cause instanceof FileTransferException transfer
                        && transfer.reason() == FileTransferException.Reason.CANCELLED)) {
                    err.println("saffron: file transfer failed: " + task.fileName() + ": " + cause.getMessage());
                }
            });
        }
    }
}
