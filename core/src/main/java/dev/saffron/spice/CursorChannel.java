package dev.saffron.spice;

import dev.saffron.spice.internal.cursor.CursorCache;
import dev.saffron.spice.internal.cursor.CursorDecoder;
import dev.saffron.spice.internal.wire.Capabilities;
import dev.saffron.spice.internal.wire.WireReader;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The guest's pointer: its shape, position and visibility (protocol reference §6). Mirrors spice-gtk's
 * {@code SpiceCursorChannel}; shapes arrive decoded as {@link CursorShape}s. One cursor channel goes with each
 * display channel, with the same id.
 */
public final class CursorChannel extends SpiceChannel {
    static final int MSG_INIT = 101;
    static final int MSG_RESET = 102;
    static final int MSG_SET = 103;
    static final int MSG_MOVE = 104;
    static final int MSG_HIDE = 105;
    static final int MSG_TRAIL = 106;
    static final int MSG_INVAL_ONE = 107;
    static final int MSG_INVAL_ALL = 108;

    static final int FLAG_NONE = 1;
    static final int FLAG_CACHE_ME = 2;
    static final int FLAG_FROM_CACHE = 4;

    private static final System.Logger LOG = System.getLogger(CursorChannel.class.getName());

    private final CursorCache cache = new CursorCache();
    private boolean initialized;
    private volatile CursorShape shape;
    private volatile boolean visible;

    CursorChannel(SpiceSession session, int id) {
        super(session, ChannelType.CURSOR, id);
    }

    @Override
    Capabilities clientCapabilities() {
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
    void handleMessage(int type, MemorySegment body) throws IOException {
        switch (type) {
            case MSG_INIT -> init(new WireReader(body, "cursor INIT"));
            case MSG_RESET -> {
                cache.clear();
                initialized = false;
                shape = null;
                visible = false;
                fireCursor(listener -> listener.cursorReset(this));
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
                fireCursor(listener -> listener.cursorMove(this, x, y));
            }
            case MSG_HIDE -> {
                visible = false;
                fireCursor(listener -> listener.cursorHide(this));
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
            fireCursor(listener -> listener.cursorSet(this, newShape));
        }
        visible = newShape != null && shown;
        fireCursor(listener -> listener.cursorMove(this, x, y));
        if (!visible) {
            fireCursor(listener -> listener.cursorHide(this));
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

    private void fireCursor(Consumer<CursorChannelListener> action) {
        session.fire(() -> {
            for (ChannelListener listener : listeners()) {
                if (listener instanceof CursorChannelListener cursor) {
                    action.accept(cursor);
                }
            }
        });
    }

    @Override
    void channelEnded() {
        cache.clear();
    }
}
