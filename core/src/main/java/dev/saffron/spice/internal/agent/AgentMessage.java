package dev.saffron.spice.internal.agent;

import dev.saffron.spice.internal.wire.WireReader;

import java.lang.foreign.MemorySegment;

/**
 * One whole agent message from the guest, header taken off.
 *
 * @param type    the {@code VD_AGENT_*} message type
 * @param payload the message body; owned by the receiver, never shared
 */
public record AgentMessage(int type, byte[] payload) {
    /** @return a reader over the payload whose errors name the message type */
    public WireReader reader() {
        return new WireReader(MemorySegment.ofArray(payload), "agent " + VdAgent.typeName(type));
    }
}
