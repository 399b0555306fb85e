package dev.saffron.gl.internal;

import dev.saffron.spice.KeyLock;
import dev.saffron.spice.MouseButton;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** A guest that writes down what the window sends it, one line per call. */
final class RecordingInputs implements GuestInputs {
    final List<String> sent = new ArrayList<>();
    Set<KeyLock> locks = EnumSet.noneOf(KeyLock.class);

    @Override
    public void keyPress(int scancode) {
        sent.add("press " + Integer.toHexString(scancode));
    }

    @Override
    public void keyRelease(int scancode) {
        sent.add("release " + Integer.toHexString(scancode));
    }

    @Override
    public Set<KeyLock> keyLocks() {
        return locks;
    }

    @Override
    public void setKeyLocks(Set<KeyLock> newLocks) {
        locks = EnumSet.copyOf(newLocks.isEmpty() ? EnumSet.noneOf(KeyLock.class) : newLocks);
        sent.add("locks " + newLocks);
    }

    @Override
    public void position(int x, int y, int display, Set<MouseButton> held) {
        sent.add("position " + x + "," + y + " display " + display + " held " + held);
    }

    @Override
    public void motion(int dx, int dy, Set<MouseButton> held) {
        sent.add("motion " + dx + "," + dy + " held " + held);
    }

    @Override
    public void buttonPress(MouseButton button, Set<MouseButton> held) {
        sent.add("down " + button + " held " + held);
    }

    @Override
    public void buttonRelease(MouseButton button, Set<MouseButton> held) {
        sent.add("up " + button + " held " + held);
    }

    /** @return what was sent since the last call */
    List<String> take() {
        List<String> taken = List.copyOf(sent);
        sent.clear();
        return taken;
    }
}
