package dev.saffron.spice.internal.link;

/**
 * A channel's first data message, which the link sends right behind the ticket instead of after the link
 * result. spice-server's display worker, on a new display client, looks for the client's INIT once and, when it
 * has not come yet, sleeps 10 ms before looking again; sent behind the ticket, the INIT is there the first time.
 *
 * @param type the message type
 * @param body the message body
 */
public record EarlyMessage(int type, byte[] body) {
    public EarlyMessage {
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
