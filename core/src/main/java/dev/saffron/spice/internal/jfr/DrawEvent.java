package dev.saffron.spice.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One draw message handled: parsing, decoding its images (each also an {@link ImageDecodedEvent}, nested in
 * it) and drawing on its surface.
 */
@Name("saffron.Draw")
@Label("Draw")
@Category({"Saffron", "Display"})
@Description("A draw message parsed, its images decoded and its pixels drawn on a surface")
@StackTrace(false)
public final class DrawEvent extends Event {
    private static final DrawEvent PROBE = new DrawEvent();

    @Label("Operation")
    @Description("The message: DRAW_COPY, DRAW_FILL, COPY_BITS, ...")
    private String operation;

    @Label("Surface")
    private int surface;

    @Label("Pixels")
    @Description("The draw's bounding box, in pixels")
    private long pixels;

    /** @return a started event when a recording wants it, otherwise null */
    static DrawEvent startIfEnabled() {
        if (!PROBE.isEnabled()) {
            return null;
        }
        DrawEvent event = new DrawEvent();
        event.begin();
        return event;
    }

    /** Ends and commits the event, if its duration passes the recording's threshold. */
    public void finish(String operation, int surface, long pixels) {
        end();
        if (shouldCommit()) {
            this.operation = operation;
            this.surface = surface;
            this.pixels = pixels;
            commit();
        }
    }
}
