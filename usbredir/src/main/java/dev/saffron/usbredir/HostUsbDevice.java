package dev.saffron.usbredir;

import org.usb4java.Device;
import org.usb4java.DeviceHandle;
import org.usb4java.LibUsb;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A host USB device opened for redirection through libusb: its interfaces are claimed (kernel drivers detached
 * first, and re-attached by {@link #close()}), and the guest's transfers go to it synchronously. Made by
 * {@link HostUsbDevices#open}.
 */
public final class HostUsbDevice implements UsbDevice {
    private static final System.Logger LOG = System.getLogger(HostUsbDevice.class.getName());
    private static final long CONTROL_TIMEOUT_MS = 5_000;
    private static final long BULK_TIMEOUT_MS = 10_000;
    /** How long an interrupt-IN poll waits before it says "nothing yet", so stopping it is never slow. */
    private static final long INTERRUPT_POLL_MS = 500;

    private final HostUsbDescription description;
    private final DeviceHandle handle;
    private final List<Integer> claimed = new ArrayList<>();
    private final List<Integer> detached = new ArrayList<>();
    private final Map<Integer, Integer> altSettings = new HashMap<>();
    private boolean closed;

    private HostUsbDevice(HostUsbDescription description, DeviceHandle handle) {
        this.description = description;
        this.handle = handle;
    }

    static HostUsbDevice open(Device device, HostUsbDescription description) throws UsbRedirException {
        DeviceHandle handle = new DeviceHandle();
        int result = LibUsb.open(device, handle);
        if (result != LibUsb.SUCCESS) {
            throw failure(description, "open", result);
        }
        HostUsbDevice opened = new HostUsbDevice(description, handle);
        try {
            for (UsbInterfaceInfo each : description.info().interfaces()) {
                opened.claim(each.number());
            }
        } catch (UsbRedirException e) {
            opened.close();
            throw e;
        }
        return opened;
    }

    private void claim(int number) throws UsbRedirException {
        int active = LibUsb.kernelDriverActive(handle, number);
        if (active == 1) {
            int result = LibUsb.detachKernelDriver(handle, number);
            if (result != LibUsb.SUCCESS) {
                throw failure(description, "detach the kernel driver of interface " + number + " of", result);
            }
            detached.add(number);
        }
        int result = LibUsb.claimInterface(handle, number);
        if (result != LibUsb.SUCCESS) {
            throw failure(description, "claim interface " + number + " of", result);
        }
        claimed.add(number);
        altSettings.put(number, 0);
    }

    static UsbRedirException failure(HostUsbDescription description, String action, int code) {
        String device = description.info().description();
        return switch (code) {
            case LibUsb.ERROR_ACCESS -> new UsbRedirException(UsbRedirException.Reason.NO_PERMISSION, "no permission "
                    + "to " + action + " " + device + ": give your user access to /dev/bus/usb/"
                    + String.format("%03d/%03d", description.bus(), description.address()) + " (a udev rule such as "
                    + "SUBSYSTEM==\"usb\", ATTR{idVendor}==\"" + String.format("%04x", description.info().vendorId())
                    + "\", MODE=\"0660\", GROUP=\"plugdev\")");
            case LibUsb.ERROR_BUSY -> new UsbRedirException(UsbRedirException.Reason.BUSY, "cannot " + action + " "
                    + device + ": another program or driver holds it; close that program (or unmount the device) "
                    + "and try again");
            case LibUsb.ERROR_NO_DEVICE, LibUsb.ERROR_NOT_FOUND -> new UsbRedirException(
                    UsbRedirException.Reason.NO_SUCH_DEVICE, "cannot " + action + " " + device + ": it was unplugged");
            default -> new UsbRedirException(UsbRedirException.Reason.USB_LIBRARY, "cannot " + action + " " + device
                    + ": " + LibUsb.strError(code));
        };
    }

    public HostUsbDescription description() {
        return description;
    }

    @Override
    public UsbDeviceInfo info() {
        return description.info();
    }

    @Override
    public UsbTransfer control(UsbSetup setup, byte[] out) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(Math.max(setup.length(), 1));
        if (!setup.isIn()) {
            buffer.put(out, 0, Math.min(out.length, setup.length())).flip();
        } else {
            buffer.limit(setup.length());
        }
        int result = LibUsb.controlTransfer(handle, (byte) setup.requestType(), (byte) setup.request(),
                (short) setup.value(), (short) setup.index(), buffer, CONTROL_TIMEOUT_MS);
        if (result < 0) {
            return UsbTransfer.failed(status(result));
        }
        return setup.isIn() ? UsbTransfer.of(read(buffer, result)) : UsbTransfer.done();
    }

    @Override
    public UsbTransfer bulk(int endpoint, byte[] out, int inLength) {
        return transfer(endpoint, out, inLength, BULK_TIMEOUT_MS, false);
    }

    @Override
    public UsbTransfer interrupt(int endpoint, byte[] out, int inLength) {
        return transfer(endpoint, out, inLength, (endpoint & 0x80) != 0 ? INTERRUPT_POLL_MS : BULK_TIMEOUT_MS, true);
    }

    private UsbTransfer transfer(int endpoint, byte[] out, int inLength, long timeout, boolean interrupt) {
        boolean in = (endpoint & 0x80) != 0;
        ByteBuffer buffer = ByteBuffer.allocateDirect(Math.max(1, in ? inLength : out.length));
        if (in) {
            buffer.limit(inLength);
        } else {
            buffer.put(out).flip();
        }
        IntBuffer transferred = ByteBuffer.allocateDirect(4).order(java.nio.ByteOrder.nativeOrder()).asIntBuffer();
        int result = interrupt
                ? LibUsb.interruptTransfer(handle, (byte) endpoint, buffer, transferred, timeout)
                : LibUsb.bulkTransfer(handle, (byte) endpoint, buffer, transferred, timeout);
        if (result < 0) {
            return UsbTransfer.failed(status(result));
        }
        return in ? UsbTransfer.of(read(buffer, transferred.get(0))) : UsbTransfer.done();
    }

    private static byte[] read(ByteBuffer buffer, int count) {
        byte[] data = new byte[count];
        buffer.get(0, data);
        return data;
    }

    private static UsbStatus status(int code) {
        return switch (code) {
            case LibUsb.ERROR_TIMEOUT -> UsbStatus.TIMEOUT;
            case LibUsb.ERROR_PIPE -> UsbStatus.STALL;
            case LibUsb.ERROR_OVERFLOW -> UsbStatus.BABBLE;
            case LibUsb.ERROR_INTERRUPTED -> UsbStatus.CANCELLED;
            case LibUsb.ERROR_INVALID_PARAM, LibUsb.ERROR_NOT_SUPPORTED -> UsbStatus.INVALID;
            default -> UsbStatus.IO_ERROR;
        };
    }

    @Override
    public UsbStatus setConfiguration(int configuration) {
        if (configuration == configuration()) {
            return UsbStatus.SUCCESS;
        }
        for (int number : claimed) {
            LibUsb.releaseInterface(handle, number);
        }
        int result = LibUsb.setConfiguration(handle, configuration);
        for (int number : claimed) {
            LibUsb.claimInterface(handle, number);
        }
        return result == LibUsb.SUCCESS ? UsbStatus.SUCCESS : status(result);
    }

    @Override
    public int configuration() {
        IntBuffer value = ByteBuffer.allocateDirect(4).order(java.nio.ByteOrder.nativeOrder()).asIntBuffer();
        return LibUsb.getConfiguration(handle, value) == LibUsb.SUCCESS ? value.get(0) : 0;
    }

    @Override
    public UsbStatus setAltSetting(int interfaceNumber, int altSetting) {
        int result = LibUsb.setInterfaceAltSetting(handle, interfaceNumber, altSetting);
        if (result == LibUsb.SUCCESS) {
            altSettings.put(interfaceNumber, altSetting);
            return UsbStatus.SUCCESS;
        }
        return status(result);
    }

    @Override
    public int altSetting(int interfaceNumber) {
        return altSettings.getOrDefault(interfaceNumber, -1);
    }

    @Override
    public void reset() {
        int result = LibUsb.resetDevice(handle);
        if (result != LibUsb.SUCCESS) {
            LOG.log(System.Logger.Level.WARNING, "resetting {0} failed: {1}", info().description(),
                    LibUsb.strError(result));
        }
    }

    /** Releases the interfaces, gives the kernel its drivers back and closes the device. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int number : claimed) {
            LibUsb.releaseInterface(handle, number);
        }
        for (int number : detached) {
            int result = LibUsb.attachKernelDriver(handle, number);
            if (result != LibUsb.SUCCESS && result != LibUsb.ERROR_NO_DEVICE) {
                LOG.log(System.Logger.Level.WARNING, "the kernel driver of interface {0} of {1} was not re-attached: {2}",
                        number, info().description(), LibUsb.strError(result));
            }
        }
        LibUsb.close(handle);
    }

    @Override
    public String toString() {
        return info().description();
    }
}
