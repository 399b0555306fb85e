/*
 * The reference side of Saffron's migration-gap measurement (scripts/migration-gap): a headless
 * spice-client-glib client that stays connected through a live migration and reports, on stdout, one line
 * per event with its CLOCK_MONOTONIC time in microseconds (the clock of Java's System.nanoTime on Linux):
 *
 *   frame <us>          the primary surface of display 0 was invalidated (drawn to)
 *   state <us> <n>      the session's migration-state became n (SpiceSessionMigration: 0 none, 1 switching,
 *                       2 migrating, 3 connecting)
 *
 *   migration-collector HOST PORT DURATION_MS
 *
 * It opens the channels Saffron opens on a QEMU server (main, display, cursor, inputs), and exits after
 * DURATION_MS, or with status 1 when the main channel fails.
 */
#include <spice-client.h>

#include <stdio.h>
#include <stdlib.h>

static GMainLoop *loop;
static int status;

static void primary_invalidate(SpiceChannel *channel, gint x, gint y, gint width, gint height, gpointer data)
{
    (void) channel;
    (void) x;
    (void) y;
    (void) width;
    (void) height;
    (void) data;
    printf("frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time());
    fflush(stdout);
}

static void migration_state(GObject *session, GParamSpec *spec, gpointer data)
{
    (void) spec;
    (void) data;
    int value;
    g_object_get(session, "migration-state", &value, NULL);
    printf("state %" G_GINT64_FORMAT " %d\n", g_get_monotonic_time(), value);
    fflush(stdout);
}

static void main_event(SpiceChannel *channel, SpiceChannelEvent event, gpointer data)
{
    (void) channel;
    (void) data;
    if (event == SPICE_CHANNEL_ERROR_CONNECT || event == SPICE_CHANNEL_ERROR_IO
            || event == SPICE_CHANNEL_ERROR_LINK || event == SPICE_CHANNEL_ERROR_AUTH) {
        fprintf(stderr, "migration-collector: the main channel failed (event %d)\n", (int) event);
        status = 1;
        g_main_loop_quit(loop);
    }
}

static void channel_new(SpiceSession *session, SpiceChannel *channel, gpointer data)
{
    (void) session;
    (void) data;
    if (SPICE_IS_MAIN_CHANNEL(channel)) {
        g_signal_connect(channel, "channel-event", G_CALLBACK(main_event), NULL);
        return;
    }
    if (SPICE_IS_DISPLAY_CHANNEL(channel)) {
        int id;
        g_object_get(channel, "channel-id", &id, NULL);
        if (id == 0) {
            g_signal_connect(channel, "display-invalidate", G_CALLBACK(primary_invalidate), NULL);
        }
        spice_channel_connect(channel);
    } else if (SPICE_IS_CURSOR_CHANNEL(channel) || SPICE_IS_INPUTS_CHANNEL(channel)) {
        spice_channel_connect(channel);
    }
}

static gboolean finish(gpointer data)
{
    (void) data;
    g_main_loop_quit(loop);
    return G_SOURCE_REMOVE;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s HOST PORT DURATION_MS\n", argv[0]);
        return 2;
    }
    gint64 duration_ms = g_ascii_strtoll(argv[3], NULL, 10);
    if (duration_ms <= 0) {
        fprintf(stderr, "migration-collector: DURATION_MS must be positive\n");
        return 2;
    }
    loop = g_main_loop_new(NULL, FALSE);
    SpiceSession *session = spice_session_new();
    g_object_set(session, "host", argv[1], "port", argv[2], NULL);
    g_signal_connect(session, "channel-new", G_CALLBACK(channel_new), NULL);
    g_signal_connect(session, "notify::migration-state", G_CALLBACK(migration_state), NULL);
    g_timeout_add((guint) duration_ms, finish, NULL);
    if (!spice_session_connect(session)) {
        fprintf(stderr, "migration-collector: spice_session_connect failed\n");
        return 1;
    }
    g_main_loop_run(loop);
    return status;
}
