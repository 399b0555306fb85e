package dev.saffron.spice.testing;

import dev.saffron.spice.AgentCapability;
import dev.saffron.spice.ClipboardSelection;
import dev.saffron.spice.ClipboardType;
import dev.saffron.spice.MainChannel;
import dev.saffron.spice.MainChannelListener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Records a main channel's agent events so that tests can wait for them: blocking, time-limited helpers for
 * the clipboard round trips that the asynchronous API spreads over listener calls. Add it to the main
 * channel with {@link MainChannel#addListener}.
 */
public final class AgentEventRecorder implements MainChannelListener {
    /**
     * A grab the guest made.
     *
     * @param selection the selection
     * @param types     the types offered
     */
    public record Grab(ClipboardSelection selection, List<ClipboardType> types) {
    }

    /**
     * A request from the guest.
     *
     * @param selection the selection
     * @param type      the type wanted
     */
    public record Request(ClipboardSelection selection, ClipboardType type) {
    }

    /**
     * Clipboard data from the guest.
     *
     * @param selection the selection
     * @param type      the data's type
     * @param data      the bytes
     */
    public record Data(ClipboardSelection selection, ClipboardType type, byte[] data) {
    }

    private final BlockingQueue<Grab> grabs = new LinkedBlockingQueue<>();
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final BlockingQueue<ClipboardSelection> releases = new LinkedBlockingQueue<>();
    private final BlockingQueue<Data> data = new LinkedBlockingQueue<>();

    @Override
    public void clipboardGrabbed(MainChannel channel, ClipboardSelection selection, List<ClipboardType> types) {
        grabs.add(new Grab(selection, types));
    }

    @Override
    public void clipboardRequested(MainChannel channel, ClipboardSelection selection, ClipboardType type) {
        requests.add(new Request(selection, type));
    }

    @Override
    public void clipboardReleased(MainChannel channel, ClipboardSelection selection) {
        releases.add(selection);
    }

    @Override
    public void clipboardData(MainChannel channel, ClipboardSelection selection, ClipboardType type, byte[] bytes) {
        data.add(new Data(selection, type, bytes));
    }

    /** Waits until the agent is connected and announced {@code capability}. */
    public static void awaitCapability(MainChannel main, AgentCapability capability, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!main.agentHasCapability(capability)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the agent did not announce " + capability + " within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /** @return the next grab by the guest, waiting up to {@code timeout} */
    public Grab nextGrab(Duration timeout) throws InterruptedException, TimeoutException {
        return poll(grabs, timeout, "clipboard grab");
    }

    /** @return the next request from the guest, waiting up to {@code timeout} */
    public Request nextRequest(Duration timeout) throws InterruptedException, TimeoutException {
        return poll(requests, timeout, "clipboard request");
    }

    /** @return the next selection the guest released, waiting up to {@code timeout} */
    public ClipboardSelection nextRelease(Duration timeout) throws InterruptedException, TimeoutException {
        return poll(releases, timeout, "clipboard release");
    }

    /**
     * Asks the guest for a selection and waits for the data.
     *
     * @return the guest's clipboard contents
     */
    public byte[] request(MainChannel main, ClipboardSelection selection, ClipboardType type, Duration timeout)
            throws InterruptedException, TimeoutException, ExecutionException {
        main.clipboardRequest(selection, type).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Data answer = poll(data, timeout, "clipboard data");
        if (answer.selection() != selection || answer.type() != type) {
            throw new IllegalStateException("asked for " + selection + "/" + type + ", got "
                    + answer.selection() + "/" + answer.type());
        }
        return answer.data();
    }

    private static <T> T poll(BlockingQueue<T> queue, Duration timeout, String what)
            throws InterruptedException, TimeoutException {
        T value = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (value == null) {
            throw new TimeoutException("no " + what + " within " + timeout);
        }
        return value;
    }
}
