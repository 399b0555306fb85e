package dev.saffron.spice;

import dev.saffron.spice.testing.GuestAgent;
import dev.saffron.spice.testing.GuestSession;
import dev.saffron.spice.testing.GuestVm;
import dev.saffron.spice.testing.PpmImage;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.ReferenceClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * XRender in the Linux test guest: with Saffron advertising COMPOSITE and A8_SURFACE, the qxl Xorg driver
 * (setting the modes itself: under kernel mode setting it never composites) hands translucent, masked, scaled
 * and repeating composites to spice-server as DRAW_COMPOSITE, and Saffron's rendering of them must equal
 * spice-server's own. The reference client cannot watch the same draws (one client at a time, and a client
 * joining later is sent the server's rendered surface, not the draws), so the comparison is of what Saffron
 * drew live against the surface spice-server rendered with spice-common's canvas and pixman, which
 * spicy-screenshot receives after the guest is frozen.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompositeGuestIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** How long the display must go without a draw to count as caught up with the guest. */
    private static final Duration QUIET = Duration.ofSeconds(2);
    /** One frame of the render workload alone holds over a hundred composites. */
    private static final long ENOUGH_COMPOSITES = 100;

    @AutoClose
    private GuestSession connection;
    private GuestVm guest;
    private SpiceSession session;
    private DisplayChannel display;

    /** Twenty minutes cover an image built from scratch on a slow mirror plus a boot under load. */
    @BeforeAll
    @Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void bootAndConnect() throws Exception {
        connection = GuestSession.start(QemuOptions.defaults(), GuestVm.ModeSetting.USER);
        guest = connection.guest();
        session = connection.session();
        display = connection.display();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void compositesMatchTheServersOwnRendering() throws Exception {
        long before = display.engine().compositesReceived();
        GuestAgent.ExecResult run = guest.agent().shell("saffron-workload render 6", Duration.ofSeconds(120));
        assertTrue(run.succeeded(), "saffron-workload render: " + run);
        // The workload's last frame stays on screen; everything the driver queued reaches Saffron first.
        connection.awaitQuiet(QUIET, WAIT);
        long composites = display.engine().compositesReceived() - before;
        if (composites < ENOUGH_COMPOSITES) {
            fail("DRAW_COMPOSITE messages during the workload: " + composites + "; the guest's X log ends:\n"
                    + guest.agent().shell("tail -n 40 /var/log/Xorg.0.log", Duration.ofSeconds(30)).stdout());
        }
        assertEquals(0, display.decodeErrors(), "decode errors");
        assertEquals(0, display.drawErrors(), "draws the canvas refused");

        guest.server().qmp().stop();
        connection.awaitQuiet(QUIET, WAIT);
        DisplaySurface surface = display.primarySurface().orElseThrow();
        int[] ours = surface.toArgb();
        int width = surface.width();
        int height = surface.height();
        session.disconnect();
        assertTrue(session.awaitClosed(WAIT));

        PpmImage reference = ReferenceClient.screenshot(guest.server());
        assertEquals(reference.width() + "x" + reference.height(), width + "x" + height);
        int differing = reference.differingPixels(ours, width);
        assertEquals(0, differing, "pixels differing from spicy-screenshot after " + composites
                + " composites (spicy is here, Saffron there: " + reference.firstDifference(ours, width) + ")");
    }
}
