/*
 * The CPU time this process has used so far, for the C collectors (reference-collector.c, audio-collector.c):
 * utime + stime from /proc/self/stat, in milliseconds. Exits with a message naming the collector if the file
 * cannot be read.
 */
#ifndef SAFFRON_PROCESS_CPU_H
#define SAFFRON_PROCESS_CPU_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static double process_cpu_ms(const char *collector)
{
    FILE *file = fopen("/proc/self/stat", "r");
    char line[4096];
    if (file == NULL || fgets(line, sizeof line, file) == NULL) {
        fprintf(stderr, "%s: cannot read /proc/self/stat\n", collector);
        exit(1);
    }
    fclose(file);
    /* The command name in parentheses may hold spaces; the fields counted below start after its ')'. */
    const char *rest = strrchr(line, ')');
    unsigned long long utime = 0;
    unsigned long long stime = 0;
    if (rest == NULL
        || sscanf(rest + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2) {
        fprintf(stderr, "%s: unexpected /proc/self/stat: %s\n", collector, line);
        exit(1);
    }
    return (double) (utime + stime) * 1000.0 / (double) sysconf(_SC_CLK_TCK);
}

#endif
