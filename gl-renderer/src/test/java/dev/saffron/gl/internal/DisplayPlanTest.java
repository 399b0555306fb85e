package dev.saffron.gl.internal;

import dev.saffron.spice.DisplayMonitor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DisplayPlanTest {
    private static final DisplayMonitor LEFT = new DisplayMonitor(0, 0, 0, 0, 1024, 768);
    private static final DisplayMonitor RIGHT = new DisplayMonitor(1, 0, 1024, 0, 640, 480);
    private static final DisplayMonitor RIGHT_OFF = new DisplayMonitor(1, 0, 0, 0, 0, 0);

    @Test
    void eachMonitorTheGuestTurnsOnGetsAWindowShowingItsPartOfTheSurface() {
        DisplayPlan plan = new DisplayPlan(0);
        plan.surface(0, true);
        assertEquals(Set.of(), plan.windows());
        assertEquals(new DisplayPlan.Shown(0, null, true), plan.shown(0), "no monitor list yet: the whole surface");
        plan.monitors(0, List.of(LEFT, RIGHT));
        assertEquals(Set.of(1), plan.windows());
        assertEquals(new DisplayPlan.Shown(0, LEFT, true), plan.shown(0));
        assertEquals(new DisplayPlan.Shown(0, RIGHT, true), plan.shown(1));
        plan.monitors(0, List.of(LEFT, RIGHT_OFF));
        assertEquals(Set.of(), plan.windows(), "the guest turned it off");
        assertEquals(new DisplayPlan.Shown(0, null, false), plan.shown(1));
    }

    @Test
    void otherDisplayChannelsAreDisplaysOfTheirNumberShowingTheirWholeSurface() {
        DisplayPlan plan = new DisplayPlan(0);
        plan.surface(0, true);
        plan.monitors(0, List.of(LEFT));
        plan.surface(2, true);
        plan.surface(1, true);
        assertEquals(Set.of(1, 2), plan.windows());
        assertEquals(new DisplayPlan.Shown(1, null, true), plan.shown(1));
        DisplayMonitor only = new DisplayMonitor(0, 0, 0, 0, 800, 600);
        plan.monitors(2, List.of(only));
        assertEquals(new DisplayPlan.Shown(2, only, true), plan.shown(2));
        plan.monitors(2, List.of(new DisplayMonitor(0, 0, 0, 0, 0, 0)));
        assertEquals(Set.of(1), plan.windows(), "a channel whose only monitor is off has no window");
        plan.surface(1, false);
        assertEquals(Set.of(), plan.windows());
    }

    @Test
    void theWindowsAskedForAreThereBeforeTheGuestTurnsTheirMonitorsOn() {
        DisplayPlan plan = new DisplayPlan(3);
        assertEquals(Set.of(1, 2), plan.windows());
        plan.surface(0, true);
        plan.monitors(0, List.of(LEFT));
        assertEquals(new DisplayPlan.Shown(0, null, false), plan.shown(2), "black until the guest turns it on");
        plan.monitors(0, List.of(LEFT, RIGHT));
        assertEquals(new DisplayPlan.Shown(0, RIGHT, true), plan.shown(1));
    }

    @Test
    void aClosedWindowStaysClosedUntilTheGuestTurnsItsDisplayOnAnew() {
        DisplayPlan plan = new DisplayPlan(2);
        plan.surface(0, true);
        plan.monitors(0, List.of(LEFT, RIGHT));
        assertEquals(Set.of(1), plan.windows());
        plan.closed(1);
        assertEquals(Set.of(), plan.windows(), "still on in the guest, but closed");
        plan.monitors(0, List.of(LEFT, RIGHT_OFF));
        assertEquals(Set.of(), plan.windows(), "the guest's answer does not reopen it, though it was asked for");
        plan.monitors(0, List.of(LEFT, RIGHT));
        assertEquals(Set.of(1), plan.windows(), "the guest turned it on again");
    }
}
