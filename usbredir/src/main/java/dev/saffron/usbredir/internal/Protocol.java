package dev.saffron.usbredir.internal;

/**
 * The usbredir protocol's numbers (usbredir's {@code usbredirproto.h}), declared once for the parser, the writer,
 * the host and the tests.
 */
public final class Protocol {
    public static final int HELLO = 0;
    public static final int DEVICE_CONNECT = 1;
    public static final int DEVICE_DISCONNECT = 2;
    public static final int RESET = 3;
    public static final int INTERFACE_INFO = 4;
    public static final int EP_INFO = 5;
    public static final int SET_CONFIGURATION = 6;
    public static final int GET_CONFIGURATION = 7;
    public static final int CONFIGURATION_STATUS = 8;
    public static final int SET_ALT_SETTING = 9;
    public static final int GET_ALT_SETTING = 10;
    public static final int ALT_SETTING_STATUS = 11;
    public static final int START_ISO_STREAM = 12;
    public static final int STOP_ISO_STREAM = 13;
    public static final int ISO_STREAM_STATUS = 14;
    public static final int START_INTERRUPT_RECEIVING = 15;
    public static final int STOP_INTERRUPT_RECEIVING = 16;
    public static final int INTERRUPT_RECEIVING_STATUS = 17;
    public static final int ALLOC_BULK_STREAMS = 18;
    public static final int FREE_BULK_STREAMS = 19;
    public static final int BULK_STREAMS_STATUS = 20;
    public static final int CANCEL_DATA_PACKET = 21;
    public static final int FILTER_REJECT = 22;
    public static final int FILTER_FILTER = 23;
    public static final int DEVICE_DISCONNECT_ACK = 24;
    public static final int START_BULK_RECEIVING = 25;
    public static final int STOP_BULK_RECEIVING = 26;
    public static final int BULK_RECEIVING_STATUS = 27;
    public static final int CONTROL_PACKET = 100;
    public static final int BULK_PACKET = 101;
    public static final int ISO_PACKET = 102;
    public static final int INTERRUPT_PACKET = 103;
    public static final int BUFFERED_BULK_PACKET = 104;

    public static final int CAP_BULK_STREAMS = 0;
    public static final int CAP_CONNECT_DEVICE_VERSION = 1;
    public static final int CAP_FILTER = 2;
    public static final int CAP_DEVICE_DISCONNECT_ACK = 3;
    public static final int CAP_EP_INFO_MAX_PACKET_SIZE = 4;
    public static final int CAP_64BITS_IDS = 5;
    public static final int CAP_32BITS_BULK_LENGTH = 6;
    public static final int CAP_BULK_RECEIVING = 7;

    /** The hello's version field: NUL-terminated text in 64 bytes. */
    public static final int VERSION_BYTES = 64;
    public static final int HEADER_BYTES_32BIT_IDS = 12;
    public static final int HEADER_BYTES_64BIT_IDS = 16;
    /** Endpoint arrays in ep_info: OUT endpoints 0-15, then IN endpoints 0-15. */
    public static final int ENDPOINT_SLOTS = 32;
    public static final int MAX_INTERFACES = 32;
    /**
     * The largest packet (after its header) this side takes: the biggest bulk transfer a Linux guest's storage
     * driver makes through QEMU's xHCI is 1 MiB (max_sectors 2048), so four times that leaves room without letting
     * a peer make the parser buffer an unbounded amount.
     */
    public static final int MAX_PACKET_BYTES = 4 * 1024 * 1024;
    /** The most capability words a hello carries that this side reads; more are ignored as unknown caps. */
    public static final int MAX_CAPABILITY_WORDS = 16;

    private Protocol() {
    }

    /** @return a packet type's name, for messages */
    public static String name(int type) {
        return switch (type) {
            case HELLO -> "hello";
            case DEVICE_CONNECT -> "device_connect";
            case DEVICE_DISCONNECT -> "device_disconnect";
            case RESET -> "reset";
            case INTERFACE_INFO -> "interface_info";
            case EP_INFO -> "ep_info";
            case SET_CONFIGURATION -> "set_configuration";
            case GET_CONFIGURATION -> "get_configuration";
            case CONFIGURATION_STATUS -> "configuration_status";
            case SET_ALT_SETTING -> "set_alt_setting";
            case GET_ALT_SETTING -> "get_alt_setting";
            case ALT_SETTING_STATUS -> "alt_setting_status";
            case START_ISO_STREAM -> "start_iso_stream";
            case STOP_ISO_STREAM -> "stop_iso_stream";
            case ISO_STREAM_STATUS -> "iso_stream_status";
            case START_INTERRUPT_RECEIVING -> "start_interrupt_receiving";
            case STOP_INTERRUPT_RECEIVING -> "stop_interrupt_receiving";
            case INTERRUPT_RECEIVING_STATUS -> "interrupt_receiving_status";
            case ALLOC_BULK_STREAMS -> "alloc_bulk_streams";
            case FREE_BULK_STREAMS -> "free_bulk_streams";
            case BULK_STREAMS_STATUS -> "bulk_streams_status";
            case CANCEL_DATA_PACKET -> "cancel_data_packet";
            case FILTER_REJECT -> "filter_reject";
            case FILTER_FILTER -> "filter_filter";
            case DEVICE_DISCONNECT_ACK -> "device_disconnect_ack";
            case START_BULK_RECEIVING -> "start_bulk_receiving";
            case STOP_BULK_RECEIVING -> "stop_bulk_receiving";
            case BULK_RECEIVING_STATUS -> "bulk_receiving_status";
            case CONTROL_PACKET -> "control_packet";
            case BULK_PACKET -> "bulk_packet";
            case ISO_PACKET -> "iso_packet";
            case INTERRUPT_PACKET -> "interrupt_packet";
            case BUFFERED_BULK_PACKET -> "buffered_bulk_packet";
            default -> "type " + Integer.toUnsignedString(type);
        };
    }

