package dev.saffron.spice.internal.input;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Motion flow control without a socket: what leaves, and when. */
class PointerFlowControlTest {
    private record Sent(String kind, int a, int b, int buttons, int display) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private final PointerFlowControl flow = new PointerFlowControl(new PointerFlowControl.Sink() {
        @Override
        public void motion(int dx, int dy, int buttons) {
            sent.add(new Sent("motion", dx, dy, buttons, -1));
        }

        @Override
        public void position(int x, int y, int buttons, int display) {
            sent.add(new Sent("position", x, y, buttons, display));
        }
    });

    @Test
    void eightMotionsLeaveThenTheRestIsSummedUntilAnAcknowledgement() {
        for (int i = 1; i <= 20; i++) {
            flow.motion(i, -i, 1);
        }
        assertEquals(PointerFlowControl.WINDOW, sent.size());
        for (int i = 0; i < PointerFlowControl.WINDOW; i++) {
            assertEquals(new Sent("motion", i + 1, -(i + 1), 1, -1), sent.get(i));
        }
        flow.motion(0, 0, 4);
        assertEquals(PointerFlowControl.WINDOW, sent.size(), "a zero move is not a move");

        flow.acknowledged();
        int rest = 0;
        for (int i = PointerFlowControl.WINDOW + 1; i <= 20; i++) {
            rest += i;
        }
        assertEquals(List.of(new Sent("motion", rest, -rest, 1, -1)),
                sent.subList(PointerFlowControl.WINDOW, sent.size()), "one message carries everything held back");
    }

    @Test
    void aServerThatNeverAcknowledgesGetsEightMessagesAndTheClientHoldsOnlySums() {
        for (int i = 0; i < 1_000_000; i++) {
            flow.motion(Integer.MAX_VALUE, Integer.MIN_VALUE, 0);
            flow.position(i, i, 0, 0);
        }
        assertEquals(PointerFlowControl.WINDOW, sent.size());
        flow.acknowledged();
        assertEquals(new Sent("motion", Integer.MAX_VALUE, Integer.MIN_VALUE, 0, -1), sent.get(8),
                "sums saturate instead of wrapping");
        assertEquals(new Sent("position", 999_999, 999_999, 0, 0), sent.get(9), "only the latest position is kept");
        assertEquals(10, sent.size());
    }

    @Test
    void positionsAreHeldBackLikeMotion() {
        for (int i = 0; i < 12; i++) {
            flow.position(i * 10, i, 2, 0);
        }
        assertEquals(8, sent.size());
        assertEquals(new Sent("position", 70, 7, 0, 2), sent.get(7));
        flow.acknowledged();
        assertEquals(List.of(new Sent("position", 110, 11, 0, 2)), sent.subList(8, sent.size()));
        for (int i = 0; i < 5; i++) {
            flow.position(i, i, 0, 0);
        }
        assertEquals(12, sent.size(), "five outstanding after one acknowledgement: room for three more");
    }

    @Test
    void eachAcknowledgementOpensTheWindowByFour() {
        for (int i = 0; i < 8; i++) {
            flow.motion(1, 0, 0);
        }
        flow.acknowledged();
        for (int i = 0; i < 10; i++) {
            flow.motion(1, 0, 0);
        }
        assertEquals(12, sent.size(), "four more after one acknowledgement");
        flow.acknowledged();
        flow.acknowledged();
        assertEquals(13, sent.size(), "the remainder went out as one message");
        assertEquals(new Sent("motion", 6, 0, 0, -1), sent.get(12));
    }

    @Test
    void extraAcknowledgementsDoNotWidenTheWindow() {
        for (int i = 0; i < 5; i++) {
            flow.acknowledged();
        }
        for (int i = 0; i < 20; i++) {
            flow.motion(1, 1, 0);
        }
        assertEquals(PointerFlowControl.WINDOW, sent.size());
    }

    @Test
    void flushSendsWhatIsHeldBackEvenWithTheWindowFull() {
        for (int i = 0; i < 10; i++) {
            flow.motion(2, 3, 0);
        }
        flow.position(40, 50, 1, 0);
        assertEquals(8, sent.size());
        flow.flush(4);
        assertEquals(List.of(new Sent("motion", 4, 6, 4, -1), new Sent("position", 40, 50, 4, 1)),
                sent.subList(8, sent.size()));
        flow.flush(0);
        assertEquals(10, sent.size(), "nothing left to flush");
        for (int i = 0; i < 3; i++) {
            flow.motion(1, 1, 0);
        }
        assertEquals(10, sent.size(), "flushed messages count against the window");
        flow.acknowledged();
        assertEquals(new Sent("motion", 3, 3, 0, -1), sent.get(10));
    }

    @Test
    void aResetOpensTheWindowForANewServerAndDropsWhatWasHeldBack() {
        for (int i = 0; i < 20; i++) {
            flow.motion(1, 1, 0);
        }
        assertEquals(PointerFlowControl.WINDOW, sent.size());
        flow.reset();
        flow.acknowledged();
        assertEquals(PointerFlowControl.WINDOW, sent.size(), "the old server's held-back motion is gone");
        for (int i = 0; i < PointerFlowControl.WINDOW; i++) {
            flow.motion(2, 2, 0);
        }
        assertEquals(2 * PointerFlowControl.WINDOW, sent.size(), "a full window for the new server");
    }
}
