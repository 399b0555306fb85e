/*
 * The reference side of Saffron's audio benchmark (scripts/audio-latency): a headless spice-client-glib client
 * that opens the main and playback channels and says, on standard output, line by line, when the guest's sound
 * reaches it decoded, so that dev.saffron.bench.AudioLatency can time it as it times Saffron's playback listener.
 *
 *   audio-collector HOST PORT THRESHOLD
 *
 *   ready            the playback channel is open
 *   start            a stream began (playback-start)
 *   loud T           the stream's first sample louder than THRESHOLD arrived, at g_get_monotonic_time() T (µs,
 *                    CLOCK_MONOTONIC like Java's System.nanoTime); once per stream
 *   stop             the stream ended (playback-stop)
 *   cpu_ms C         printed when standard input reaches its end, then the collector exits: the process's
 *                    utime + stime so far
 *
 * It plays nothing: what it measures is the point where spice-client-glib hands decoded samples (raw or Opus;
 * SPICE_DISABLE_OPUS=1 keeps Opus out of its capabilities) to whatever would play them.
 */
#include <spice-client.h>

#include "process-cpu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct {
    GMainLoop *loop;
    int threshold;
    gboolean armed;
    int status;
} state;

static void fail(const char *message)
{
    fprintf(stderr, "audio-collector: %s\n", message);
    state.status = 1;
    g_main_loop_quit(state.loop);
}

static double cpu_ms(void)
{
    return process_cpu_ms("audio-collector");
}

static void playback_start(SpicePlaybackChannel *channel, gint format, gint channels, gint rate, gpointer data)
{
    (void) channel;
    (void) data;
    if (format != SPICE_AUDIO_FMT_S16) {
        fail("the stream is not signed 16-bit");
        return;
    }
    state.armed = TRUE;
    printf("start %d %d\n", channels, rate);
}

static void playback_data(SpicePlaybackChannel *channel, gpointer data, gint size, gpointer user_data)
{
    (void) channel;
    (void) user_data;
    if (!state.armed) {
        return;
    }
    gint64 now = g_get_monotonic_time();
    const gint16 *samples = data;
    int count = size / (int) sizeof(gint16);
    for (int i = 0; i < count; i++) {
        if (abs(samples[i]) > state.threshold) {
            state.armed = FALSE;
            printf("loud %" G_GINT64_FORMAT "\n", now);
            return;
        }
    }
}

static void playback_stop(SpicePlaybackChannel *channel, gpointer data)
{
    (void) channel;
    (void) data;
    state.armed = FALSE;
    printf("stop\n");
}

static void channel_event(SpiceChannel *channel, SpiceChannelEvent event, gpointer data)
{
    (void) data;
    if (event == SPICE_CHANNEL_OPENED) {
        if (SPICE_IS_PLAYBACK_CHANNEL(channel)) {
            printf("ready\n");
        }
        return;
    }
    fail("a channel closed or failed");
}

static void channel_new(SpiceSession *session, SpiceChannel *channel, gpointer data)
{
    (void) session;
    (void) data;
    if (SPICE_IS_MAIN_CHANNEL(channel)) {
        g_signal_connect(channel, "channel-event", G_CALLBACK(channel_event), NULL);
    } else if (SPICE_IS_PLAYBACK_CHANNEL(channel)) {
        g_signal_connect(channel, "channel-event", G_CALLBACK(channel_event), NULL);
        g_signal_connect(channel, "playback-start", G_CALLBACK(playback_start), NULL);
        g_signal_connect(channel, "playback-data", G_CALLBACK(playback_data), NULL);
        g_signal_connect(channel, "playback-stop", G_CALLBACK(playback_stop), NULL);
        spice_channel_connect(channel);
    }
}

/* Standard input only says when to stop: whatever arrives is read and ignored until its end. */
static gboolean input(GIOChannel *source, GIOCondition condition, gpointer data)
{
    (void) data;
    char buffer[256];
    if (condition & G_IO_IN) {
        ssize_t count = read(g_io_channel_unix_get_fd(source), buffer, sizeof buffer);
        if (count > 0) {
            return G_SOURCE_CONTINUE;
        }
    }
    printf("cpu_ms %.3f\n", cpu_ms());
    g_main_loop_quit(state.loop);
    return G_SOURCE_REMOVE;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s HOST PORT THRESHOLD\n", argv[0]);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    state.threshold = (int) g_ascii_strtoll(argv[3], NULL, 10);
    if (state.threshold < 0 || state.threshold > 32767) {
        fprintf(stderr, "audio-collector: THRESHOLD must be 0 to 32767\n");
        return 2;
    }
    state.loop = g_main_loop_new(NULL, FALSE);
    GIOChannel *stdin_channel = g_io_channel_unix_new(STDIN_FILENO);
    g_io_add_watch(stdin_channel, G_IO_IN | G_IO_HUP | G_IO_ERR, input, NULL);
    SpiceSession *session = spice_session_new();
    g_object_set(session, "host", argv[1], "port", argv[2], "enable-audio", TRUE, NULL);
    g_signal_connect(session, "channel-new", G_CALLBACK(channel_new), NULL);
    if (!spice_session_connect(session)) {
        fprintf(stderr, "audio-collector: spice_session_connect failed\n");
        return 1;
    }
    g_main_loop_run(state.loop);
    return state.status;
}
