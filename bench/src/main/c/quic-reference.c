/*
 * Times spice-common's QUIC decoder (common/quic.c, which this file links but does not contain) on a QUIC
 * stream in a file, in thread CPU time per decode, to set beside Saffron's figure for the same stream
 * (dev.saffron.bench.SyntheticQuicFile writes it; README, Performance, "Decoders"). Build against a
 * spice-common checkout, as distributions build it (-O2):
 *
 *   touch "$SPICE_COMMON/config.h"     # quic.c includes it; nothing in it is needed
 *   gcc -O2 -I"$SPICE_COMMON" -I"$SPICE_COMMON/common" $(pkg-config --cflags glib-2.0 spice-protocol) \
 *       -o quic-reference bench/src/main/c/quic-reference.c \
 *       "$SPICE_COMMON/common/quic.c" "$SPICE_COMMON/common/log.c" $(pkg-config --libs glib-2.0)
 *   ./quic-reference FILE [ROUNDS]
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "quic.h"

#define WARM_UP_ROUNDS 50

void spice_backtrace(void);

/* log.c prints a backtrace on a fatal log; nothing here logs fatally but a failed decode, which exits. */
void spice_backtrace(void) {
}

SPICE_GNUC_NORETURN static void fail(QuicUsrContext *usr, const char *format, ...) {
    va_list args;
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    exit(1);
}

static void quiet(QuicUsrContext *usr, const char *format, ...) {
}

static void *allocate(QuicUsrContext *usr, int size) {
    return malloc(size);
}

static void release(QuicUsrContext *usr, void *pointer) {
    free(pointer);
}

/* The whole stream is in memory: asking for more means it was cut short. */
static int no_more_space(QuicUsrContext *usr, uint32_t **io, int rows) {
    return 0;
}

static int no_more_lines(QuicUsrContext *usr, uint8_t **lines) {
    return 0;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *) a;
    double y = *(const double *) b;
    return x < y ? -1 : x > y;
}

static double cpu_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: quic-reference FILE [ROUNDS]\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "rb");
    if (in == NULL) {
        perror(argv[1]);
        return 1;
    }
    fseek(in, 0, SEEK_END);
    long size = ftell(in);
    fseek(in, 0, SEEK_SET);
    uint32_t *stream = malloc(size + 4);
    if (fread(stream, 1, size, in) != (size_t) size) {
        perror(argv[1]);
        return 1;
    }
    fclose(in);
    int rounds = argc > 2 ? atoi(argv[2]) : 300;
    QuicUsrContext usr = {fail, quiet, quiet, allocate, release, no_more_space, no_more_lines};
    QuicContext *quic = quic_create(&usr);
    QuicImageType type;
    int width;
    int height;
    if (quic_decode_begin(quic, stream, size / 4, &type, &width, &height) != QUIC_OK) {
        fprintf(stderr, "not a QUIC stream\n");
        return 1;
    }
    uint8_t *pixels = malloc((size_t) width * height * 4);
    double *times = malloc(sizeof(double) * rounds);
    for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
        double start = cpu_ms();
        if (quic_decode_begin(quic, stream, size / 4, &type, &width, &height) != QUIC_OK
                || quic_decode(quic, QUIC_IMAGE_TYPE_RGB32, pixels, width * 4) != QUIC_OK) {
            fprintf(stderr, "the stream does not decode\n");
            return 1;
        }
        if (round >= 0) {
            times[round] = cpu_ms() - start;
        }
    }
    qsort(times, rounds, sizeof(double), by_value);
    printf("spice-common quic.c %dx%d: median %.2f ms CPU per decode (quartiles %.2f-%.2f), %d rounds\n", width,
           height, times[rounds / 2], times[rounds / 4], times[3 * rounds / 4], rounds);
    quic_destroy(quic);
    return 0;
}