    /**
     * @return the length of a type's own header, or -1 for a type this side does not know; the optional fields
     *         count only when both sides announced their capability
     */
    public static int typeHeaderBytes(int type, Capabilities both) {
        return switch (type) {
            case HELLO -> VERSION_BYTES;
            case DEVICE_CONNECT -> both.has(CAP_CONNECT_DEVICE_VERSION) ? 10 : 8;
            case DEVICE_DISCONNECT, RESET, GET_CONFIGURATION, CANCEL_DATA_PACKET, FILTER_REJECT, FILTER_FILTER,
                    DEVICE_DISCONNECT_ACK -> 0;
            case INTERFACE_INFO -> 4 + 4 * MAX_INTERFACES;
            case EP_INFO -> 3 * ENDPOINT_SLOTS
                    + (both.has(CAP_EP_INFO_MAX_PACKET_SIZE) ? 2 * ENDPOINT_SLOTS : 0)
                    + (both.has(CAP_BULK_STREAMS) ? 4 * ENDPOINT_SLOTS : 0);
            case SET_CONFIGURATION, GET_ALT_SETTING, STOP_ISO_STREAM, START_INTERRUPT_RECEIVING,
                    STOP_INTERRUPT_RECEIVING -> 1;
            case CONFIGURATION_STATUS, SET_ALT_SETTING, ISO_STREAM_STATUS, INTERRUPT_RECEIVING_STATUS -> 2;
            case ALT_SETTING_STATUS, START_ISO_STREAM -> 3;
            case ALLOC_BULK_STREAMS -> 8;
            case FREE_BULK_STREAMS -> 4;
            case BULK_STREAMS_STATUS -> 9;
            case START_BULK_RECEIVING, CONTROL_PACKET, BUFFERED_BULK_PACKET -> 10;
            case STOP_BULK_RECEIVING -> 5;
            case BULK_RECEIVING_STATUS -> 6;
            case BULK_PACKET -> both.has(CAP_32BITS_BULK_LENGTH) ? 10 : 8;
            case ISO_PACKET, INTERRUPT_PACKET -> 4;
            default -> -1;
        };
    }

    /** @return whether a packet of this type may travel from the guest's device to the host (this client) */
    public static boolean sentByGuest(int type) {
        return switch (type) {
            case HELLO, RESET, SET_CONFIGURATION, GET_CONFIGURATION, SET_ALT_SETTING, GET_ALT_SETTING,
                    START_ISO_STREAM, STOP_ISO_STREAM, START_INTERRUPT_RECEIVING, STOP_INTERRUPT_RECEIVING,
                    ALLOC_BULK_STREAMS, FREE_BULK_STREAMS, CANCEL_DATA_PACKET, FILTER_REJECT, FILTER_FILTER,
                    DEVICE_DISCONNECT_ACK, START_BULK_RECEIVING, STOP_BULK_RECEIVING, CONTROL_PACKET, BULK_PACKET,
                    ISO_PACKET, INTERRUPT_PACKET -> true;
            default -> false;
        };
    }

    /** @return whether a packet of this type may travel from the host (this client) to the guest's device */
    public static boolean sentByHost(int type) {
        return switch (type) {
            case HELLO, DEVICE_CONNECT, DEVICE_DISCONNECT, INTERFACE_INFO, EP_INFO, CONFIGURATION_STATUS,
                    ALT_SETTING_STATUS, ISO_STREAM_STATUS, INTERRUPT_RECEIVING_STATUS, BULK_STREAMS_STATUS,
                    FILTER_FILTER, BULK_RECEIVING_STATUS, CONTROL_PACKET, BULK_PACKET, ISO_PACKET, INTERRUPT_PACKET,
                    BUFFERED_BULK_PACKET -> true;
            default -> false;
        };
    }
}
