/* SPDX-License-Identifier: MIT */
/*
 * Helpers for the host unit tests: checks, a JSON validator, and running
 * the CLI as a subprocess.  Each test is a program that exits 0 (pass),
 * 1 (fail) or 77 (skip).
 */
#ifndef MEMSHARE_TESTUTIL_H
#define MEMSHARE_TESTUTIL_H

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define T_PASS 0
#define T_FAIL 1
#define T_SKIP 77

static int t_failures;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n",		\
			__FILE__, __LINE__, #cond);			\
		t_failures++;						\
	}								\
} while (0)

#define CHECK_INT(a, b) do {						\
	long long _a = (long long)(a), _b = (long long)(b);		\
	if (_a != _b) {							\
		fprintf(stderr, "%s:%d: %s == %lld, expected %s == %lld\n",\
			__FILE__, __LINE__, #a, _a, #b, _b);		\
		t_failures++;						\
	}								\
} while (0)

#define CHECK_U64(a, b) do {						\
	uint64_t _a = (uint64_t)(a), _b = (uint64_t)(b);		\
	if (_a != _b) {							\
		fprintf(stderr, "%s:%d: %s == 0x%" PRIx64 ", expected "	\
			"0x%" PRIx64 "\n", __FILE__, __LINE__, #a, _a, _b);\
		t_failures++;						\
	}								\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *_a = (a), *_b = (b);				\
	if (!_a || !_b || strcmp(_a, _b)) {				\
		fprintf(stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n",\
			__FILE__, __LINE__, #a, _a ? _a : "(null)",	\
			_b ? _b : "(null)");				\
		t_failures++;						\
	}								\
} while (0)

static inline int t_result(void)
{
	if (t_failures) {
		fprintf(stderr, "%d check(s) failed\n", t_failures);
		return T_FAIL;
	}
	return T_PASS;
}

/* ---- a strict JSON (RFC 8259) validator ------------------------------- */

static const char *tj_value(const char *p, int depth);

static const char *tj_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static const char *tj_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	for (;;) {
		unsigned char c = (unsigned char)*p++;

		if (c == '"')
			return p;
		if (c < 0x20)
			return NULL;
		if (c == '\\') {
			c = (unsigned char)*p++;
			if (c == 'u') {
				for (int i = 0; i < 4; i++, p++)
					if (!((*p >= '0' && *p <= '9') ||
					      (*p >= 'a' && *p <= 'f') ||
					      (*p >= 'A' && *p <= 'F')))
						return NULL;
			} else if (!c || !strchr("\"\\/bfnrt", c)) {
				return NULL;
			}
		}
	}
}

static const char *tj_number(const char *p)
{
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return NULL;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return NULL;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (*p < '0' || *p > '9')
			return NULL;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return p;
}

static const char *tj_value(const char *p, int depth)
{
	if (depth > 64)
		return NULL;
	p = tj_ws(p);
	switch (*p) {
	case '{':
		p = tj_ws(p + 1);
		if (*p == '}')
			return p + 1;
		for (;;) {
			p = tj_string(tj_ws(p));
			if (!p)
				return NULL;
			p = tj_ws(p);
			if (*p++ != ':')
				return NULL;
			p = tj_value(p, depth + 1);
			if (!p)
				return NULL;
			p = tj_ws(p);
			if (*p == '}')
				return p + 1;
			if (*p++ != ',')
				return NULL;
		}
	case '[':
		p = tj_ws(p + 1);
		if (*p == ']')
			return p + 1;
		for (;;) {
			p = tj_value(p, depth + 1);
			if (!p)
				return NULL;
			p = tj_ws(p);
			if (*p == ']')
				return p + 1;
			if (*p++ != ',')
				return NULL;
		}
	case '"':
		return tj_string(p);
	case 't':
		return strncmp(p, "true", 4) ? NULL : p + 4;
	case 'f':
		return strncmp(p, "false", 5) ? NULL : p + 5;
	case 'n':
		return strncmp(p, "null", 4) ? NULL : p + 4;
	default:
		return tj_number(p);
	}
}

/* Is @s exactly one JSON value (and whitespace)? */
static inline bool json_valid(const char *s)
{
	const char *end = tj_value(s, 0);

	return end && !*tj_ws(end);
}

/*
 * The raw text of the value of @key in the top-level object @s (e.g.
 * "false", "\"0.1.0\"", "{...}") into @out; false if absent.
 */
static inline bool json_get(const char *s, const char *key, char *out,
			    size_t size)
{
	const char *p = tj_ws(s);

	if (*p++ != '{')
		return false;
	p = tj_ws(p);
	if (*p == '}')
		return false;
	for (;;) {
		const char *k = tj_ws(p), *ke = tj_string(k), *v, *ve;

		if (!ke)
			return false;
		p = tj_ws(ke);
		if (*p++ != ':')
			return false;
		v = tj_ws(p);
		ve = tj_value(v, 1);
		if (!ve)
			return false;
		if ((size_t)(ke - k - 2) == strlen(key) &&
		    !strncmp(k + 1, key, strlen(key))) {
			size_t n = (size_t)(ve - v);

			if (n >= size)
				n = size - 1;
			memcpy(out, v, n);
			out[n] = '\0';
			return true;
		}
		p = tj_ws(ve);
		if (*p++ != ',')
			return false;
	}
}

/* ---- running a program ------------------------------------------------- */

struct run_result {
	int status;		/* exit code, or 128 + signal */
	char *out, *err;	/* NUL-terminated */
	size_t out_len, err_len;
};

static inline char *t_slurp(int fd, size_t *len)
{
	off_t size = lseek(fd, 0, SEEK_END);
	char *buf;

	if (size < 0)
		size = 0;
	buf = calloc(1, (size_t)size + 1);
	if (!buf)
		abort();
	if (size && pread(fd, buf, (size_t)size, 0) != size)
		size = 0;
	*len = (size_t)size;
	buf[size] = '\0';
	return buf;
}

/*
 * Run @argv (NULL-terminated) with stdin from @input (may be NULL: empty):
 * exec @path when it is not NULL, else call @fn(argc, argv) in a forked
 * child.  Returns 0 or -errno.
 */
static inline int t_run(const char *path, int (*fn)(int, char **),
			char **argv, const char *input, struct run_result *r)
{
	int in = memfd_create("stdin", MFD_CLOEXEC);
	int out = memfd_create("stdout", MFD_CLOEXEC);
	int err = memfd_create("stderr", MFD_CLOEXEC);
	int status, argc = 0;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	if (in < 0 || out < 0 || err < 0)
		return -errno;
	if (input && write(in, input, strlen(input)) != (ssize_t)strlen(input))
		return -EIO;
	while (argv[argc])
		argc++;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		lseek(in, 0, SEEK_SET);
		if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
			_exit(126);
		if (path) {
			execv(path, argv);
			_exit(127);
		}
		status = fn(argc, argv);
		fflush(stdout);
		fflush(stderr);
		_exit(status);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) :
		    128 + WTERMSIG(status);
	r->out = t_slurp(out, &r->out_len);
	r->err = t_slurp(err, &r->err_len);
	close(in);
	close(out);
	close(err);
	return 0;
}

static inline void t_run_free(struct run_result *r)
{
	free(r->out);
	free(r->err);
	memset(r, 0, sizeof(*r));
}

/* Number of '\n' in @s. */
static inline int t_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

#endif /* MEMSHARE_TESTUTIL_H */
