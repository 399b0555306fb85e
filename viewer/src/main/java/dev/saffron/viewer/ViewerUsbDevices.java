package dev.saffron.viewer;

import dev.saffron.gl.UsbDevices;
import dev.saffron.usbredir.HostUsbDescription;
import dev.saffron.usbredir.HostUsbDevice;
import dev.saffron.usbredir.HostUsbDevices;
import dev.saffron.usbredir.UsbDevice;
import dev.saffron.usbredir.UsbRedirException;
import dev.saffron.usbredir.UsbRedirection;
import dev.saffron.usbredir.UsbRedirector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The window menu's USB devices: the {@code --usb-disk} images and the host's devices (hubs left out, as they
 * cannot be redirected), each marked by whether the guest has it, however it got there (the menu, the
 * command line or auto-redirection). Host devices the menu plugs in are opened here and closed when the menu
 * unplugs them or the viewer ends; the disks stay their opener's.
 */
final class ViewerUsbDevices implements UsbDevices, AutoCloseable {
    private static final String DISK = "disk:";
    private static final String HOST = "host:";
    private static final int HUB_CLASS = 0x09;

    /** The guest's side: what it has, and plugging and unplugging. */
    interface Guest {
        /** @return the devices the guest has now */
        List<UsbDevice> plugged();

        /** @return completes once the guest has the device; fails with the reason it could not */
        CompletableFuture<Void> plug(UsbDevice device);

        /** @return completes once the guest let go of the device */
        CompletableFuture<Void> unplug(UsbDevice device);
    }

    /** The host's devices. */
    interface Host {
        /** @throws UsbRedirException if they cannot be listed */
        List<HostUsbDescription> list() throws UsbRedirException;

        /** @throws UsbRedirException if it cannot be opened */
        UsbDevice open(HostUsbDescription device) throws UsbRedirException;
    }

    private final Guest guest;
    private final Host host;
    private final List<UsbDevice> disks;
    private final Optional<String> autoRedirect;
    private final Map<String, UsbDevice> opened = new ConcurrentHashMap<>();

    /**
     * @param guest        the session's redirection
     * @param host         the host's devices
     * @param disks        the emulated disks, owned by the caller
     * @param autoRedirect how devices are redirected automatically, in words; empty when they are not
     */
    ViewerUsbDevices(Guest guest, Host host, List<UsbDevice> disks, Optional<String> autoRedirect) {
        this.guest = Objects.requireNonNull(guest, "guest");
        this.host = Objects.requireNonNull(host, "host");
        this.disks = List.copyOf(disks);
        this.autoRedirect = Objects.requireNonNull(autoRedirect, "autoRedirect");
    }

    /** @return the devices of a session's redirector and of the host through libusb */
    static ViewerUsbDevices of(UsbRedirector redirector, List<UsbDevice> disks, Optional<String> autoRedirect) {
        Guest guest = new Guest() {
            @Override
            public List<UsbDevice> plugged() {
                return redirector.redirections().stream().map(UsbRedirection::device).toList();
            }

            @Override
            public CompletableFuture<Void> plug(UsbDevice device) {
                return redirector.redirect(device).thenApply(redirection -> null);
            }

            @Override
            public CompletableFuture<Void> unplug(UsbDevice device) {
                return redirector.redirections().stream().filter(redirection -> redirection.device() == device)
                        .findFirst().map(UsbRedirection::unplug).orElseGet(() -> CompletableFuture.completedFuture(null));
            }
        };
        Host host = new Host() {
            @Override
            public List<HostUsbDescription> list() throws UsbRedirException {
                return HostUsbDevices.list();
            }

            @Override
            public UsbDevice open(HostUsbDescription device) throws UsbRedirException {
                return HostUsbDevices.open(device.busAddress());
            }
        };
        return new ViewerUsbDevices(guest, host, disks, autoRedirect);
    }

    @Override
    public List<Device> list() {
        List<UsbDevice> plugged = guest.plugged();
        List<Device> out = new ArrayList<>();
        for (int i = 0; i < disks.size(); i++) {
            UsbDevice disk = disks.get(i);
            out.add(new Device(DISK + i, disk.info().description() + " (emulated)",
                    plugged.stream().anyMatch(device -> device == disk)));
        }
        for (HostUsbDescription device : hostDevices()) {
            if (device.info().deviceClass() == HUB_CLASS) {
                continue;
            }
            out.add(new Device(HOST + device.busAddress(), device.info().ids() + " " + device.info().description(),
                    plugged.stream().anyMatch(redirected -> isHost(redirected, device.busAddress()))));
        }
        return out;
    }

    private List<HostUsbDescription> hostDevices() {
        try {
            return host.list();
        } catch (UsbRedirException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static boolean isHost(UsbDevice device, String busAddress) {
        return device instanceof HostUsbDevice hostDevice && hostDevice.description().busAddress().equals(busAddress);
    }

    @Override
    public String autoRedirect() {
        return autoRedirect.map(words -> "auto-redirect: " + words).orElse("auto-redirect: off");
    }

    @Override
    public CompletableFuture<Void> connect(String id) {
        try {
            Optional<UsbDevice> disk = disk(id);
            if (disk.isPresent()) {
                return guest.plug(disk.get());
            }
            HostUsbDescription wanted = hostDevices().stream()
                    .filter(device -> id.equals(HOST + device.busAddress())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(id + " is gone from the host"));
            UsbDevice device = host.open(wanted);
            opened.put(id, device);
            return guest.plug(device).whenComplete((done, failure) -> {
                if (failure != null && opened.remove(id, device)) {
                    device.close();
                }
            });
        } catch (UsbRedirException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Void> disconnect(String id) {
        Optional<UsbDevice> disk = disk(id);
        if (disk.isPresent()) {
            return guest.unplug(disk.get());
        }
        String busAddress = id.startsWith(HOST) ? id.substring(HOST.length()) : "";
        Optional<UsbDevice> plugged = guest.plugged().stream().filter(device -> isHost(device, busAddress))
                .findFirst();
        Optional<UsbDevice> ours = Optional.ofNullable(opened.get(id));
        UsbDevice device = plugged.or(() -> ours).orElse(null);
        if (device == null) {
            return CompletableFuture.completedFuture(null);
        }
        return guest.unplug(device).whenComplete((done, failure) -> closeIfOpenedHere(device));
    }

    @Override
    public void disconnectAll() {
        for (UsbDevice device : guest.plugged()) {
            guest.unplug(device).whenComplete((done, failure) -> closeIfOpenedHere(device));
        }
    }

    private void closeIfOpenedHere(UsbDevice device) {
        if (opened.values().removeIf(candidate -> candidate == device)) {
            device.close();
        }
    }

    private Optional<UsbDevice> disk(String id) {
        if (!id.startsWith(DISK)) {
            return Optional.empty();
        }
        try {
            int index = Integer.parseInt(id.substring(DISK.length()));
            return index >= 0 && index < disks.size() ? Optional.of(disks.get(index)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Closes the host devices the menu opened; the redirector unplugs them as it closes. */
    @Override
    public void close() {
        opened.values().forEach(UsbDevice::close);
        opened.clear();
    }
}
