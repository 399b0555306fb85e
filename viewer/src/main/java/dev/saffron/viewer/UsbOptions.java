package dev.saffron.viewer;

import dev.saffron.spice.SessionConfig;
import dev.saffron.usbredir.HostUsbAutoRedirect;
import dev.saffron.usbredir.UsbFilter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The window's USB options: disk images to plug in ({@code --usb-disk}), and host hotplug as spice-gtk's options
 * ({@code --spice-usbredir-auto-redirect-filter}, {@code --spice-usbredir-redirect-on-connect}) and virt-viewer's
 * connection-file keys ({@code enable-usb-autoshare}, {@code usb-filter}) ask for it.
 */
final class UsbOptions {
    static final String HELP = """
              --usb-disk=IMAGE                      plug a disk image into the guest as a USB disk (repeatable)
              --spice-usbredir-auto-redirect-filter=FILTER
                                                    redirect host USB devices plugged in while connected that
                                                    FILTER allows (class,vendor,product,version,allow|...)
              --spice-usbredir-redirect-on-connect=FILTER
                                                    redirect host USB devices present at connect that FILTER allows
            """;

    private final List<Path> disks = new ArrayList<>();
    private UsbFilter autoRedirect;
    private UsbFilter onConnect;

    /** Consumes {@code word} (and its value) if it is a USB option; @return whether it was one */
    boolean accept(String word, Arguments args) throws UsageException {
        String name = Arguments.optionName(word);
        switch (name) {
            case "--usb-disk" -> disks.add(Path.of(args.value(word)));
            case "--spice-usbredir-auto-redirect-filter" -> autoRedirect = filter(name, args.value(word));
            case "--spice-usbredir-redirect-on-connect" -> onConnect = filter(name, args.value(word));
            default -> {
                return false;
            }
        }
        return true;
    }

    private static UsbFilter filter(String source, String text) throws UsageException {
        try {
            return UsbFilter.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(source + ": " + e.getMessage());
        }
    }

    /**
     * virt-viewer's keys: {@code enable-usb-autoshare=1} redirects devices plugged in later, those
     * {@code usb-filter} allows (spice-gtk's default filter, everything but HID, when there is none); options given
     * on the command line win.
     */
    void applyConnectionFile(VvFile file) throws UsageException {
        String autoshare = file.keptSettings().getOrDefault("enable-usb-autoshare", "0").strip()
                .toLowerCase(Locale.ROOT);
        if (autoRedirect == null && (autoshare.equals("1") || autoshare.equals("true"))) {
            String rules = file.keptSettings().get("usb-filter");
            autoRedirect = rules == null ? HostUsbAutoRedirect.DEFAULT_AUTO_REDIRECT_FILTER
                    : filter("usb-filter in the connection file", rules);
        }
    }

    List<Path> disks() {
        return List.copyOf(disks);
    }

    /** @return the hotplug filters, when host devices are to be redirected automatically */
    Optional<Hotplug> hotplug() {
        if (autoRedirect == null && onConnect == null) {
            return Optional.empty();
        }
        UsbFilter none = UsbFilter.of(List.of());
        return Optional.of(new Hotplug(autoRedirect == null ? none : autoRedirect, onConnect == null ? none
                : onConnect));
    }

    /** The filters for devices plugged in later and for those present at connect (empty: none). */
    record Hotplug(UsbFilter autoRedirect, UsbFilter onConnect) {
    }

    /** @throws UsageException if USB devices are asked for while USB redirection is off */
    void check(SessionConfig config) throws UsageException {
        if (!config.usbredirEnabled() && (!disks.isEmpty() || hotplug().isPresent())) {
            throw new UsageException("--usb-disk and USB auto-redirection need USB redirection, which "
                    + "--spice-disable-usbredir (or enable-usbredir=0) turns off");
        }
    }
}
