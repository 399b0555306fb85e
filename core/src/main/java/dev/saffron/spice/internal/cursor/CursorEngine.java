package dev.saffron.spice.internal.cursor;

import dev.saffron.spice.ChannelType;
import dev.saffron.spice.CursorShape;
import dev.saffron.spice.CursorType;
import dev.saffron.spice.internal.channel.ChannelEngine;
import dev.saffron.spice.internal.channel.ChannelHost;
import dev.saffron.spice.internal.wire.Capabilities;
import dev.saffron.spice.internal.wire.WireReader;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Optional;
import java.util.function.Consumer;

import static dev.saffron.spice.internal.protocol.CursorProtocol.*;

/**
 * The engine of a cursor channel (protocol reference §6): decodes the guest's pointer shapes, tracks their
 * position and visibility and tells its facade through {@link Events}.
 */
public final class CursorEngine extends ChannelEngine {
    /** What the engine tells its facade; each call is made on the session's event executor. */
    public interface Events {
        void cursorSet(CursorShape shape);

        void cursorMove(int x, int y);

        void cursorHide();

        void cursorReset();
    }

    private static final System.Logger LOG = System.getLogger(CursorEngine.class.getName());

    private final Events events;

    private final CursorCache cache = new CursorCache();
    private boolean initialized;
    private volatile CursorShape shape;
    private volatile boolean visible;

    public CursorEngine(ChannelHost host, int id, Events events) {
        super(host, ChannelType.CURSOR, id);
        this.events = events;
    }

    @Override
    public Capabilities clientCapabilities() {
        return Capabilities.none();
    }

    /** @return the last shape the guest set (spice-gtk's {@code cursor} property); empty before one or after a reset */
    public Optional<CursorShape> shape() {
        return Optional.ofNullable(shape);
    }

    /** @return whether the guest shows its cursor: it has a shape and has not hidden it */
    public boolean isVisible() {
        return visible;
    }

    @Override
    protected void handleMessage(int type, MemorySegment body) throws IOException {
        switch (type) {
            case MSG_INIT -> init(new WireReader(body, "cursor INIT"));
            case MSG_RESET -> {
                cache.clear();
                initialized = false;
                shape = null;
                visible = false;
                fireCursor(listener -> listener.cursorReset());
            }
            case MSG_SET -> {
                if (ignoredBeforeInit("SET")) {
                    return;
                }
                WireReader reader = new WireReader(body, "cursor SET");
                int x = reader.i16();
                int y = reader.i16();
                boolean shown = reader.u8() != 0;
                show(readCursor(reader), x, y, shown);
            }
            case MSG_MOVE -> {
                if (ignoredBeforeInit("MOVE")) {
                    return;
                }
                WireReader reader = new WireReader(body, "cursor MOVE");
                int x = reader.i16();
                int y = reader.i16();
                // A move shows a hidden cursor again: spice-server marks the cursor visible on every move.
                visible = shape != null;
                fireCursor(listener -> listener.cursorMove(x, y));
            }
            case MSG_HIDE -> {
                visible = false;
                fireCursor(listener -> listener.cursorHide());
            }
            case MSG_TRAIL -> {
                WireReader reader = new WireReader(body, "cursor TRAIL");
                int length = reader.u16();
                int frequency = reader.u16();
                // Pointer trails are a Windows XP effect that spice-gtk does not draw either.
                LOG.log(System.Logger.Level.DEBUG, "{0}: ignoring a pointer trail of {1} at {2}", name(), length,
                        frequency);
            }
            case MSG_INVAL_ONE -> {
                if (!ignoredBeforeInit("INVAL_ONE")) {
                    cache.remove(new WireReader(body, "cursor INVAL_ONE").u64());
                }
            }
            case MSG_INVAL_ALL -> cache.clear();
            default -> LOG.log(System.Logger.Level.DEBUG, "{0}: ignoring message {1}", name(), type);
        }
    }

    private void init(WireReader reader) throws IOException {
        int x = reader.i16();
        int y = reader.i16();
        reader.u16();
        reader.u16();
        boolean shown = reader.u8() != 0;
        cache.clear();
        initialized = true;
        show(readCursor(reader), x, y, shown);
    }

    private boolean ignoredBeforeInit(String message) {
        if (!initialized) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: ignoring {1} before INIT", name(), message);
        }
        return !initialized;
    }

    /** Publishes the state an INIT or SET describes: a shape (or none), where it is, and whether it shows. */
    private void show(CursorShape newShape, int x, int y, boolean shown) {
        if (newShape != null) {
            shape = newShape;
            fireCursor(listener -> listener.cursorSet(newShape));
        }
        visible = newShape != null && shown;
        fireCursor(listener -> listener.cursorMove(x, y));
        if (!visible) {
            fireCursor(listener -> listener.cursorHide());
        }
    }

    /** @return the cursor a Cursor structure describes, or null for none */
    private CursorShape readCursor(WireReader reader) throws IOException {
        int flags = reader.u16();
        if ((flags & FLAG_NONE) != 0) {
            return null;
        }
        long unique = reader.u64();
        int typeValue = reader.u8();
        int width = reader.u16();
        int height = reader.u16();
        int hotX = reader.u16();
        int hotY = reader.u16();
        if ((flags & FLAG_FROM_CACHE) != 0) {
            Optional<CursorShape> cached = cache.get(unique);
            if (cached.isEmpty()) {
                // spice-gtk hides the cursor too; the shape may have been evicted to respect the cache's bounds.
                LOG.log(System.Logger.Level.WARNING, "{0}: cursor {1} is not in the cache", name(),
                        Long.toUnsignedString(unique, 16));
            }
            return cached.orElse(null);
        }
        CursorType type = CursorType.fromWire(typeValue)
                .orElseThrow(() -> reader.malformed("unknown cursor type " + typeValue));
        int[] argb = CursorDecoder.decode(type, width, height, reader.rest(), name() + " cursor shape");
        // spice-gtk likewise pulls a hot spot beyond the shape back to its edge.
        CursorShape decoded = new CursorShape(type, width, height, Math.min(hotX, width), Math.min(hotY, height),
                argb);
        if ((flags & FLAG_CACHE_ME) != 0) {
            cache.put(unique, decoded);
        }
        return decoded;
    }

    private void fireCursor(Consumer<Events> action) {
        host.fire(() -> action.accept(events));
    }

    @Override
    public void channelEnded() {
        cache.clear();
    }

    /** A new server's cursor ids mean nothing to the old cache. */
    @Override
    protected void connectionReset() {
        cache.clear();
    }
}
