package dev.saffron.usbredir.internal;

import dev.saffron.usbredir.EmulatedUsbDisk;
import dev.saffron.usbredir.UsbDevice;
import dev.saffron.usbredir.UsbDeviceInfo;
import dev.saffron.usbredir.UsbEndpointInfo;
import dev.saffron.usbredir.UsbInterfaceInfo;
import dev.saffron.usbredir.UsbSetup;
import dev.saffron.usbredir.UsbSpeed;
import dev.saffron.usbredir.UsbTransfer;
import dev.saffron.usbredir.UsbTransferType;
import dev.saffron.usbredir.UsbRedirException;
import dev.saffron.usbredir.UsbStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.saffron.usbredir.internal.Protocol.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The usbredir host with QEMU's side played by {@link GuestSide}: the hello exchange, plugging the emulated disk
 * in (ep_info, interface_info, device_connect), requests the way QEMU forwards the guest's, bad requests answered
 * with error statuses, and unplugging with the guest's acknowledgement.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SlotHostTest {
    @TempDir
    Path folder;
    private EmulatedUsbDisk disk;
    private GuestSide guest;

    @BeforeEach
    void openDisk() throws Exception {
        Path image = folder.resolve("disk.img");
        Files.write(image, new byte[1024 * 1024]);
        disk = EmulatedUsbDisk.open(image, false);
        guest = new GuestSide(GuestSide.QEMU);
    }

    @AfterEach
    void close() throws Exception {
        guest.shutdown();
        disk.close();
    }

    /** Plugs the disk in and checks what the guest is told of it. */
    private void plug() throws Exception {
        CompletableFuture<Void> plugged = guest.host.plug(disk);
        Packet epInfo = guest.next();
        assertEquals(EP_INFO, epInfo.type());
        assertEquals(2, epInfo.u8(SlotHost.endpointSlot(EmulatedUsbDisk.BULK_OUT)), "bulk OUT");
        assertEquals(2, epInfo.u8(SlotHost.endpointSlot(EmulatedUsbDisk.BULK_IN)), "bulk IN");
        assertEquals(255, epInfo.u8(3), "no endpoint 3");
        assertEquals(512, epInfo.u16(96 + 2 * SlotHost.endpointSlot(EmulatedUsbDisk.BULK_IN)));
        Packet interfaces = guest.next();
        assertEquals(INTERFACE_INFO, interfaces.type());
        assertEquals(1, interfaces.u32(0));
        assertEquals(0x08, interfaces.u8(4 + 32), "mass storage");
        assertEquals(0x06, interfaces.u8(4 + 64), "SCSI transparent");
        assertEquals(0x50, interfaces.u8(4 + 96), "bulk-only");
        Packet connect = guest.next();
        assertEquals(DEVICE_CONNECT, connect.type());
        assertEquals(2, connect.u8(0), "high speed");
        assertEquals(EmulatedUsbDisk.VENDOR_ID, connect.u16(4));
        assertEquals(EmulatedUsbDisk.PRODUCT_ID, connect.u16(6));
        assertEquals(0x0100, connect.u16(8));
        plugged.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aDevicePluggedBeforeTheGuestsHelloIsConnectedRightAfterIt() throws Exception {
        guest.host.opened();
        Packet hello = guest.next();
        assertEquals(HELLO, hello.type());
        assertEquals(SlotHost.VERSION, hello.version());
        CompletableFuture<Void> plugged = guest.host.plug(disk);
        assertTrue(guest.silentFor(200), "nothing about the device before the guest's hello");
        assertFalse(plugged.isDone());
        guest.send(PacketWriter.hello("qemu", GuestSide.QEMU));
        assertEquals(EP_INFO, guest.next().type());
        assertEquals(INTERFACE_INFO, guest.next().type());
        assertEquals(DEVICE_CONNECT, guest.next().type());
        plugged.get(5, TimeUnit.SECONDS);
    }

    @Test
    void theGuestEnumeratesTheDiskAndReadsItThroughBulkOnly() throws Exception {
        guest.connect();
        plug();
        Packet device = guest.control(1, 0x80, 6, 0x0100, 0, 64, new byte[0]);
        assertEquals(UsbStatus.SUCCESS.wireValue(), device.status());
        assertEquals(18, device.data().length);
        assertEquals(18, device.transferLength());
        assertEquals(1L, device.id());

        Packet config = guest.control(2, 0x80, 6, 0x0200, 0, 9, new byte[0]);
        assertEquals(9, config.data().length, "cut to wLength");
        assertEquals(32, config.data()[2], "wTotalLength");

        guest.send(SET_CONFIGURATION, 3, new byte[]{1}, new byte[0]);
        Packet status = guest.next();
        assertEquals(CONFIGURATION_STATUS, status.type());
        assertEquals(3, status.id());
        assertEquals(0, status.u8(0));
        assertEquals(1, status.u8(1));

        Packet maxLun = guest.control(4, 0xA1, 0xFE, 0, 0, 1, new byte[0]);
        assertArrayEquals(new byte[]{0}, maxLun.data());

        byte[] readCapacity = cbw(5, 8, true, new byte[]{0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        assertEquals(0, guest.bulk(6, EmulatedUsbDisk.BULK_OUT, readCapacity, 0).status());
        Packet capacity = guest.bulk(7, EmulatedUsbDisk.BULK_IN, new byte[0], 8);
        assertEquals(8, capacity.transferLength());
        assertEquals(2047, ByteBuffer.wrap(capacity.data()).getInt(), "the last block of 1 MiB");
        Packet csw = guest.bulk(8, EmulatedUsbDisk.BULK_IN, new byte[0], 13);
        assertEquals(0x53425355, ByteBuffer.wrap(csw.data()).order(ByteOrder.LITTLE_ENDIAN).getInt());
        assertEquals(0, csw.data()[12], "passed");
    }

    static byte[] cbw(int tag, int length, boolean in, byte[] cdb) {
        ByteBuffer out = ByteBuffer.allocate(31).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0x43425355).putInt(tag).putInt(length).put((byte) (in ? 0x80 : 0)).put((byte) 0)
                .put((byte) cdb.length).put(cdb);
        return out.array();
    }

    @Test
    void badRequestsGetErrorStatusesAndTheSlotGoesOn() throws Exception {
        guest.connect();
        plug();
        assertEquals(UsbStatus.STALL.wireValue(), guest.control(1, 0x80, 6, 0x0700, 0, 64, new byte[0]).status(),
                "a descriptor the device does not have");
        assertEquals(UsbStatus.STALL.wireValue(), guest.control(2, 0x80, 6, 0x0309, 0, 64, new byte[0]).status(),
                "a string the device does not have");
        Packet unknownEndpoint = guest.bulk(3, 0x85, new byte[0], 64);
        assertEquals(UsbStatus.INVALID.wireValue(), unknownEndpoint.status());
        assertEquals(0, unknownEndpoint.transferLength());
        Packet oversize = guest.bulk(4, EmulatedUsbDisk.BULK_IN, new byte[0], MAX_PACKET_BYTES + 1L);
        assertEquals(UsbStatus.INVALID.wireValue(), oversize.status());
        assertEquals(0, oversize.data().length);
        assertEquals(UsbStatus.STALL.wireValue(), guest.bulk(5, EmulatedUsbDisk.BULK_OUT, new byte[30], 0).status(),
                "a command block of the wrong size");
        guest.send(CANCEL_DATA_PACKET, 999, new byte[0], new byte[0]);
        guest.send(START_ISO_STREAM, 6, new byte[]{(byte) 0x83, 8, 4}, new byte[0]);
        Packet iso = guest.next();
        assertEquals(ISO_STREAM_STATUS, iso.type());
        assertEquals(UsbStatus.INVALID.wireValue(), iso.u8(0));
        guest.send(START_INTERRUPT_RECEIVING, 7, new byte[]{(byte) 0x81}, new byte[0]);
        assertEquals(UsbStatus.INVALID.wireValue(), guest.next().u8(0), "a bulk endpoint is not an interrupt one");
        guest.send(ALLOC_BULK_STREAMS, 8, new PacketWriter.Fields(8).u32(1 << 17).u32(16).build(), new byte[0]);
        Packet streams = guest.next();
        assertEquals(BULK_STREAMS_STATUS, streams.type());
        assertEquals(UsbStatus.INVALID.wireValue(), streams.u8(8));
        // A control packet whose OUT data is shorter than it says: answered, not trusted.
        guest.send(guest.writer().packet(CONTROL_PACKET, 9,
                new PacketWriter.Fields(10).u8(0).u8(9).u8(0).u8(0).u16(1).u16(0).u16(4).build(), new byte[2]));
        Packet refused = guest.next();
        assertEquals(9, refused.id());
        assertEquals(UsbStatus.INVALID.wireValue(), refused.status());
        assertEquals(1, guest.host.refusedPackets());
        assertEquals(UsbStatus.SUCCESS.wireValue(), guest.control(10, 0x80, 6, 0x0100, 0, 18, new byte[0]).status(),
                "the device still answers");
        assertFalse(guest.closedByHost);
    }

    @Test
    void unplugWaitsForTheGuestsAckBeforeTheNextDevice() throws Exception {
        guest.connect();
        plug();
        CompletableFuture<Void> unplugged = guest.host.unplug();
        assertEquals(DEVICE_DISCONNECT, guest.next().type());
        assertTrue(guest.host.isFree());
        CompletableFuture<Void> again = guest.host.plug(disk);
        assertTrue(guest.silentFor(200), "the next device waits for the ack");
        assertFalse(unplugged.isDone());
        guest.send(DEVICE_DISCONNECT_ACK, 0, new byte[0], new byte[0]);
        unplugged.get(5, TimeUnit.SECONDS);
        assertEquals(EP_INFO, guest.next().type());
        assertEquals(INTERFACE_INFO, guest.next().type());
        assertEquals(DEVICE_CONNECT, guest.next().type());
        again.get(5, TimeUnit.SECONDS);
        assertEquals(1, guest.gone().size());
    }

    @Test
    void aSecondDeviceOnATakenSlotIsRefused() throws Exception {
        guest.connect();
        plug();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> guest.host.plug(disk).get(5, TimeUnit.SECONDS));
        UsbRedirException cause = assertInstanceOf(UsbRedirException.class, e.getCause());
        assertEquals(UsbRedirException.Reason.NO_FREE_CHANNEL, cause.reason());
    }

    @Test
    void theGuestsFilterRefusesADeviceAndItsRejectUnplugsOne() throws Exception {
        guest.connect();
        guest.send(FILTER_FILTER, 0, new byte[0], "0x08,-1,-1,-1,0|-1,-1,-1,-1,1\0".getBytes());
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> guest.host.plug(disk).get(5, TimeUnit.SECONDS));
        assertEquals(UsbRedirException.Reason.REFUSED,
                assertInstanceOf(UsbRedirException.class, e.getCause()).reason());
        assertTrue(guest.host.isFree());

        guest.send(FILTER_FILTER, 0, new byte[0], "-1,-1,-1,-1,1\0".getBytes());
        plug();
        guest.send(FILTER_REJECT, 0, new byte[0], new byte[0]);
        assertEquals(DEVICE_DISCONNECT, guest.next().type());
        assertTrue(guest.host.isFree());
        assertTrue(guest.gone().getFirst().contains("the guest refused"), guest.gone().toString());
    }

    /** A keyboard-like device: one interrupt-IN endpoint that has a report every few milliseconds. */
    private static final class ReportingDevice implements UsbDevice {
        final AtomicInteger reports = new AtomicInteger();

        @Override
        public UsbDeviceInfo info() {
            return new UsbDeviceInfo(UsbSpeed.FULL, 0, 0, 0, 0x1234, 0x5678,
                    0x0100, List.of(new UsbInterfaceInfo(0, 3, 1, 1)),
                    List.of(new UsbEndpointInfo(0x83,
                            UsbTransferType.INTERRUPT, 10, 8, 0)), "test keyboard");
        }

        @Override
        public UsbTransfer control(UsbSetup setup, byte[] out) {
            return UsbTransfer.failed(UsbStatus.STALL);
        }

        @Override
        public UsbTransfer bulk(int endpoint, byte[] out, int inLength) {
            return UsbTransfer.failed(UsbStatus.INVALID);
        }

        @Override
        public UsbTransfer interrupt(int endpoint, byte[] out, int inLength) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return UsbTransfer.failed(UsbStatus.CANCELLED);
            }
            int report = reports.incrementAndGet();
            return UsbTransfer.of(new byte[]{0, 0, (byte) report, 0, 0, 0, 0, 0});
        }

        @Override
        public UsbStatus setConfiguration(int configuration) {
            return UsbStatus.SUCCESS;
        }

        @Override
        public int configuration() {
            return 1;
        }

        @Override
        public UsbStatus setAltSetting(int interfaceNumber, int altSetting) {
            return UsbStatus.SUCCESS;
        }

        @Override
        public int altSetting(int interfaceNumber) {
            return 0;
        }

        @Override
        public void reset() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void interruptReportsFlowWhileTheGuestReceivesAndStopWhenItStops() throws Exception {
        guest.connect();
        ReportingDevice keyboard = new ReportingDevice();
        CompletableFuture<Void> plugged = guest.host.plug(keyboard);
        Packet epInfo = guest.next();
        assertEquals(3, epInfo.u8(SlotHost.endpointSlot(0x83)), "interrupt IN");
        guest.next();
        guest.next();
        plugged.get(5, TimeUnit.SECONDS);
        guest.send(START_INTERRUPT_RECEIVING, 40, new byte[]{(byte) 0x83}, new byte[0]);
        Packet started = guest.next();
        assertEquals(INTERRUPT_RECEIVING_STATUS, started.type());
        assertEquals(40, started.id());
        assertEquals(UsbStatus.SUCCESS.wireValue(), started.u8(0));
        long lastId = -1;
        for (int i = 0; i < 5; i++) {
            Packet report = guest.next();
            assertEquals(INTERRUPT_PACKET, report.type());
            assertEquals(0x83, report.endpoint());
            assertEquals(8, report.data().length);
            assertTrue(report.id() > lastId, "unsolicited ids count up");
            lastId = report.id();
        }
        guest.send(STOP_INTERRUPT_RECEIVING, 41, new byte[]{(byte) 0x83}, new byte[0]);
        Packet stopped;
        do {
            stopped = guest.next();
        } while (stopped.type() == INTERRUPT_PACKET);
        assertEquals(INTERRUPT_RECEIVING_STATUS, stopped.type());
        assertEquals(41, stopped.id());
        Thread.sleep(100);
        guest.drainWritten();
        int after = keyboard.reports.get();
        assertTrue(guest.silentFor(200), "no reports after the guest stopped receiving");
        assertTrue(keyboard.reports.get() <= after + 1, "the device is no longer polled");
        guest.host.unplug();
        assertEquals(DEVICE_DISCONNECT, guest.next().type());
    }

    @Test
    void aNewStreamStartsOverAndPlugsTheDeviceInAgainWithoutTheOldGuestsWork() throws Exception {
        guest.connect();
        ReportingDevice keyboard = new ReportingDevice();
        CompletableFuture<Void> plugged = guest.host.plug(keyboard);
        assertEquals(EP_INFO, guest.next().type());
        assertEquals(INTERFACE_INFO, guest.next().type());
        assertEquals(DEVICE_CONNECT, guest.next().type());
        plugged.get(5, TimeUnit.SECONDS);
        guest.send(START_INTERRUPT_RECEIVING, 40, new byte[]{(byte) 0x83}, new byte[0]);
        assertEquals(INTERRUPT_RECEIVING_STATUS, guest.next().type());
        assertEquals(INTERRUPT_PACKET, guest.next().type(), "reports flow to the old guest");

        guest.relink();
        int reportsBefore = keyboard.reports.get();
        Packet hello = guest.connect();
        assertEquals(SlotHost.VERSION, hello.version(), "the new guest hears the hello first");
        Packet epInfo = guest.next();
        assertEquals(EP_INFO, epInfo.type(), "the device is connected again after the new guest's hello");
        assertEquals(3, epInfo.u8(SlotHost.endpointSlot(0x83)));
        assertEquals(INTERFACE_INFO, guest.next().type());
        assertEquals(DEVICE_CONNECT, guest.next().type());
        assertTrue(guest.silentFor(200), "the old guest's interrupt receiving does not go on");
        assertTrue(keyboard.reports.get() <= reportsBefore + 2, "the device is no longer polled for the old guest");
        assertEquals(List.of(), guest.gone(), "the redirection went on");
        assertFalse(guest.host.isFree());

        guest.send(GET_CONFIGURATION, 41, new byte[0], new byte[0]);
        Packet configuration = guest.next();
        assertEquals(CONFIGURATION_STATUS, configuration.type());
        assertEquals(41, configuration.id());
        assertEquals(UsbStatus.SUCCESS.wireValue(), configuration.u8(0), "the new guest talks to the device");
        guest.host.unplug();
        assertEquals(DEVICE_DISCONNECT, guest.next().type());
    }

    @Test
    void aPacketBeyondTheLimitClosesTheStream() throws Exception {
        guest.connect();
        guest.send(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(BULK_PACKET).putInt(-1)
                .putLong(1).array());
        assertTrue(guest.silentFor(300));
        assertTrue(guest.closedByHost);
    }
}
