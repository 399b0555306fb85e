/*
 * The reference side of Saffron's live benchmark (scripts/bench-live): a headless spice-client-glib client
 * that measures a live SPICE session exactly as dev.saffron.bench.LiveCollector measures Saffron's, and
 * prints the same one-line JSON sample.
 *
 *   reference-collector HOST PORT WARMUPS_MS WINDOW_MS
 *
 * It opens the channels Saffron opens on a QEMU server (main, display, cursor, inputs). The first
 * invalidate of a primary surface ends "time to first frame" (counted from just before connecting). From
 * then on a 16 ms ticker publishes a frame whenever something was invalidated since the previous tick,
 * copying the union of the invalidated rectangles out of the surface, as a renderer would. Missed ticks are
 * skipped, not caught up. WARMUPS_MS is one warm-up or several, comma-separated (a warm-up sweep): after each,
 * a window of WINDOW_MS is measured (windows may overlap) and printed as one line: CPU time is the process's
 * utime + stime from /proc/self/stat, peak RSS is VmHWM from /proc/self/status at the window's end.
 */
#include <spice-client.h>

#include "process-cpu.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TICK_US 16000
#define FIRST_FRAME_TIMEOUT_S 60
#define MAX_WINDOWS 16

enum phase { CONNECTING, RUNNING };

/* The counters (counted from the first frame on), the clock and the CPU time at one moment. */
struct counters {
    gint64 us;
    double cpu_ms;
    guint64 frames;
    guint64 published_pixels;
    guint64 invalidates;
    guint64 invalidated_pixels;
};

static struct {
    GMainLoop *loop;
    enum phase phase;
    gint64 warmup_us[MAX_WINDOWS];
    int windows;
    int windows_left;
    gboolean window_started[MAX_WINDOWS];
    gboolean window_ended[MAX_WINDOWS];
    struct counters window_start[MAX_WINDOWS];
    gint64 window_us;
    gint64 connect_us;
    gint64 first_frame_us;
    gint64 next_tick_us;
    const guint8 *pixels;
    int width;
    int height;
    int stride;
    guint8 *copy;
    gboolean dirty;
    int dirty_left;
    int dirty_top;
    int dirty_right;
    int dirty_bottom;
    guint64 invalidates;
    guint64 invalidated_pixels;
    guint64 frames;
    guint64 published_pixels;
    int status;
} state;

static void fail(const char *message)
{
    fprintf(stderr, "reference-collector: %s\n", message);
    state.status = 1;
    g_main_loop_quit(state.loop);
}

static double cpu_ms(void)
{
    return process_cpu_ms("reference-collector");
}

static long peak_rss_kib(void)
{
    FILE *file = fopen("/proc/self/status", "r");
    char line[256];
    long kib = -1;
    if (file == NULL) {
        return -1;
    }
    while (fgets(line, sizeof line, file) != NULL) {
        if (sscanf(line, "VmHWM: %ld kB", &kib) == 1) {
            break;
        }
    }
    fclose(file);
    return kib;
}

static void publish(void)
{
    if (!state.dirty || state.pixels == NULL) {
        return;
    }
    int width = state.dirty_right - state.dirty_left;
    for (int y = state.dirty_top; y < state.dirty_bottom; y++) {
        size_t offset = (size_t) y * (size_t) state.stride + (size_t) state.dirty_left * 4;
        memcpy(state.copy + offset, state.pixels + offset, (size_t) width * 4);
    }
    state.frames++;
    state.published_pixels += (guint64) width * (guint64) (state.dirty_bottom - state.dirty_top);
    state.dirty = FALSE;
}

static struct counters counters(gint64 now)
{
    struct counters c = { now, cpu_ms(), state.frames, state.published_pixels, state.invalidates,
                          state.invalidated_pixels };
    return c;
}

static void report(int window, gint64 now)
{
    struct counters start = state.window_start[window];
    struct counters end = counters(now);
    printf("{\"client\":\"spice-client-glib\",\"warmup_ms\":%.3f,\"first_frame_ms\":%.3f,\"window_ms\":%.3f,"
           "\"frames\":%" G_GUINT64_FORMAT ",\"published_pixels\":%" G_GUINT64_FORMAT ","
           "\"invalidates\":%" G_GUINT64_FORMAT ",\"invalidated_pixels\":%" G_GUINT64_FORMAT ","
           "\"cpu_ms\":%.3f,\"cpu_total_ms\":%.3f,\"peak_rss_kib\":%ld}\n",
           (double) state.warmup_us[window] / 1000.0, (double) (state.first_frame_us - state.connect_us) / 1000.0,
           (double) (end.us - start.us) / 1000.0, end.frames - start.frames,
           end.published_pixels - start.published_pixels, end.invalidates - start.invalidates,
           end.invalidated_pixels - start.invalidated_pixels, end.cpu_ms - start.cpu_ms, end.cpu_ms,
           peak_rss_kib());
    fflush(stdout);
}

static gboolean tick(gpointer data)
{
    (void) data;
    gint64 now = g_get_monotonic_time();
    publish();
    for (int i = 0; i < state.windows; i++) {
        if (!state.window_started[i] && now - state.first_frame_us >= state.warmup_us[i]) {
            state.window_started[i] = TRUE;
            state.window_start[i] = counters(now);
        } else if (state.window_started[i] && !state.window_ended[i]
                   && now - state.window_start[i].us >= state.window_us) {
            report(i, now);
            state.window_ended[i] = TRUE;
            state.windows_left--;
        }
    }
    if (state.windows_left == 0) {
        g_main_loop_quit(state.loop);
        return G_SOURCE_REMOVE;
    }
    do {
        state.next_tick_us += TICK_US;
    } while (state.next_tick_us <= now);
    g_timeout_add((guint) ((state.next_tick_us - now + 999) / 1000), tick, NULL);
    return G_SOURCE_REMOVE;
}

