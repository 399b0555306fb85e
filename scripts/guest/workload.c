/*
 * saffron-workload: screen activity for Saffron's tests, run in the test guest through the guest agent.
 *
 *   saffron-workload animate SECONDS   the whole screen changes about 10 times a second (solid bands)
 *   saffron-workload video SECONDS     a 320x240 photographic-looking picture changes about 25 times a
 *                                      second, which spice-server's stream detection sends as MJPEG
 *   saffron-workload render SECONDS    XRender composites about 5 times a second: translucent ARGB32 and A8
 *                                      pictures under many operators, A8 masks, scaling transforms with the
 *                                      nearest and bilinear filters and every repeat mode, into the window,
 *                                      an ARGB32 pixmap and an A8 pixmap; the qxl driver sends them as
 *                                      DRAW_COMPOSITE when the client supports it; the last frame stays
 *                                      on screen after the program exits (its X resources are kept), so a
 *                                      test can compare it at leisure
 *
 * Built on the host by scripts/guest-image (the host runs the same Debian release as the guest).
 */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xrender.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define VIDEO_WIDTH 320
#define VIDEO_HEIGHT 240
#define BANDS 16
#define TILE 64
#define CELL 96
#define COLUMNS 8
#define ROWS 5

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

/* A premultiplied ARGB32 tile: colour gradients under a radial alpha falloff, shifted by seed. */
static Pixmap argb_tile(Display *d, Window window, unsigned seed) {
    Pixmap pixmap = XCreatePixmap(d, window, TILE, TILE, 32);
    uint32_t *pixels = malloc(TILE * TILE * 4);
    XVisualInfo wanted = {.depth = 32, .class = TrueColor};
    int found = 0;
    XVisualInfo *visual = XGetVisualInfo(d, VisualDepthMask | VisualClassMask, &wanted, &found);
    XImage *image = pixels == NULL || found == 0 ? NULL
            : XCreateImage(d, visual[0].visual, 32, ZPixmap, 0, (char *) pixels, TILE, TILE, 32, 0);
    if (image == NULL) {
        fprintf(stderr, "saffron-workload: no 32-bit image\n");
        exit(1);
    }
    for (int y = 0; y < TILE; y++) {
        for (int x = 0; x < TILE; x++) {
            int dx = x - TILE / 2, dy = y - TILE / 2;
            int a = 255 - (dx * dx + dy * dy) * 255 / (TILE * TILE / 2);
            a = a < 0 ? 0 : (int) ((a + seed * 37) & 0xff);
            if ((x / 8 + y / 8 + seed) % 5 == 0) {
                a = 255;
            }
            int r = (x * 4 + seed * 50) & 0xff, g = (y * 4 + seed * 90) & 0xff, b = ((x + y) * 2 + seed * 20) & 0xff;
            pixels[y * TILE + x] = (uint32_t) a << 24 | (uint32_t) (r * a / 255) << 16
                    | (uint32_t) (g * a / 255) << 8 | (uint32_t) (b * a / 255);
        }
    }
    GC gc = XCreateGC(d, pixmap, 0, NULL);
    XPutImage(d, pixmap, gc, image, 0, 0, 0, 0, TILE, TILE);
    XFreeGC(d, gc);
    XDestroyImage(image);
    XFree(visual);
    return pixmap;
}

/* An A8 tile: rings of alpha, shifted by seed. */
static Pixmap alpha_tile(Display *d, Window window, unsigned seed) {
    Pixmap pixmap = XCreatePixmap(d, window, TILE, TILE, 8);
    char *bytes = malloc(TILE * TILE);
    XImage *image = bytes == NULL ? NULL
            : XCreateImage(d, DefaultVisual(d, DefaultScreen(d)), 8, ZPixmap, 0, bytes, TILE, TILE, 8, TILE);
    if (image == NULL) {
        fprintf(stderr, "saffron-workload: no 8-bit image\n");
        exit(1);
    }
    for (int y = 0; y < TILE; y++) {
        for (int x = 0; x < TILE; x++) {
            int dx = x - TILE / 3, dy = y - TILE / 2;
            bytes[y * TILE + x] = (char) ((int) (sqrt(dx * dx + dy * dy) * 24) + (int) seed * 40);
        }
    }
    GC gc = XCreateGC(d, pixmap, 0, NULL);
    XPutImage(d, pixmap, gc, image, 0, 0, 0, 0, TILE, TILE);
    XFreeGC(d, gc);
    XDestroyImage(image);
    return pixmap;
}

