package dev.saffron.usbredir;

import java.util.Objects;

/**
 * What a device answered to a transfer: a status and, for an IN transfer, the bytes read (empty for OUT and for
 * failures). The array is the transfer's own.
 */
public record UsbTransfer(UsbStatus status, byte[] data) {
    private static final byte[] NONE = new byte[0];

    public UsbTransfer {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(data, "data");
    }

    public static UsbTransfer of(byte[] data) {
        return new UsbTransfer(UsbStatus.SUCCESS, data);
    }

    public static UsbTransfer done() {
        return new UsbTransfer(UsbStatus.SUCCESS, NONE);
    }

    public static UsbTransfer failed(UsbStatus status) {
        return new UsbTransfer(status, NONE);
    }
}
