/*
 * A SPICE server whose only display is a GL scanout, for Saffron's tests and measurements: spice-server
 * itself does the marshalling and the SCM_RIGHTS passing, this program only feeds it frames through
 * spice_qxl_gl_scanout() and spice_qxl_gl_draw_async(). The frame is a 640x480 XRGB8888 memfd in which
 * pixel (x, y) has R = x % 256, G = y % 256, B = (x ^ y) % 256, so a client's picture can be predicted.
 *
 * Usage: gl-scanout-server SOCKET [--animate | --animate-full | --errors]
 *   (default)  one scanout, and one full-frame GL_DRAW each time a display channel comes up
 *   --animate  then moves a rectangle across the frame, one GL_DRAW per step, the next step only after the
 *              client answered the last; every 50 steps the scanout is sent again with a new descriptor
 *   --animate-full  the same, but each GL_DRAW names the whole frame (for measuring full-frame copies)
 *   --errors   after the first draw, sends broken scanouts, each followed by a GL_DRAW: a stride smaller
 *              than width * 4, an unknown fourcc, a descriptor that cannot be mapped (a pipe), a memfd too
 *              small for the frame, a memfd of the right size not sealed against shrinking; then the good
 *              frame again
 *
 * The frame's memfd is sealed against shrinking and growing, as a client needs to map it safely.
 *
 * Prints "listening on SOCKET" once the socket accepts connections, and "draws done N" to stderr every
 * 1000 completed draws; serves until killed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <spice.h>

#define WIDTH 640
#define HEIGHT 480
#define STRIDE (WIDTH * 4)
#define FOURCC_XRGB8888 0x34325258u /* 'X' 'R' '2' '4' */
#define FOURCC_UNKNOWN 0x5858585Au
#define RECT_SIZE 64
#define RESCANOUT_EVERY 50
#define MAX_WATCHES 64
#define MAX_TIMERS 64
#define DISPLAY_CHANNEL 2

enum mode { MODE_STILL, MODE_ANIMATE, MODE_ANIMATE_FULL, MODE_ERRORS };

/* What the spice-server threads tell the main loop through the notification pipe. */
enum note_kind { NOTE_DRAW_DONE = 1, NOTE_DISPLAY_UP = 2, NOTE_DISPLAY_DOWN = 3 };

struct SpiceWatch {
    int fd;
    int mask;
    SpiceWatchFunc func;
    void *opaque;
    bool used;
};

struct SpiceTimer {
    SpiceTimerFunc func;
    void *opaque;
    int64_t deadline_ms; /* -1 when not armed */
    bool used;
};

static struct SpiceWatch watches[MAX_WATCHES];
static struct SpiceTimer timers[MAX_TIMERS];
static int note_pipe[2];

static enum mode mode = MODE_STILL;
static QXLInstance qxl_instance;
static uint8_t *frame;
static int frame_fd = -1;
static bool draw_in_flight;
static uint64_t next_cookie = 1;
static uint64_t draws_done;
static int displays_up;
static bool draw_requested;
static int animation_step;
static int rect_x, rect_y;
static int error_step;

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

static void note(uint8_t kind) {
    /* One byte writes are atomic; the pipe never fills in practice (one draw in flight at a time). */
    while (write(note_pipe[1], &kind, 1) < 0 && errno == EINTR) {
    }
}

/* ---- the core interface: a poll loop on the main thread ---- */

static SpiceTimer *timer_add(SpiceTimerFunc func, void *opaque) {
    for (int i = 0; i < MAX_TIMERS; i++) {
        if (!timers[i].used) {
            timers[i] = (struct SpiceTimer){func, opaque, -1, true};
            return &timers[i];
        }
    }
    fprintf(stderr, "gl-scanout-server: out of timers\n");
    exit(1);
}

static void timer_start(SpiceTimer *timer, uint32_t ms) { timer->deadline_ms = now_ms() + ms; }
static void timer_cancel(SpiceTimer *timer) { timer->deadline_ms = -1; }
static void timer_remove(SpiceTimer *timer) { timer->used = false; }

static SpiceWatch *watch_add(int fd, int event_mask, SpiceWatchFunc func, void *opaque) {
    for (int i = 0; i < MAX_WATCHES; i++) {
        if (!watches[i].used) {
            watches[i] = (struct SpiceWatch){fd, event_mask, func, opaque, true};
            return &watches[i];
        }
    }
    fprintf(stderr, "gl-scanout-server: out of watches\n");
    exit(1);
}

