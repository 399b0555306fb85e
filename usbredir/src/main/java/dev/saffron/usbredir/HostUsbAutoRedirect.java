package dev.saffron.usbredir;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Host USB hotplug for a session, as spice-gtk's USB device manager does it: devices already plugged in when it
 * starts are redirected if the redirect-on-connect filter allows them, devices plugged in later if the
 * auto-redirect filter does (spice-gtk's {@code auto-connect-filter}, virt-viewer's {@code usb-filter}), and a
 * redirected device that is unplugged from the host leaves the guest. Hubs are never redirected. libusb is
 * polled once a second on a daemon thread of its own ({@code saffron-usb-hotplug}), which works wherever
 * listing does, with or without libusb's hotplug support.
 */
public final class HostUsbAutoRedirect implements AutoCloseable {
    /** spice-gtk's default auto-redirect filter: no HID devices (keyboards, mice), everything else. */
    public static final UsbFilter DEFAULT_AUTO_REDIRECT_FILTER = UsbFilter.parse("0x03,-1,-1,-1,0|-1,-1,-1,-1,1");
    private static final int HUB_CLASS = 0x09;
    private static final System.Logger LOG = System.getLogger(HostUsbAutoRedirect.class.getName());

    /** Where devices come from and go to: the host and a redirector, or a test's stand-ins. */
    interface Host {
        List<HostUsbDescription> list() throws UsbRedirException;

        UsbDevice open(HostUsbDescription device) throws UsbRedirException;

        /** @return completes with what unplugs the device again */
        CompletableFuture<Runnable> plug(UsbDevice device);
    }

    private final Host host;
    private final UsbFilter autoRedirect;
    private final UsbFilter onConnect;
    private final Consumer<String> report;
    private final ScheduledExecutorService thread;
    /** Touched only by the polling thread. */
    private final Set<String> seen = new HashSet<>();
    private final Map<String, Plugged> plugged = new HashMap<>();
    private boolean firstPoll = true;

    private record Plugged(UsbDevice device, CompletableFuture<Runnable> unplug) {
    }

    HostUsbAutoRedirect(Host host, UsbFilter autoRedirect, UsbFilter onConnect, Consumer<String> report,
            boolean startThread) {
        this.host = host;
        this.autoRedirect = autoRedirect;
        this.onConnect = onConnect;
        this.report = report;
        this.thread = startThread ? Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("saffron-usb-hotplug").factory()) : null;
    }

    /**
     * Starts watching the host's devices for a redirector.
     *
     * @param report hears, in words, each device redirected, refused or gone
     */
    public static HostUsbAutoRedirect start(UsbRedirector redirector, UsbFilter autoRedirect, UsbFilter onConnect,
            Consumer<String> report) {
        Function<UsbDevice, CompletableFuture<Runnable>> plug = device -> redirector.redirect(device)
                .thenApply(redirection -> redirection::unplug);
        HostUsbAutoRedirect watcher = new HostUsbAutoRedirect(new Host() {
            @Override
            public List<HostUsbDescription> list() throws UsbRedirException {
                return HostUsbDevices.list();
            }

            @Override
            public UsbDevice open(HostUsbDescription device) throws UsbRedirException {
                return HostUsbDevices.open(device.busAddress());
            }

            @Override
            public CompletableFuture<Runnable> plug(UsbDevice device) {
                return plug.apply(device);
            }
        }, autoRedirect, onConnect, report, true);
        watcher.thread.scheduleWithFixedDelay(watcher::pollQuietly, 0, Duration.ofSeconds(1).toMillis(),
                TimeUnit.MILLISECONDS);
        return watcher;
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (UsbRedirException e) {
            report.accept("USB hotplug stops: " + e.getMessage());
            thread.shutdown();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "USB hotplug poll failed", e);
        }
    }

    /** One look at the host's devices: redirects the new ones the filters allow, unplugs the ones gone. */
    void poll() throws UsbRedirException {
        List<HostUsbDescription> now = host.list();
        Set<String> present = new HashSet<>();
        for (HostUsbDescription device : now) {
            String key = device.busAddress() + " " + device.info().ids();
            present.add(key);
            if (!seen.add(key) || device.info().deviceClass() == HUB_CLASS) {
                continue;
            }
            UsbFilter filter = firstPoll ? onConnect : autoRedirect;
            if (filter.allows(device.info())) {
                plug(key, device);
            }
        }
        firstPoll = false;
        seen.retainAll(present);
        for (String key : List.copyOf(plugged.keySet())) {
            if (!present.contains(key)) {
                Plugged gone = plugged.remove(key);
                if (gone.unplug().isCompletedExceptionally()) {
                    continue;
                }
                gone.unplug().thenAccept(Runnable::run).whenComplete((ignored, failure) -> gone.device().close());
                report.accept(gone.device().info().description() + " was unplugged from this machine");
            }
        }
    }

    private void plug(String key, HostUsbDescription description) {
        UsbDevice device;
        try {
            device = host.open(description);
        } catch (UsbRedirException e) {
            report.accept("not redirecting " + description.info().description() + ": " + e.getMessage());
            return;
        }
        CompletableFuture<Runnable> unplug = host.plug(device);
        plugged.put(key, new Plugged(device, unplug));
        unplug.whenComplete((ignored, failure) -> {
            if (failure != null) {
                report.accept("not redirecting " + description.info().description() + ": "
                        + (failure.getCause() != null ? failure.getCause().getMessage() : failure.getMessage()));
                device.close();
            } else {
                report.accept("the guest has " + description.info().description());
            }
        });
    }

    /** Stops watching; devices redirected stay with the guest until their redirector unplugs them. */
    @Override
    public void close() {
        if (thread != null) {
            thread.shutdownNow();
        }
    }
}
