package dev.saffron.usbredir;

import dev.saffron.spice.ChannelEvent;
import dev.saffron.spice.SessionListener;
import dev.saffron.spice.SpiceChannel;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.SpiceSession;
import dev.saffron.spice.UsbRedirChannel;
import dev.saffron.spice.UsbRedirChannelListener;
import dev.saffron.usbredir.internal.SlotHost;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Redirects USB devices (host devices or emulated ones) into a session's guest: one usbredir host per usbredir
 * channel the server offers, each taking one device at a time. Create it before {@link SpiceSession#connect()}, so
 * no channel's first bytes (the guest device's hello) pass unheard; the session needs
 * {@link dev.saffron.spice.SessionConfig#usbredirEnabled()}. When the session relinks a channel to a new server
 * (reconnect, semi-seamless migration), its device is plugged into the new VM again and its redirection goes on.
 */
public final class UsbRedirector implements AutoCloseable {
    private final SpiceSession session;
    private final List<Slot> slots = new CopyOnWriteArrayList<>();
    private final Map<UsbDevice, UsbRedirection> redirections = new ConcurrentHashMap<>();
    private final SessionListener sessionListener = new SessionListener() {
        @Override
        public void channelNew(SpiceChannel channel) {
            if (channel instanceof UsbRedirChannel usb) {
                Slot slot = new Slot(usb);
                usb.addListener(slot);
                slots.add(slot);
            }
        }
    };

    /** One usbredir channel and the host speaking usbredir over it. */
    private final class Slot implements UsbRedirChannelListener, SlotHost.Pipe {
        final UsbRedirChannel channel;
        final SlotHost host;
        /** The channel's stream the host's conversation belongs to; set on the slot's thread. */
        volatile long stream;

        Slot(UsbRedirChannel channel) {
            this.channel = channel;
            this.host = new SlotHost(this, UsbRedirector.this::deviceGone);
        }

        @Override
        public String name() {
            return channel.name();
        }

        @Override
        public CompletableFuture<Void> write(ByteBuffer data) {
            return channel.write(data, stream);
        }

        @Override
        public void newStream() {
            stream = channel.stream();
        }

        @Override
        public void close() {
            channel.disconnect();
        }

        @Override
        public void channelEvent(SpiceChannel source, ChannelEvent event, SpiceException error) {
            if (event == ChannelEvent.OPENED) {
                host.opened();
            } else if (event.isTerminal()) {
                slots.remove(this);
                host.close(error == null ? event.toString().toLowerCase(java.util.Locale.ROOT) : error.getMessage());
            }
        }

        @Override
        public void usbRedirData(UsbRedirChannel source, ByteBuffer data) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            host.received(bytes);
        }
    }

    private UsbRedirector(SpiceSession session) {
        this.session = session;
    }

    /** @return a redirector for the session's usbredir channels, those announced from now on */
    public static UsbRedirector attach(SpiceSession session) {
        UsbRedirector redirector = new UsbRedirector(Objects.requireNonNull(session, "session"));
        session.addListener(redirector.sessionListener);
        return redirector;
    }

    /** @return how many usbredir slots the session has open */
    public int slotCount() {
        return slots.size();
    }

    /** @return how many open slots hold no device */
    public int freeSlotCount() {
        return (int) slots.stream().filter(slot -> slot.host.isFree()).count();
    }

    /** @return the devices plugged in now */
    public List<UsbRedirection> redirections() {
        return new ArrayList<>(redirections.values());
    }

    /**
     * Plugs a device into the guest through the first free slot.
     *
     * @return completes with the redirection once the guest was told of the device; fails with
     *         {@link UsbRedirException} ({@link UsbRedirException.Reason#NO_FREE_CHANNEL} when every slot is
     *         taken or the VM has none, {@link UsbRedirException.Reason#REFUSED} when the guest's filter refuses it)
     */
    public CompletableFuture<UsbRedirection> redirect(UsbDevice device) {
        Objects.requireNonNull(device, "device");
        if (redirections.containsKey(device)) {
            return CompletableFuture.failedFuture(new IllegalStateException(device.info().description()
                    + " is already redirected"));
        }
        for (Slot slot : slots) {
            if (!slot.host.isFree()) {
                continue;
            }
            UsbRedirection redirection = new UsbRedirection(device, slot.host, slot.channel);
            redirections.put(device, redirection);
            return slot.host.plug(device).handle((ignored, failure) -> {
                if (failure != null) {
                    redirections.remove(device, redirection);
                    throw failure instanceof CompletionException wrapped ? wrapped : new CompletionException(failure);
                }
                return redirection;
            });
        }
        String why = slots.isEmpty()
                ? "the VM offers no USB redirection slot (QEMU needs -chardev spicevmc,name=usbredir with "
                  + "-device usb-redir for each), or this session has enable-usbredir off"
                : "all " + slots.size() + " USB redirection slots of the VM hold a device; unplug one first";
        return CompletableFuture.failedFuture(new UsbRedirException(UsbRedirException.Reason.NO_FREE_CHANNEL,
                "cannot redirect " + device.info().description() + ": " + why));
    }

    private void deviceGone(UsbDevice device, UsbRedirException cause) {
        UsbRedirection redirection = redirections.remove(device);
        if (redirection != null) {
            redirection.end(cause);
        }
    }

    /** Unplugs every device and stops the slots' threads; the devices stay open for their owners to close. */
    @Override
    public void close() {
        session.removeListener(sessionListener);
        for (UsbRedirection redirection : redirections()) {
            redirection.unplug();
        }
        for (Slot slot : slots) {
            slot.channel.removeListener(slot);
            slot.host.close("the redirector closed");
        }
        slots.clear();
    }

    /** @return the session this redirector serves */
    public SpiceSession session() {
        return session;
    }
}
