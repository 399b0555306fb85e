package dev.saffron.spice.internal.channel;

/** Message numbers every channel shares (protocol reference §2.3). */
public final class BaseMessages {
    /** Server: migration starts. */
    public static final int MIGRATE = 1;
    /** Server: migration data for the destination. */
    public static final int MIGRATE_DATA = 2;
    /** Server: flow-control window. */
    public static final int SET_ACK = 3;
    /** Server: latency probe. */
    public static final int PING = 4;
    /** Server: wait for other channels to catch up. */
    public static final int WAIT_FOR_CHANNELS = 5;
    /** Server: the server is about to close this channel. */
    public static final int DISCONNECTING = 6;
    /** Server: a message for the user or log. */
    public static final int NOTIFY = 7;
    /** Server: a list of sub-messages (mini header only). */
    public static final int LIST = 8;

    /** MIGRATE flag: send MIGRATE_FLUSH_MARK to the source. */
    public static final long MIGRATE_NEED_FLUSH = 1;
    /** MIGRATE flag: a MIGRATE_DATA message follows, for the destination. */
    public static final long MIGRATE_NEED_DATA_TRANSFER = 2;

    /** Client: acknowledges SET_ACK's generation. */
    public static final int ACK_SYNC = 1;
    /** Client: one flow-control window was processed. */
    public static final int ACK = 2;
    /** Client: answer to PING. */
    public static final int PONG = 3;
    /** Client: everything sent to the source before the migration has been sent. */
    public static final int MIGRATE_FLUSH_MARK = 4;
    /** Client: the source's MIGRATE_DATA body, handed to the destination unchanged. */
    public static final int MIGRATE_DATA_CLIENT = 5;

    private BaseMessages() {
    }
}
