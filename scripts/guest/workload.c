/*
 * saffron-workload: screen activity for Saffron's tests, run in the test guest through the guest agent.
 *
 *   saffron-workload animate SECONDS   the whole screen changes about 10 times a second (solid bands)
 *   saffron-workload video SECONDS     a 320x240 photographic-looking picture changes about 25 times a
 *                                      second, which spice-server's stream detection sends as MJPEG
 *
 * Built on the host by scripts/guest-image (the host runs the same Debian release as the guest).
 */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define VIDEO_WIDTH 320
#define VIDEO_HEIGHT 240
#define BANDS 16

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void pause_until(double deadline) {
    double left = deadline - now();
    if (left > 0) {
        struct timespec t = {(time_t) left, (long) ((left - (time_t) left) * 1e9)};
        nanosleep(&t, NULL);
    }
}

static Window window_at(Display *d, int x, int y, unsigned w, unsigned h) {
    XSetWindowAttributes attributes = {.override_redirect = True, .background_pixel = 0};
    Window window = XCreateWindow(d, DefaultRootWindow(d), x, y, w, h, 0, CopyFromParent, InputOutput,
                                  CopyFromParent, CWOverrideRedirect | CWBackPixel, &attributes);
    XMapRaised(d, window);
    XSync(d, False);
    return window;
}

static void animate(Display *d, double seconds) {
    int screen = DefaultScreen(d);
    unsigned width = DisplayWidth(d, screen), height = DisplayHeight(d, screen);
    Window window = window_at(d, 0, 0, width, height);
    GC gc = XCreateGC(d, window, 0, NULL);
    double start = now();
    for (unsigned frame = 0; now() - start < seconds; frame++) {
        for (unsigned band = 0; band < BANDS; band++) {
            unsigned phase = (frame * 7 + band * 16) & 0xff;
            XSetForeground(d, gc, (phase << 16) | ((255 - phase) << 8) | ((phase * 3) & 0xff));
            XFillRectangle(d, window, gc, 0, band * height / BANDS, width, height / BANDS + 1);
        }
        XSync(d, False);
        pause_until(start + (frame + 1) / 10.0);
    }
}

/* Smooth moving shapes plus grain: the mix of gradients and noise that stream detection takes for video. */
static void video(Display *d, double seconds) {
    int screen = DefaultScreen(d);
    Window window = window_at(d, 40, 40, VIDEO_WIDTH, VIDEO_HEIGHT);
    GC gc = XCreateGC(d, window, 0, NULL);
    uint32_t *pixels = malloc(VIDEO_WIDTH * VIDEO_HEIGHT * 4);
    XImage *image = XCreateImage(d, DefaultVisual(d, screen), DefaultDepth(d, screen), ZPixmap, 0,
                                 (char *) pixels, VIDEO_WIDTH, VIDEO_HEIGHT, 32, 0);
    if (pixels == NULL || image == NULL) {
        fprintf(stderr, "saffron-workload: out of memory\n");
        exit(1);
    }
    uint8_t wave[256];
    for (int i = 0; i < 256; i++) {
        wave[i] = (uint8_t) (127.5 + 127.5 * sin(i * 2 * M_PI / 256));
    }
    uint32_t noise = 2463534242u;
    double start = now();
    for (unsigned frame = 0; now() - start < seconds; frame++) {
        for (int y = 0; y < VIDEO_HEIGHT; y++) {
            for (int x = 0; x < VIDEO_WIDTH; x++) {
                noise ^= noise << 13;
                noise ^= noise >> 17;
                noise ^= noise << 5;
                int grain = (int) (noise & 31) - 16;
                int r = wave[(x + frame * 3) & 0xff] / 2 + wave[(y + frame) & 0xff] / 2 + grain;
                int g = wave[(x + y + frame * 2) & 0xff] / 2 + wave[(x / 2 + 64) & 0xff] / 2 + grain;
                int b = wave[(y * 2 + frame * 5) & 0xff] / 2 + wave[(x - y + frame) & 0xff] / 2 + grain;
                r = r < 0 ? 0 : r > 255 ? 255 : r;
                g = g < 0 ? 0 : g > 255 ? 255 : g;
                b = b < 0 ? 0 : b > 255 ? 255 : b;
                pixels[y * VIDEO_WIDTH + x] = (uint32_t) (r << 16 | g << 8 | b);
            }
        }
        XPutImage(d, window, gc, image, 0, 0, 0, 0, VIDEO_WIDTH, VIDEO_HEIGHT);
        XSync(d, False);
        pause_until(start + (frame + 1) / 25.0);
    }
}

int main(int argc, char **argv) {
    double seconds = argc == 3 ? atof(argv[2]) : 0;
    if (argc != 3 || seconds <= 0 || (strcmp(argv[1], "animate") != 0 && strcmp(argv[1], "video") != 0)) {
        fprintf(stderr, "usage: saffron-workload animate|video SECONDS\n");
        return 2;
    }
    Display *d = XOpenDisplay(NULL);
    if (d == NULL) {
        fprintf(stderr, "saffron-workload: cannot open display %s\n", XDisplayName(NULL));
        return 1;
    }
    if (strcmp(argv[1], "animate") == 0) {
        animate(d, seconds);
    } else {
        video(d, seconds);
    }
    XCloseDisplay(d);
    return 0;
}
