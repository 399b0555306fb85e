package dev.saffron.viewer;

import dev.saffron.spice.ChannelEvent;
import dev.saffron.spice.PortChannel;
import dev.saffron.spice.PortChannelListener;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SessionListener;
import dev.saffron.spice.SpiceChannel;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.SpiceSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * {@code saffron port URI NAME}: joins a named port channel to standard input and output, so a script can
 * speak, for example, QMP through SPICE. After standard input ends, output keeps flowing until the port has
 * been quiet for the linger time, so the answers to the last commands are not lost.
 */
final class PortCommand {
    private static final int READ_CHUNK = 16 * 1024;

    private PortCommand() {
    }

    static void run(SessionConfig config, String portName, Duration linger, InputStream in, OutputStream out)
            throws SpiceException, InterruptedException {
        // A port needs neither sound nor USB devices: no audio or USB channels, which would cost connections
        // and decoding.
        SessionConfig lean = config.toBuilder().audioEnabled(false).usbredirEnabled(false).build();
        try (SpiceSession session = new SpiceSession(lean)) {
            AtomicLong lastData = new AtomicLong(System.nanoTime());
            Object ended = new Object();
            boolean[] closed = {false};
            IOException[] outputError = {null};
            PortChannelListener bridge = new PortChannelListener() {
                @Override
                public void portData(PortChannel channel, ByteBuffer data) {
                    if (!channel.portName().filter(portName::equals).isPresent()) {
                        return;
                    }
                    lastData.set(System.nanoTime());
                    try {
                        out.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
                        out.flush();
                    } catch (IOException e) {
                        outputError[0] = e;
                        channel.disconnect();
                    }
                }

                @Override
                public void portOpened(PortChannel channel, boolean opened) {
                    if (!opened && channel.portName().filter(portName::equals).isPresent()) {
                        channel.disconnect();
                    }
                }

                @Override
                public void channelEvent(SpiceChannel channel, ChannelEvent event, SpiceException error) {
                    if (event.isTerminal() && channel instanceof PortChannel port
                            && port.portName().filter(portName::equals).isPresent()) {
                        synchronized (ended) {
                            closed[0] = true;
                            ended.notifyAll();
                        }
                    }
                }
            };
            // Listening from each port's creation on: the guest side may speak first (QMP's greeting does).
            session.addListener(new SessionListener() {
                @Override
                public void channelNew(SpiceChannel channel) {
                    if (channel instanceof PortChannel port) {
                        port.addListener(bridge);
                    }
                }
            });
            session.connect();
            session.awaitChannels(config.connectTimeout());
            PortChannel port = session.portChannel(portName).orElseThrow(() -> new SpiceException(SpiceError.FAILED,
                    "the server offers no port named '" + portName + "'; it offers: " + offered(session)));
            copyInput(port, in);
            // The quiet period starts when input ends, however long connecting took.
            lastData.accumulateAndGet(System.nanoTime(), Math::max);
            waitForQuiet(lastData, linger, ended, closed);
            if (outputError[0] != null) {
                throw new SpiceException(SpiceError.IO, "cannot write output: " + outputError[0].getMessage(),
                        outputError[0]);
            }
        }
    }

    private static void copyInput(PortChannel port, InputStream in) throws SpiceException {
        byte[] buffer = new byte[READ_CHUNK];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (n == 0) {
                    continue;
                }
                port.write(ByteBuffer.wrap(buffer, 0, n)).get();
            }
        } catch (IOException e) {
            throw new SpiceException(SpiceError.IO, "cannot read input: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SpiceException spice ? spice
                    : new SpiceException(SpiceError.FAILED, "write failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpiceException(SpiceError.FAILED, "interrupted", e);
        }
    }

    private static void waitForQuiet(AtomicLong lastData, Duration linger, Object ended, boolean[] closed)
            throws InterruptedException {
        synchronized (ended) {
            while (!closed[0]) {
                long quietFor = System.nanoTime() - lastData.get();
                long left = linger.toNanos() - quietFor;
                if (left <= 0) {
                    return;
                }
                ended.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    private static String offered(SpiceSession session) {
        String names = session.channels().stream()
                .filter(c -> c instanceof PortChannel)
                .map(c -> ((PortChannel) c).portName().orElse("?"))
                .collect(Collectors.joining(", "));
        return names.isEmpty() ? "(none)" : names;
    }
}