static void watch_update_mask(SpiceWatch *watch, int event_mask) { watch->mask = event_mask; }
static void watch_remove(SpiceWatch *watch) { watch->used = false; }

static void channel_event(int event, SpiceChannelEventInfo *info) {
    if (info->type != DISPLAY_CHANNEL) {
        return;
    }
    if (event == SPICE_CHANNEL_EVENT_INITIALIZED) {
        note(NOTE_DISPLAY_UP);
    } else if (event == SPICE_CHANNEL_EVENT_DISCONNECTED) {
        note(NOTE_DISPLAY_DOWN);
    }
}

static SpiceCoreInterface core_interface = {
    .base = {.type = SPICE_INTERFACE_CORE, .description = "gl-scanout-server core",
             .major_version = SPICE_INTERFACE_CORE_MAJOR, .minor_version = SPICE_INTERFACE_CORE_MINOR},
    .timer_add = timer_add,
    .timer_start = timer_start,
    .timer_cancel = timer_cancel,
    .timer_remove = timer_remove,
    .watch_add = watch_add,
    .watch_update_mask = watch_update_mask,
    .watch_remove = watch_remove,
    .channel_event = channel_event,
};

/* ---- the QXL interface: no QXL commands at all, only the GL calls ---- */

static void attached_worker(QXLInstance *qin) { (void)qin; }
static void set_compression_level(QXLInstance *qin, int level) { (void)qin; (void)level; }

static void get_init_info(QXLInstance *qin, QXLDevInitInfo *info) {
    (void)qin;
    memset(info, 0, sizeof(*info));
    info->num_memslots_groups = 1;
    info->num_memslots = 1;
    info->memslot_gen_bits = 1;
    info->memslot_id_bits = 1;
    info->n_surfaces = 1;
}

static int get_command(QXLInstance *qin, struct QXLCommandExt *cmd) { (void)qin; (void)cmd; return 0; }
static int req_cmd_notification(QXLInstance *qin) { (void)qin; return 1; }
static void release_resource(QXLInstance *qin, struct QXLReleaseInfoExt info) { (void)qin; (void)info; }
static int flush_resources(QXLInstance *qin) { (void)qin; return 0; }
static void notify_update(QXLInstance *qin, uint32_t update_id) { (void)qin; (void)update_id; }

static void async_complete(QXLInstance *qin, uint64_t cookie) {
    (void)qin;
    (void)cookie;
    note(NOTE_DRAW_DONE);
}

static void update_area_complete(QXLInstance *qin, uint32_t surface_id, struct QXLRect *rects, uint32_t n) {
    (void)qin; (void)surface_id; (void)rects; (void)n;
}

static void set_client_capabilities(QXLInstance *qin, uint8_t present, uint8_t caps[SPICE_CAPABILITIES_SIZE]) {
    (void)qin; (void)present; (void)caps;
}

static int client_monitors_config(QXLInstance *qin, VDAgentMonitorsConfig *config) {
    (void)qin; (void)config;
    return 0;
}

static QXLInterface qxl_interface = {
    .base = {.type = SPICE_INTERFACE_QXL, .description = "gl-scanout-server qxl",
             .major_version = SPICE_INTERFACE_QXL_MAJOR, .minor_version = SPICE_INTERFACE_QXL_MINOR},
    .attached_worker = attached_worker,
    .set_compression_level = set_compression_level,
    .get_init_info = get_init_info,
    .get_command = get_command,
    .req_cmd_notification = req_cmd_notification,
    .release_resource = release_resource,
    .get_cursor_command = get_command,
    .req_cursor_notification = req_cmd_notification,
    .notify_update = notify_update,
    .flush_resources = flush_resources,
    .async_complete = async_complete,
    .update_area_complete = update_area_complete,
    .set_client_capabilities = set_client_capabilities,
    .client_monitors_config = client_monitors_config,
};

/* ---- frames ---- */

static uint32_t pattern_pixel(int x, int y) {
    uint32_t r = (uint32_t)x % 256, g = (uint32_t)y % 256, b = (uint32_t)(x ^ y) % 256;
    return (r << 16) | (g << 8) | b;
}

static void paint_pattern(int x0, int y0, int w, int h) {
    for (int y = y0; y < y0 + h; y++) {
        uint32_t *row = (uint32_t *)(frame + (size_t)y * STRIDE);
        for (int x = x0; x < x0 + w; x++) {
            row[x] = pattern_pixel(x, y);
        }
    }
}

