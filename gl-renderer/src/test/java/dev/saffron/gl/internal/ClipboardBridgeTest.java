package dev.saffron.gl.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClipboardBridgeTest {
    private final FakeHost host = new FakeHost();
    private final FakeGuest guest = new FakeGuest();
    private final ClipboardBridge bridge = new ClipboardBridge(host, guest);

    private static final class FakeHost implements ClipboardBridge.Host {
        String text;
        int sets;

        @Override
        public String text() {
            return text;
        }

        @Override
        public void setText(String newText) {
            text = newText;
            sets++;
        }
    }

    private static final class FakeGuest implements ClipboardBridge.Guest {
        boolean ready = true;
        boolean crlf;
        int max = -1;
        int grabs;
        int requests;
        final List<String> answers = new ArrayList<>();

        @Override
        public boolean ready() {
            return ready;
        }

        @Override
        public boolean crlfLines() {
            return crlf;
        }

        @Override
        public int maxBytes() {
            return max;
        }

        @Override
        public void grab() {
            grabs++;
        }

        @Override
        public void request() {
            requests++;
        }

        @Override
        public void answer(byte[] utf8) {
            answers.add(new String(utf8, StandardCharsets.UTF_8));
        }
    }

    @Test
    void newHostTextIsOfferedOnceAndGivenWhenAsked() {
        host.text = "one";
        bridge.hostMayHaveChanged();
        bridge.hostMayHaveChanged();
        assertEquals(1, guest.grabs);
        host.text = "one, edited";
        bridge.hostMayHaveChanged();
        assertEquals(2, guest.grabs);
        bridge.guestRequested();
        assertEquals(List.of("one, edited"), guest.answers, "the text as the host has it when asked");
    }

    @Test
    void nothingIsOfferedWithoutAnAgentOrWithoutText() {
        guest.ready = false;
        host.text = "one";
        bridge.hostMayHaveChanged();
        host.text = null;
        guest.ready = true;
        bridge.hostMayHaveChanged();
        host.text = "";
        bridge.hostMayHaveChanged();
        assertEquals(0, guest.grabs);
    }

    @Test
    void theGuestsTextBecomesTheHostsAndIsNotOfferedBack() {
        bridge.guestGrabbed(true);
        assertEquals(1, guest.requests);
        bridge.guestText("from the guest".getBytes(StandardCharsets.UTF_8));
        assertEquals("from the guest", host.text);
        bridge.hostMayHaveChanged();
        assertEquals(0, guest.grabs, "the guest's own text goes not back to it");
    }

    @Test
    void aGuestGrabWithoutTextIsNotFetched() {
        bridge.guestGrabbed(false);
        assertEquals(0, guest.requests);
    }

    @Test
    void afterTheGuestGrabsARequestGetsNothing() {
        host.text = "old";
        bridge.hostMayHaveChanged();
        bridge.guestGrabbed(false);
        bridge.guestRequested();
        assertEquals(List.of(""), guest.answers);
    }

    @Test
    void aWindowsGuestGetsAndGivesCrLfLines() {
        guest.crlf = true;
        host.text = "a\nb";
        bridge.hostMayHaveChanged();
        bridge.guestRequested();
        assertEquals(List.of("a\r\nb"), guest.answers);
        bridge.guestText("c\r\nd\0".getBytes(StandardCharsets.UTF_8));
        assertEquals("c\nd", host.text);
    }

    @Test
    void textOverTheLimitIsNotOffered() {
        guest.max = 4;
        host.text = "four";
        bridge.hostMayHaveChanged();
        assertEquals(0, guest.grabs);
        host.text = "abc";
        bridge.hostMayHaveChanged();
        assertEquals(1, guest.grabs);
    }

    @Test
    void aNewAgentIsOfferedWhatTheHostHas() {
        host.text = "kept";
        bridge.hostMayHaveChanged();
        bridge.agentChanged();
        bridge.hostMayHaveChanged();
        assertEquals(2, guest.grabs);
    }
}
