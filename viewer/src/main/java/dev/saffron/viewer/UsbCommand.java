package dev.saffron.viewer;

import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.SpiceSession;
import dev.saffron.usbredir.EmulatedUsbDisk;
import dev.saffron.usbredir.HostUsbDescription;
import dev.saffron.usbredir.HostUsbDevices;
import dev.saffron.usbredir.UsbDevice;
import dev.saffron.usbredir.UsbRedirException;
import dev.saffron.usbredir.UsbRedirection;
import dev.saffron.usbredir.UsbRedirector;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code saffron usb URI}: plugs USB devices into the guest until standard input ends (or the server goes away):
 * disk images as emulated USB disks ({@code --disk}, {@code --read-only}) and host devices ({@code --redirect}
 * by VID:PID or BUS-ADDRESS); {@code --list} shows the host's devices instead. Says on standard output what the
 * guest got and when it left.
 */
final class UsbCommand {
    private static final Duration PLUG_WAIT = Duration.ofSeconds(30);
    private static final Duration UNPLUG_WAIT = Duration.ofSeconds(10);

    /** What to plug in: disk images and host device selectors. */
    record Devices(List<Path> disks, boolean readOnly, List<String> hostDevices) {
    }

    private UsbCommand() {
    }

    /** Prints the host's USB devices, one a line; none is a valid answer. */
    static void list(PrintStream out) throws SpiceException {
        try {
            List<HostUsbDescription> devices = HostUsbDevices.list();
            if (devices.isEmpty()) {
                out.println("no USB devices on this machine (or no access to /dev/bus/usb)");
            }
            devices.forEach(out::println);
        } catch (UsbRedirException e) {
            throw failed(e);
        }
    }

    static SpiceException failed(UsbRedirException e) {
        return new SpiceException(SpiceError.FAILED, e.getMessage(), e);
    }

    static void run(SessionConfig config, Devices wanted, InputStream in, PrintStream out)
            throws SpiceException, InterruptedException {
        List<UsbDevice> devices = open(wanted);
        try (SpiceSession session = new SpiceSession(config.toBuilder().usbredirEnabled(true).audioEnabled(false)
                .build());
             UsbRedirector redirector = UsbRedirector.attach(session)) {
            session.connect();
            session.awaitChannels(config.connectTimeout());
            List<UsbRedirection> plugged = plug(redirector, devices, out);
            SmartcardCommand.waitForEndOfInput(in, session);
            for (UsbRedirection each : plugged) {
                unplug(each, out);
            }
        } finally {
            devices.forEach(UsbDevice::close);
        }
    }

    /** Opens every device first, so a missing image or device fails before anything is plugged in. */
    private static List<UsbDevice> open(Devices wanted) throws SpiceException {
        List<UsbDevice> devices = new ArrayList<>();
        try {
            for (Path disk : wanted.disks()) {
                devices.add(EmulatedUsbDisk.open(disk, wanted.readOnly()));
            }
            for (String selector : wanted.hostDevices()) {
                devices.add(HostUsbDevices.open(selector));
            }
            return devices;
        } catch (UsbRedirException e) {
            devices.forEach(UsbDevice::close);
            throw failed(e);
        }
    }

    static List<UsbRedirection> plug(UsbRedirector redirector, List<UsbDevice> devices, PrintStream out)
            throws SpiceException, InterruptedException {
        List<UsbRedirection> plugged = new ArrayList<>();
        for (UsbDevice device : devices) {
            try {
                UsbRedirection redirection = redirector.redirect(device)
                        .get(PLUG_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                plugged.add(redirection);
                out.println("the guest has " + device.info().description() + " (" + device.info().ids() + ") on "
                        + redirection.channel().name());
                redirection.ended().whenComplete((ignored, failure) -> out.println(device.info().description()
                        + " left the guest" + (failure == null ? "" : ": " + rootMessage(failure))));
            } catch (ExecutionException e) {
                throw e.getCause() instanceof UsbRedirException usb ? failed(usb)
                        : new SpiceException(SpiceError.FAILED, rootMessage(e), e);
            } catch (TimeoutException e) {
                throw new SpiceException(SpiceError.FAILED, "the guest's usb-redir device did not answer within "
                        + PLUG_WAIT.toSeconds() + " s, so " + device.info().description() + " is not plugged in");
            }
        }
        return plugged;
    }

    static void unplug(UsbRedirection redirection, PrintStream out) throws InterruptedException {
        try {
            redirection.unplug().get(UNPLUG_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            out.println(redirection.device().info().description() + " was unplugged without the guest's answer");
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && (cause instanceof ExecutionException
                || cause instanceof java.util.concurrent.CompletionException)) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
