package dev.saffron.usbredir;

/**
 * A USB device the guest can be given: a host device (through libusb) or an emulated one. The redirection calls
 * it from one thread at a time per device, in the order the guest's requests arrive, and may block in it; the
 * only concurrent call is {@link #interrupt} from a receiving thread for interrupt-IN endpoints. Bad requests
 * from the guest are answered with a failure status, never an exception.
 */
public interface UsbDevice extends AutoCloseable {
    /** @return what the guest is told at plug-in */
    UsbDeviceInfo info();

    /**
     * A control transfer on endpoint 0 (the standard requests the redirection does not turn into usbredir packets
     * of their own, and class and vendor requests).
     *
     * @param out the OUT data stage (empty for IN requests)
     * @return the IN data stage, at most {@code setup.length()} bytes
     */
    UsbTransfer control(UsbSetup setup, byte[] out);

    /**
     * A bulk transfer.
     *
     * @param out      the data of an OUT transfer (empty for IN)
     * @param inLength the most bytes an IN transfer reads (0 for OUT)
     */
    UsbTransfer bulk(int endpoint, byte[] out, int inLength);

    /**
     * An interrupt transfer: OUT as the guest sends it, IN as the redirection polls for it while the guest
     * receives; an IN poll that finds nothing within a short while returns {@link UsbStatus#TIMEOUT}.
     */
    UsbTransfer interrupt(int endpoint, byte[] out, int inLength);

    /** Selects a configuration (SET_CONFIGURATION). */
    UsbStatus setConfiguration(int configuration);

    /** @return the active configuration value (GET_CONFIGURATION), 0 when unconfigured */
    int configuration();

    /** Selects an alternate setting of an interface (SET_INTERFACE). */
    UsbStatus setAltSetting(int interfaceNumber, int altSetting);

    /** @return an interface's alternate setting (GET_INTERFACE), or -1 if it has no such interface */
    int altSetting(int interfaceNumber);

    /** Resets the device (a USB port reset), keeping it plugged in. */
    void reset();

    /** Releases what the device holds (a file, a libusb handle); the redirection never calls it. */
    @Override
    void close();
}