static void primary_create(SpiceChannel *channel, gint format, gint width, gint height, gint stride,
                           gint shmid, gpointer imgdata, gpointer data)
{
    (void) channel;
    (void) shmid;
    (void) data;
    if (format != SPICE_SURFACE_FMT_32_xRGB && format != SPICE_SURFACE_FMT_32_ARGB) {
        fail("the primary surface is not 32 bits per pixel");
        return;
    }
    g_free(state.copy);
    state.copy = g_malloc0((gsize) stride * (gsize) height);
    state.pixels = imgdata;
    state.width = width;
    state.height = height;
    state.stride = stride;
    state.dirty = FALSE;
}

static void primary_destroy(SpiceChannel *channel, gpointer data)
{
    (void) channel;
    (void) data;
    state.pixels = NULL;
    state.dirty = FALSE;
}

static void invalidate(SpiceChannel *channel, gint x, gint y, gint width, gint height, gpointer data)
{
    (void) channel;
    (void) data;
    gint64 now = g_get_monotonic_time();
    int left = MAX(x, 0);
    int top = MAX(y, 0);
    int right = MIN(x + width, state.width);
    int bottom = MIN(y + height, state.height);
    if (state.pixels == NULL || left >= right || top >= bottom) {
        return;
    }
    if (state.phase == CONNECTING) {
        state.phase = RUNNING;
        state.first_frame_us = now;
        state.next_tick_us = now + TICK_US;
        g_timeout_add(TICK_US / 1000, tick, NULL);
    }
    state.invalidates++;
    state.invalidated_pixels += (guint64) (right - left) * (guint64) (bottom - top);
    if (state.dirty) {
        state.dirty_left = MIN(state.dirty_left, left);
        state.dirty_top = MIN(state.dirty_top, top);
        state.dirty_right = MAX(state.dirty_right, right);
        state.dirty_bottom = MAX(state.dirty_bottom, bottom);
    } else {
        state.dirty = TRUE;
        state.dirty_left = left;
        state.dirty_top = top;
        state.dirty_right = right;
        state.dirty_bottom = bottom;
    }
}

static void channel_event(SpiceChannel *channel, SpiceChannelEvent event, gpointer data)
{
    (void) channel;
    (void) data;
    if (event != SPICE_CHANNEL_OPENED) {
        fail("a channel closed or failed before the measurement ended");
    }
}

static void channel_new(SpiceSession *session, SpiceChannel *channel, gpointer data)
{
    (void) session;
    (void) data;
    if (SPICE_IS_MAIN_CHANNEL(channel)) {
        g_signal_connect(channel, "channel-event", G_CALLBACK(channel_event), NULL);
        return;
    }
    if (SPICE_IS_DISPLAY_CHANNEL(channel)) {
        int id;
        g_object_get(channel, "channel-id", &id, NULL);
        if (id == 0) {
            g_signal_connect(channel, "display-primary-create", G_CALLBACK(primary_create), NULL);
            g_signal_connect(channel, "display-primary-destroy", G_CALLBACK(primary_destroy), NULL);
            g_signal_connect(channel, "display-invalidate", G_CALLBACK(invalidate), NULL);
        }
        spice_channel_connect(channel);
    } else if (SPICE_IS_CURSOR_CHANNEL(channel) || SPICE_IS_INPUTS_CHANNEL(channel)) {
        spice_channel_connect(channel);
    }
}

static gboolean first_frame_timeout(gpointer data)
{
    (void) data;
    if (state.phase == CONNECTING) {
        fail("no frame arrived in time");
    }
    return G_SOURCE_REMOVE;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s HOST PORT WARMUPS_MS WINDOW_MS\n", argv[0]);
        return 2;
    }
    gchar **warmups = g_strsplit(argv[3], ",", -1);
    for (gchar **warmup = warmups; *warmup != NULL; warmup++) {
        gchar *end;
        gint64 ms = g_ascii_strtoll(*warmup, &end, 10);
        if (state.windows == MAX_WINDOWS || end == *warmup || *end != '\0' || ms < 0) {
            fprintf(stderr, "reference-collector: WARMUPS_MS must be up to %d numbers >= 0, comma-separated\n",
                    MAX_WINDOWS);
            return 2;
        }
        state.warmup_us[state.windows++] = ms * 1000;
    }
    g_strfreev(warmups);
    state.windows_left = state.windows;
    state.window_us = g_ascii_strtoll(argv[4], NULL, 10) * 1000;
    if (state.windows == 0 || state.window_us <= 0) {
        fprintf(stderr, "reference-collector: WARMUPS_MS must name a warm-up and WINDOW_MS be > 0\n");
        return 2;
    }
    state.loop = g_main_loop_new(NULL, FALSE);
    SpiceSession *session = spice_session_new();
    g_object_set(session, "host", argv[1], "port", argv[2], NULL);
    g_signal_connect(session, "channel-new", G_CALLBACK(channel_new), NULL);
    g_timeout_add_seconds(FIRST_FRAME_TIMEOUT_S, first_frame_timeout, NULL);
    state.connect_us = g_get_monotonic_time();
    if (!spice_session_connect(session)) {
        fprintf(stderr, "reference-collector: spice_session_connect failed\n");
        return 1;
    }
    g_main_loop_run(state.loop);
    return state.status;
}
