/* SPDX-License-Identifier: MIT */
/*
 * bench.h: helpers shared by the memshare benchmarks (bench/NAME.c).
 *
 * Benchmarks report ratios against a peer measured in the same run: the
 * machine is noisy (and under QEMU TCG not real hardware), so absolute
 * numbers are only context.  Everything here is static: each benchmark is a
 * single translation unit.
 */
#ifndef MS_BENCH_H
#define MS_BENCH_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BENCH_PAGE	4096UL
#define BENCH_MIB	(1UL << 20)

/* ---- time ------------------------------------------------------------ */

static inline uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* ---- statistics ---------------------------------------------------------- */

static int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median of @n values (sorts a copy); n >= 1. */
static inline double bench_median(const double *v, int n)
{
	double tmp[n];

	memcpy(tmp, v, sizeof(double) * (size_t)n);
	qsort(tmp, (size_t)n, sizeof(double), bench_cmp_double);
	return n % 2 ? tmp[n / 2] : (tmp[n / 2 - 1] + tmp[n / 2]) / 2;
}

static inline double bench_min(const double *v, int n)
{
	double m = v[0];

	for (int i = 1; i < n; i++)
		if (v[i] < m)
			m = v[i];
	return m;
}

static inline double bench_max(const double *v, int n)
{
	double m;

	if (n <= 0)
		return 0;
	m = v[0];
	for (int i = 1; i < n; i++)
		if (v[i] > m)
			m = v[i];
	return m;
}

/* ---- messages -------------------------------------------------------------- */

static bool bench_quiet;

/* Progress goes to stderr, results to stdout. */
__attribute__((format(printf, 1, 2)))
static inline void bench_log(const char *fmt, ...)
{
	va_list ap;

	if (bench_quiet)
		return;
	fputs("# ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

__attribute__((format(printf, 1, 2), noreturn))
static inline void bench_die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("memshare-bench: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* A JSON string literal of @s (ASCII control characters escaped). */
static inline void bench_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

#endif /* MS_BENCH_H */