static void scale(Display *d, Picture picture, double factor, const char *filter) {
    XTransform transform = {{{XDoubleToFixed(1 / factor), 0, 0},
                             {0, XDoubleToFixed(1 / factor), 0},
                             {0, 0, XDoubleToFixed(1)}}};
    XRenderSetPictureTransform(d, picture, &transform);
    XRenderSetPictureFilter(d, picture, filter, NULL, 0);
}

static void set_repeat(Display *d, Picture picture, int repeat) {
    XRenderPictureAttributes attributes = {.repeat = repeat};
    XRenderChangePicture(d, picture, CPRepeat, &attributes);
}

static void render(Display *d, double seconds) {
    int event_base, error_base;
    if (!XRenderQueryExtension(d, &event_base, &error_base)) {
        fprintf(stderr, "saffron-workload: the X server has no RENDER\n");
        exit(1);
    }
    int screen = DefaultScreen(d);
    Window window = window_at(d, 0, 0, COLUMNS * CELL, ROWS * CELL);
    XRenderPictFormat *argb = XRenderFindStandardFormat(d, PictStandardARGB32);
    XRenderPictFormat *a8 = XRenderFindStandardFormat(d, PictStandardA8);
    Picture target = XRenderCreatePicture(d, window, XRenderFindVisualFormat(d, DefaultVisual(d, screen)), 0, NULL);
    Picture sources[3], masks[2];
    for (unsigned i = 0; i < 3; i++) {
        sources[i] = XRenderCreatePicture(d, argb_tile(d, window, i), argb, 0, NULL);
    }
    for (unsigned i = 0; i < 2; i++) {
        masks[i] = XRenderCreatePicture(d, alpha_tile(d, window, i), a8, 0, NULL);
    }
    /* Off-screen destinations: an ARGB32 layer and an A8 mask built by compositing. */
    Picture layer = XRenderCreatePicture(d, XCreatePixmap(d, window, CELL, CELL, 32), argb, 0, NULL);
    Picture built = XRenderCreatePicture(d, XCreatePixmap(d, window, TILE, TILE, 8), a8, 0, NULL);
    static const int ops[] = {PictOpOver, PictOpAdd, PictOpIn, PictOpOut, PictOpAtop, PictOpXor, PictOpSrc,
                              PictOpOverReverse, PictOpInReverse, PictOpOutReverse, PictOpAtopReverse,
                              PictOpMultiply, PictOpScreen, PictOpDarken, PictOpLighten, PictOpDifference};
    static const int repeats[] = {RepeatNone, RepeatNormal, RepeatPad, RepeatReflect};
    XRenderColor backdrop = {0x2000, 0x4000, 0x6000, 0xffff};
    XRenderColor translucent = {0x3000, 0x1000, 0x0800, 0x8000};
    double start = now();
    for (unsigned frame = 0; now() - start < seconds; frame++) {
        XRenderFillRectangle(d, PictOpSrc, target, &backdrop, 0, 0, COLUMNS * CELL, ROWS * CELL);
        unsigned cell = 0;
        for (unsigned row = 0; row < ROWS; row++) {
            for (unsigned column = 0; column < COLUMNS; column++, cell++) {
                int x = column * CELL + 8, y = row * CELL + 8, shift = (frame * 3 + cell) % 16;
                Picture source = sources[(cell + frame) % 3];
                Picture mask = masks[(cell / 3 + frame) % 2];
                int op = ops[(cell + frame) % (sizeof ops / sizeof ops[0])];
                int repeat = repeats[(cell / 2 + frame) % 4];
                /* A backdrop with alpha-less colour and a partly transparent underlay, so every operator shows. */
                XRenderComposite(d, PictOpOver, sources[(cell + 1) % 3], None, target, 0, 0, 0, 0,
                                 x + 8, y + 8, TILE, TILE);
                switch (row) {
                case 0: /* plain ARGB32 composites under each operator */
                    set_repeat(d, source, RepeatNone);
                    XRenderComposite(d, op, source, None, target, shift, 0, 0, 0, x, y, CELL - 16, CELL - 16);
                    break;
                case 1: /* with an A8 mask, the mask repeating */
                    set_repeat(d, source, repeat);
                    set_repeat(d, mask, RepeatNormal);
                    XRenderComposite(d, op, source, mask, target, shift, shift, 0, shift / 2, x, y,
                                     CELL - 16, CELL - 16);
                    set_repeat(d, source, RepeatNone);
                    set_repeat(d, mask, RepeatNone);
                    break;
                case 2: /* scaled up and down, nearest and bilinear, every repeat mode */
                    scale(d, source, column % 2 ? 1.5 : 0.625, column % 4 < 2 ? "nearest" : "bilinear");
                    set_repeat(d, source, repeat);
                    XRenderComposite(d, PictOpOver, source, None, target, shift, shift, 0, 0, x, y,
                                     CELL - 16, CELL - 16);
                    scale(d, source, 1, "nearest");
                    set_repeat(d, source, RepeatNone);
                    break;
                case 3: /* a scaled A8 mask with its own filter */
                    scale(d, mask, column % 2 ? 1.25 : 0.75, column % 4 < 2 ? "bilinear" : "nearest");
                    set_repeat(d, mask, repeat);
                    XRenderComposite(d, op, source, mask, target, 0, 0, shift, 0, x, y, CELL - 16, CELL - 16);
                    scale(d, mask, 1, "nearest");
                    set_repeat(d, mask, RepeatNone);
                    break;
                default: /* through an off-screen ARGB32 layer and a composited A8 mask */
                    XRenderFillRectangle(d, PictOpSrc, layer, &translucent, 0, 0, CELL, CELL);
                    XRenderComposite(d, op, source, None, layer, shift, 0, 0, 0, 4, 4, TILE, TILE);
                    XRenderComposite(d, PictOpSrc, masks[0], None, built, 0, 0, 0, 0, 0, 0, TILE, TILE);
                    XRenderComposite(d, PictOpAdd, masks[1], None, built, shift, 0, 0, 0, 0, 0, TILE, TILE);
                    XRenderComposite(d, PictOpOver, layer, column % 2 ? built : None, target, 0, 0, 0, 0,
                                     x, y, TILE, TILE);
                    break;
                }
            }
        }
        XSync(d, False);
        pause_until(start + (frame + 1) / 5.0);
    }
}

int main(int argc, char **argv) {
    double seconds = argc == 3 ? atof(argv[2]) : 0;
    if (argc != 3 || seconds <= 0 || (strcmp(argv[1], "animate") != 0 && strcmp(argv[1], "video") != 0
                                      && strcmp(argv[1], "render") != 0)) {
        fprintf(stderr, "usage: saffron-workload animate|video|render SECONDS\n");
        return 2;
    }
    Display *d = XOpenDisplay(NULL);
    if (d == NULL) {
        fprintf(stderr, "saffron-workload: cannot open display %s\n", XDisplayName(NULL));
        return 1;
    }
    if (strcmp(argv[1], "animate") == 0) {
        animate(d, seconds);
    } else if (strcmp(argv[1], "video") == 0) {
        video(d, seconds);
    } else {
        render(d, seconds);
        XSetCloseDownMode(d, RetainPermanent);
    }
    XCloseDisplay(d);
    return 0;
}
