package dev.saffron.usbredir.internal;

import dev.saffron.usbredir.UsbRedirException;
import org.usb4java.Context;
import org.usb4java.LibUsb;
import org.usb4java.Loader;
import org.usb4java.LoaderException;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The JVM's one libusb context, made on first use. usb4java finds its JNI library with
 * {@code Loader.class.getResource}, which on the module path looks only inside usb4java's own module, while the
 * library ships in a jar (module) of its own; so when usb4java's loader cannot find it, it is found here through
 * the class loader, extracted and loaded, and usb4java's loader is told it is done.
 */
public final class LibUsbContext {
    private static final String LIBRARY = "/org/usb4java/linux-x86-64/libusb4java.so";
    private static Context context;
    private static UsbRedirException failure;

    private LibUsbContext() {
    }

    /**
     * @return the context
     * @throws UsbRedirException ({@link UsbRedirException.Reason#USB_LIBRARY}) if libusb cannot be loaded or started
     */
    public static synchronized Context get() throws UsbRedirException {
        if (context != null) {
            return context;
        }
        if (failure != null) {
            throw failure;
        }
        try {
            load();
            Context made = new Context();
            int result = LibUsb.init(made);
            if (result != LibUsb.SUCCESS) {
                throw new UsbRedirException(UsbRedirException.Reason.USB_LIBRARY, "libusb does not start: "
                        + LibUsb.strError(result));
            }
            context = made;
            return context;
        } catch (UsbRedirException e) {
            failure = e;
            throw e;
        } catch (LinkageError e) {
            failure = new UsbRedirException(UsbRedirException.Reason.USB_LIBRARY, "usb4java's native library "
                    + "does not load: " + e.getMessage(), e);
            throw failure;
        }
    }

    // Loading usb4java's JNI library is what this is for.
    @SuppressWarnings("restricted")
    private static void load() throws UsbRedirException {
        try {
            Loader.load();
            return;
        } catch (LoaderException e) {
            // On the module path: found below through the class loader instead.
        }
        String arch = System.getProperty("os.arch");
        if (!"amd64".equals(arch) && !"x86_64".equals(arch)) {
            throw new UsbRedirException(UsbRedirException.Reason.USB_LIBRARY, "host USB devices need usb4java's "
                    + "native library for linux-x86-64; this is " + System.getProperty("os.name") + " " + arch);
        }
        try (InputStream in = LibUsbContext.class.getClassLoader().getResourceAsStream(LIBRARY.substring(1))) {
            if (in == null) {
                throw new UsbRedirException(UsbRedirException.Reason.USB_LIBRARY, "usb4java's native library "
                        + LIBRARY + " is not installed (org.usb4java:libusb4java:linux-x86-64)");
            }
            Path file = Files.createTempFile("saffron-libusb4java", ".so");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            System.load(file.toString());
            Field loaded = Loader.class.getDeclaredField("loaded");
            loaded.setAccessible(true);
            loaded.setBoolean(null, true);
        } catch (IOException | ReflectiveOperationException | RuntimeException e) {
            throw new UsbRedirException(UsbRedirException.Reason.USB_LIBRARY, "usb4java's native library does not "
                    + "load: " + e.getMessage(), e);
        }
    }
}