static void paint_rect(int x0, int y0, uint32_t color) {
    for (int y = y0; y < y0 + RECT_SIZE; y++) {
        uint32_t *row = (uint32_t *)(frame + (size_t)y * STRIDE);
        for (int x = x0; x < x0 + RECT_SIZE; x++) {
            row[x] = color;
        }
    }
}

static void make_frame(void) {
    frame_fd = memfd_create("gl-scanout-server frame", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (frame_fd < 0) die("memfd_create");
    if (ftruncate(frame_fd, (off_t)STRIDE * HEIGHT) < 0) die("ftruncate");
    /* Clients map only buffers that cannot shrink under them (a read past the end is SIGBUS). */
    if (fcntl(frame_fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW) < 0) die("F_ADD_SEALS");
    frame = mmap(NULL, (size_t)STRIDE * HEIGHT, PROT_READ | PROT_WRITE, MAP_SHARED, frame_fd, 0);
    if (frame == MAP_FAILED) die("mmap");
    paint_pattern(0, 0, WIDTH, HEIGHT);
}

/* spice-server takes the descriptor it is given and closes it on the next scanout: hand it a copy. */
static void send_scanout(int fd, uint32_t stride, uint32_t fourcc) {
    spice_qxl_gl_scanout(&qxl_instance, fd, WIDTH, HEIGHT, stride, fourcc, 1);
}

static void send_good_scanout(void) {
    int copy = dup(frame_fd);
    if (copy < 0) die("dup");
    send_scanout(copy, STRIDE, FOURCC_XRGB8888);
}

static void draw(int x, int y, int w, int h) {
    draw_in_flight = true;
    spice_qxl_gl_draw_async(&qxl_instance, (uint32_t)x, (uint32_t)y, (uint32_t)w, (uint32_t)h, next_cookie++);
}

static void animation_step_draw(void) {
    int old_x = rect_x, old_y = rect_y;
    paint_pattern(old_x, old_y, RECT_SIZE, RECT_SIZE);
    animation_step++;
    rect_x = (animation_step * 7) % (WIDTH - RECT_SIZE);
    rect_y = (animation_step * 5) % (HEIGHT - RECT_SIZE);
    paint_rect(rect_x, rect_y, 0x00FFFFFFu - (uint32_t)(animation_step % 256));
    if (animation_step % RESCANOUT_EVERY == 0) {
        send_good_scanout();
    }
    if (mode == MODE_ANIMATE_FULL) {
        draw(0, 0, WIDTH, HEIGHT);
        return;
    }
    int x0 = old_x < rect_x ? old_x : rect_x, y0 = old_y < rect_y ? old_y : rect_y;
    int x1 = (old_x > rect_x ? old_x : rect_x) + RECT_SIZE, y1 = (old_y > rect_y ? old_y : rect_y) + RECT_SIZE;
    draw(x0, y0, x1 - x0, y1 - y0);
}

/* One broken scanout per step, each answered by a full-frame draw; the last step restores the good frame. */
static void error_step_draw(void) {
    int broken[2];
    switch (error_step++) {
    case 0:
        send_scanout(dup(frame_fd), STRIDE - 4, FOURCC_XRGB8888);
        break;
    case 1:
        send_scanout(dup(frame_fd), STRIDE, FOURCC_UNKNOWN);
        break;
    case 2:
        if (pipe(broken) < 0) die("pipe");
        close(broken[1]);
        send_scanout(broken[0], STRIDE, FOURCC_XRGB8888);
        break;
    case 3:
        broken[0] = memfd_create("gl-scanout-server empty", MFD_CLOEXEC);
        if (broken[0] < 0) die("memfd_create");
        send_scanout(broken[0], STRIDE, FOURCC_XRGB8888);
        break;
    case 4:
        broken[0] = memfd_create("gl-scanout-server unsealed", MFD_CLOEXEC);
        if (broken[0] < 0) die("memfd_create");
        if (ftruncate(broken[0], (off_t)STRIDE * HEIGHT) < 0) die("ftruncate");
        send_scanout(broken[0], STRIDE, FOURCC_XRGB8888);
        break;
    case 5:
        send_good_scanout();
        break;
    default:
        return;
    }
    draw(0, 0, WIDTH, HEIGHT);
}

static void on_draw_done(void) {
    draw_in_flight = false;
    draws_done++;
    if (draws_done % 1000 == 0) {
        fprintf(stderr, "draws done %llu\n", (unsigned long long)draws_done);
    }
}

static void next_draw(void) {
    if (draw_in_flight || displays_up == 0) {
        return;
    }
    if (draw_requested) {
        draw_requested = false;
        draw(0, 0, WIDTH, HEIGHT);
    } else if (mode == MODE_ANIMATE || mode == MODE_ANIMATE_FULL) {
        animation_step_draw();
    } else if (mode == MODE_ERRORS) {
        error_step_draw();
    }
}

static void read_notes(void) {
    uint8_t notes[64];
    ssize_t n = read(note_pipe[0], notes, sizeof(notes));
    for (ssize_t i = 0; i < n; i++) {
        switch (notes[i]) {
        case NOTE_DRAW_DONE:
            on_draw_done();
            break;
        case NOTE_DISPLAY_UP:
            displays_up++;
            draw_requested = true;
            break;
        case NOTE_DISPLAY_DOWN:
            if (displays_up > 0) displays_up--;
            break;
        }
    }
    next_draw();
}

static void run_loop(void) {
    struct pollfd fds[MAX_WATCHES + 1];
    struct SpiceWatch *owners[MAX_WATCHES + 1];
    for (;;) {
        int n = 0;
        fds[n] = (struct pollfd){note_pipe[0], POLLIN, 0};
        owners[n++] = NULL;
        for (int i = 0; i < MAX_WATCHES; i++) {
            if (watches[i].used && watches[i].mask) {
                short events = 0;
                if (watches[i].mask & SPICE_WATCH_EVENT_READ) events |= POLLIN;
                if (watches[i].mask & SPICE_WATCH_EVENT_WRITE) events |= POLLOUT;
                fds[n] = (struct pollfd){watches[i].fd, events, 0};
                owners[n++] = &watches[i];
            }
        }
        int64_t now = now_ms(), timeout = -1;
        for (int i = 0; i < MAX_TIMERS; i++) {
            if (timers[i].used && timers[i].deadline_ms >= 0) {
                int64_t left = timers[i].deadline_ms - now;
                if (left < 0) left = 0;
                if (timeout < 0 || left < timeout) timeout = left;
            }
        }
        if (poll(fds, (nfds_t)n, (int)timeout) < 0 && errno != EINTR) die("poll");
        if (fds[0].revents & POLLIN) read_notes();
        for (int i = 1; i < n; i++) {
            struct SpiceWatch *watch = owners[i];
            /* A callback may have removed or reused this watch: skip it then. */
            if (!fds[i].revents || !watch->used || watch->fd != fds[i].fd) continue;
            int event = 0;
            if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) event |= SPICE_WATCH_EVENT_READ;
            if (fds[i].revents & POLLOUT) event |= SPICE_WATCH_EVENT_WRITE;
            if (event & watch->mask) watch->func(watch->fd, event & watch->mask, watch->opaque);
        }
        now = now_ms();
        for (int i = 0; i < MAX_TIMERS; i++) {
            if (timers[i].used && timers[i].deadline_ms >= 0 && timers[i].deadline_ms <= now) {
                timers[i].deadline_ms = -1;
                timers[i].func(timers[i].opaque);
            }
        }
    }
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s SOCKET [--animate | --animate-full | --errors]\n", argv[0]);
        return 2;
    }
    if (argc == 3) {
        if (strcmp(argv[2], "--animate") == 0) {
            mode = MODE_ANIMATE;
        } else if (strcmp(argv[2], "--animate-full") == 0) {
            mode = MODE_ANIMATE_FULL;
        } else if (strcmp(argv[2], "--errors") == 0) {
            mode = MODE_ERRORS;
        } else {
            fprintf(stderr, "unknown option %s\n", argv[2]);
            return 2;
        }
    }
    const char *path = argv[1];
    if (pipe2(note_pipe, O_CLOEXEC | O_NONBLOCK) < 0) die("pipe2");
    make_frame();
    unlink(path);

    SpiceServer *server = spice_server_new();
    spice_server_set_addr(server, path, SPICE_ADDR_FLAG_UNIX_ONLY);
    spice_server_set_noauth(server);
    if (spice_server_init(server, &core_interface) != 0) {
        fprintf(stderr, "gl-scanout-server: spice_server_init failed for %s\n", path);
        return 1;
    }
    qxl_instance.base.sif = &qxl_interface.base;
    qxl_instance.id = 0;
    if (spice_server_add_interface(server, &qxl_instance.base) != 0) {
        fprintf(stderr, "gl-scanout-server: the QXL interface was refused\n");
        return 1;
    }
    spice_server_vm_start(server);
    send_good_scanout();
    printf("listening on %s\n", path);
    fflush(stdout);
    run_loop();
}
