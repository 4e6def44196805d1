// SPDX-License-Identifier: MIT
/*
 * memshare xlate, maps and kaddr on the host, where the pagemap backend
 * works without the module: a forked child maps 4 pages between two
 * PROT_NONE guards, touches the first two and waits; the CLI translates
 * them (--pid CHILD --backend pagemap), as text and JSON, and must agree
 * with /proc/CHILD/pagemap.  Usage errors, the module backend and kaddr
 * without the module, and another user's process (as root) fail cleanly.
 * Runs cli_main() in a forked child and the built binary, as tests/unit/cli.c.
 */
#include <grp.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <sys/prctl.h>

#include <memshare.h>

#include "cli.h"
#include "errors.h"
#include "testutil.h"

#define NPAGES	4		/* mapped; the first TOUCHED are touched */
#define TOUCHED	2

static const char *bin;		/* the binary, or NULL: in-process */
static bool no_module;		/* no /dev/memshare */
static bool root;
static pid_t child;
static uint64_t addr;		/* the child's mapping */
static uint64_t page;
static uint64_t pfn[NPAGES];	/* from /proc/CHILD/pagemap; 0: hidden */

#define RUNV(r, argv) do {						\
	if (t_run(bin, cli_main, argv, NULL, &(r))) {			\
		fprintf(stderr, "cannot run %s\n", bin ? bin : "cli");	\
		t_failures++;						\
	}								\
} while (0)

#define RUN(r, ...) do {						\
	char *_argv[] = { "memshare", __VA_ARGS__, NULL };		\
	RUNV(r, _argv);							\
} while (0)

/* Exit @code, nothing on stdout, one line on stderr starting with
 * @prefix and containing @needle (and @needle2). */
static void expect_error(const struct run_result *r, int code,
			 const char *prefix, const char *needle,
			 const char *needle2, const char *what)
{
	bool ok = r->status == code && r->out_len == 0 &&
		  t_lines(r->err) == 1 &&
		  !strncmp(r->err, prefix, strlen(prefix)) &&
		  (!needle || strstr(r->err, needle)) &&
		  (!needle2 || strstr(r->err, needle2));

	if (!ok) {
		fprintf(stderr, "[%s] %s: exit %d (want %d), stdout \"%s\", "
			"stderr \"%s\" (want one line \"%s...\" with \"%s\" "
			"and \"%s\")\n", bin ? "binary" : "in-process", what,
			r->status, code, r->out, r->err, prefix,
			needle ? needle : "", needle2 ? needle2 : "");
		t_failures++;
	}
}

/* The value of @key in the object @doc must be exactly @want. */
static void expect_json(const char *doc, const char *key, const char *want,
			const char *what)
{
	char v[4096];

	if (!json_get(doc, key, v, sizeof(v))) {
		fprintf(stderr, "%s: no key \"%s\" in %s\n", what, key, doc);
		t_failures++;
		return;
	}
	if (want && strcmp(v, want)) {
		fprintf(stderr, "%s: \"%s\" is %s, expected %s\n", what, key, v,
			want);
		t_failures++;
	}
}

/* The elements of the JSON array @arr: pointers into it and lengths. */
static int json_elems(const char *arr, const char **el, size_t *len, int max)
{
	const char *p = tj_ws(arr);
	int n = 0;

	if (*p++ != '[')
		return -1;
	p = tj_ws(p);
	if (*p == ']')
		return 0;
	for (;;) {
		const char *s = tj_ws(p), *e = tj_value(s, 1);

		if (!e || n == max)
			return -1;
		el[n] = s;
		len[n++] = (size_t)(e - s);
		p = tj_ws(e);
		if (*p == ']')
			return n;
		if (*p++ != ',')
			return -1;
	}
}

/* Copy element @i of @el/@len into a NUL-terminated buffer. */
static char *elem_dup(const char *const *el, const size_t *len, int i)
{
	char *s = malloc(len[i] + 1);

	if (!s)
		abort();
	memcpy(s, el[i], len[i]);
	s[len[i]] = '\0';
	return s;
}

static uint64_t json_hex_value(const char *obj, const char *key)
{
	char v[64];
	uint64_t x = UINT64_MAX;

	if (json_get(obj, key, v, sizeof(v)) &&
	    sscanf(v, "\"0x%" SCNx64 "\"", &x) != 1)
		x = UINT64_MAX;
	return x;
}

static uint64_t json_u64_value(const char *obj, const char *key)
{
	char v[64];
	uint64_t x = UINT64_MAX;

	if (json_get(obj, key, v, sizeof(v)) &&
	    sscanf(v, "%" SCNu64, &x) != 1)
		x = UINT64_MAX;
	return x;
}

/* ---- the child ------------------------------------------------------------ */

static pid_t start_child(uint64_t *out)
{
	int fds[2];
	pid_t pid;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		char *m = mmap(NULL, (NPAGES + 2) * page, PROT_NONE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		uint64_t a;

		close(fds[0]);
		if (m == MAP_FAILED ||
		    mprotect(m + page, NPAGES * page, PROT_READ | PROT_WRITE))
			_exit(1);
		for (int i = 0; i < TOUCHED; i++)
			m[(1 + i) * page] = (char)(i + 1);
		a = (uint64_t)(uintptr_t)(m + page);
		if (write(fds[1], &a, sizeof(a)) != sizeof(a))
			_exit(1);
		close(fds[1]);
		for (;;)
			pause();
	}
	close(fds[1]);
	if (read(fds[0], out, sizeof(*out)) != sizeof(*out)) {
		close(fds[0]);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return -1;
	}
	close(fds[0]);
	return pid;
}

static void read_pagemap(void)
{
	char path[64];
	uint64_t pm[NPAGES];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)child);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK(pread(fd, pm, sizeof(pm), (off_t)(addr / page * 8)) ==
	      (ssize_t)sizeof(pm));
	close(fd);
	for (int i = 0; i < NPAGES; i++) {
		CHECK_INT(!!(pm[i] >> 63), i < TOUCHED);
		pfn[i] = pm[i] & ((UINT64_C(1) << 55) - 1);
	}
}

/* ---- the checks ------------------------------------------------------------ */

static void check_xlate_text(void)
{
	char a0[32], a2[32], want[64], pidarg[16];
	struct run_result r;
	char *line;

	snprintf(pidarg, sizeof(pidarg), "%d", (int)child);
	snprintf(a0, sizeof(a0), "0x%" PRIx64, addr + 16);
	snprintf(a2, sizeof(a2), "%" PRIu64, addr + 2 * page);	/* decimal */
	RUN(r, "xlate", "--pid", pidarg, "--backend", "pagemap", a0, a2);
	CHECK_INT(r.status, 0);
	CHECK_INT(r.err_len, 0);
	CHECK_INT(t_lines(r.out), 3);	/* the header, one line each */
	CHECK(!strncmp(r.out, "VADDR ", 6));
	line = strchr(r.out, '\n');
	if (!line)
		goto out;
	line++;
	CHECK(!strncmp(line, a0, strlen(a0)));
	CHECK(strstr(line, " present") != NULL);
	CHECK(strstr(line, " anon ") != NULL);
	if (pfn[0]) {
		/* the PFN and the physical address of the byte asked */
		snprintf(want, sizeof(want), " 0x%" PRIx64 " ", pfn[0]);
		CHECK(strstr(line, want) != NULL);
		snprintf(want, sizeof(want), " 0x%" PRIx64 " ",
			 pfn[0] * page + 16);
		CHECK(strstr(line, want) != NULL);
	} else {
		CHECK(strstr(line, " -  ") != NULL);	/* hidden */
	}
	/* pagemap knows neither the page size nor the level */
	CHECK(strstr(line, " ?    ?     anon") != NULL);
	line = strchr(line, '\n');
	if (!line)
		goto out;
	line++;
	snprintf(want, sizeof(want), "0x%" PRIx64 " ", addr + 2 * page);
	CHECK(!strncmp(line, want, strlen(want)));
	CHECK(strstr(line, "not-present") != NULL);
	CHECK(strstr(line, " present") == NULL);
out:
	if (t_failures)
		fprintf(stderr, "xlate output:\n%s", r.out);
	t_run_free(&r);
}

static void check_xlate_json(void)
{
	char a0[32], a1[32], rg[64], pidarg[16], v[8192], want[64];
	const char *el[16];
	size_t len[16];
	struct run_result r;
	uint64_t covered = 0, present = 0;
	int n;

	snprintf(pidarg, sizeof(pidarg), "%d", (int)child);
	snprintf(a0, sizeof(a0), "0x%" PRIx64, addr);
	snprintf(a1, sizeof(a1), "0x%" PRIx64, addr + page);
	snprintf(rg, sizeof(rg), "0x%" PRIx64 "-0x%" PRIx64, addr,
		 addr + NPAGES * page);
	/* order kept: an address, a range, an address */
	RUN(r, "--json", "xlate", "--pid", pidarg, "--backend", "pagemap",
	    a1, rg, a0);
	CHECK_INT(r.status, 0);
	CHECK_INT(r.err_len, 0);
	CHECK(json_valid(r.out));
	snprintf(want, sizeof(want), "%d", (int)child);
	expect_json(r.out, "pid", want, "xlate --json");
	expect_json(r.out, "backend", "\"pagemap\"", "xlate --json");
	if (!json_get(r.out, "results", v, sizeof(v))) {
		fprintf(stderr, "no results in %s\n", r.out);
		t_failures++;
		goto out;
	}
	n = json_elems(v, el, len, 16);
	CHECK(n >= 3);
	for (int i = 0; i < n; i++) {
		char *o = elem_dup(el, len, i);
		bool first = i == 0, last = i == n - 1;
		uint64_t va = json_hex_value(o, "vaddr");
		char fl[512];

		CHECK(json_valid(o));
		expect_json(o, "type", first || last ? "\"address\"" :
			    "\"extent\"", "type");
		expect_json(o, "backend", "\"pagemap\"", "backend");
		/* pagemap: no level, page size, entries */
		expect_json(o, "level", "null", "level");
		expect_json(o, "page_size", "null", "page_size");
		expect_json(o, "entries", "null", "entries");
		expect_json(o, "mapped", "true", "mapped");
		CHECK(json_get(o, "known", fl, sizeof(fl)) &&
		      strstr(fl, "\"present\"") && strstr(fl, "\"vma\"") &&
		      !strstr(fl, "\"level\""));
		CHECK(json_get(o, "vma", fl, sizeof(fl)));
		expect_json(fl, "kind", "\"anon\"", "vma kind");
		expect_json(fl, "perms", "\"rw-p\"", "vma perms");
		expect_json(fl, "path", "null", "vma path");
		CHECK_U64(json_hex_value(fl, "start"), addr);
		CHECK_U64(json_hex_value(fl, "end"), addr + NPAGES * page);
		if (first || last) {
			CHECK_U64(va, first ? addr + page : addr);
			expect_json(o, "present", "true", "present");
			CHECK(json_get(o, "flags", fl, sizeof(fl)) &&
			      strstr(fl, "\"present\""));
			CHECK_U64(json_u64_value(o, "length"), page);
			if (pfn[0]) {
				CHECK_U64(json_hex_value(o, "pfn"),
					  pfn[first ? 1 : 0]);
				CHECK_U64(json_hex_value(o, "paddr"),
					  pfn[first ? 1 : 0] * page);
			} else {
				expect_json(o, "pfn", "null", "hidden pfn");
			}
		} else {
			uint64_t l = json_u64_value(o, "length");
			uint64_t p0 = (va - addr) / page;

			/* extents: in order, no holes, over the range */
			CHECK_U64(va, addr + covered);
			covered += l;
			if (json_get(o, "present", fl, sizeof(fl)) &&
			    !strcmp(fl, "true")) {
				present += l;
				CHECK(p0 < TOUCHED);
				if (pfn[0] && p0 < NPAGES)
					CHECK_U64(json_hex_value(o, "pfn"),
						  pfn[p0]);
			} else {
				expect_json(o, "pfn", "null", "absent pfn");
				CHECK(p0 >= TOUCHED);
			}
		}
		free(o);
	}
	CHECK_U64(covered, NPAGES * page);
	CHECK_U64(present, TOUCHED * page);
out:
	if (t_failures)
		fprintf(stderr, "xlate --json output:\n%s", r.out);
	t_run_free(&r);
}

/*
 * Whether the process @pid (0: this one) maps more than 1 TiB: with the
 * pagemap backend, maps reads 8 bytes per page of it (AddressSanitizer's
 * shadow is 16 TiB: too slow for a test).
 */
static bool huge_vm(int pid)
{
	unsigned long long start, end, total = 0;
	char path[64], line[512];
	FILE *f;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	else
		snprintf(path, sizeof(path), "/proc/self/maps");
	f = fopen(path, "re");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx-%llx", &start, &end) == 2 &&
		    !strstr(line, "[vsyscall]"))
			total += end - start;
	fclose(f);
	return total > (1ULL << 40);
}

static void check_maps(void)
{
	char pidarg[16], start[40], v[65536];
	unsigned long long kb = 0, rss = 0;
	struct run_result r;
	const char *line, **el;
	size_t *len;
	bool found = false;
	int n;

	if (huge_vm(child)) {
		printf("SKIP part: maps: the child maps over 1 TiB (a "
		       "sanitizer's shadow?)\n");
		return;
	}
	snprintf(pidarg, sizeof(pidarg), "%d", (int)child);
	snprintf(start, sizeof(start), "%016" PRIx64 "-%016" PRIx64, addr,
		 addr + NPAGES * page);
	RUN(r, "maps", "--pid", pidarg, "--backend", "pagemap");
	CHECK_INT(r.status, 0);
	CHECK_INT(r.err_len, 0);
	line = strstr(r.out, start);
	CHECK(line != NULL);
	if (line) {
		CHECK(sscanf(line + strlen(start), " %llu %llu", &kb,
			     &rss) == 2);
		CHECK_INT(kb, NPAGES * page / 1024);
		CHECK_INT(rss, TOUCHED * page / 1024);
		CHECK(!strncmp(strstr(line, " rw-p ") ? strstr(line, " rw-p ") :
			       "", " rw-p anon", 10));
	}
	CHECK(strstr(r.out, "\ntotal (") != NULL);
	t_run_free(&r);

	RUN(r, "--json", "maps", "--pid", pidarg, "--backend", "pagemap");
	CHECK_INT(r.status, 0);
	CHECK(json_valid(r.out));
	expect_json(r.out, "backend", "\"pagemap\"", "maps --json");
	expect_json(r.out, "totals", NULL, "maps --json");
	el = calloc(4096, sizeof(*el));
	len = calloc(4096, sizeof(*len));
	if (!el || !len)
		abort();
	n = json_get(r.out, "vmas", v, sizeof(v)) ?
	    json_elems(v, el, len, 4096) : -1;
	CHECK(n > 0);
	for (int i = 0; i < n; i++) {
		char *o = elem_dup(el, len, i);

		if (json_hex_value(o, "start") == addr) {
			found = true;
			CHECK_U64(json_hex_value(o, "end"),
				  addr + NPAGES * page);
			CHECK_U64(json_u64_value(o, "size"), NPAGES * page);
			CHECK_U64(json_u64_value(o, "resident"),
				  TOUCHED * page);
			expect_json(o, "swapped", "0", "maps swapped");
			expect_json(o, "kind", "\"anon\"", "maps kind");
			expect_json(o, "perms", "\"rw-p\"", "maps perms");
			expect_json(o, "huge_pages", NULL, "maps huge_pages");
			if (pfn[0])
				CHECK(json_u64_value(o, "extents") >= 1 &&
				      json_u64_value(o, "extents") <= TOUCHED);
			else
				expect_json(o, "extents", "null",
					    "hidden extents");
		}
		free(o);
	}
	CHECK(found);
	free(el);
	free(len);
	if (t_failures)
		fprintf(stderr, "maps output:\n%s", r.out);
	t_run_free(&r);
}

static void check_usage(void)
{
	struct run_result r;

	RUN(r, "xlate", "0xzz");
	expect_error(&r, 2, "memshare: xlate: bad address '0xzz': EINVAL",
		     "usage: memshare [--json] xlate [--pid P]", NULL,
		     "xlate 0xzz");
	t_run_free(&r);

	RUN(r, "xlate", "0x");
	expect_error(&r, 2, "memshare: xlate: bad address '0x'", "usage:",
		     NULL, "xlate 0x");
	t_run_free(&r);

	RUN(r, "xlate", "12ab");	/* hex needs 0x */
	expect_error(&r, 2, "memshare: xlate: bad address '12ab'", "usage:",
		     NULL, "xlate 12ab");
	t_run_free(&r);

	RUN(r, "xlate", "0x10000000000000000");
	expect_error(&r, 2, "memshare: xlate: bad address", "ERANGE",
		     "usage:", "xlate overflow");
	t_run_free(&r);

	RUN(r, "xlate", "0x2000-0x1000");
	expect_error(&r, 2, "memshare: xlate: bad range '0x2000-0x1000': "
		     "START must be below END", "usage:", NULL,
		     "xlate START > END");
	t_run_free(&r);

	RUN(r, "xlate", "0x1000-0x1000");
	expect_error(&r, 2, "memshare: xlate: bad range", "START must be "
		     "below END", "usage:", "xlate START == END");
	t_run_free(&r);

	RUN(r, "xlate", "0x1000-");
	expect_error(&r, 2, "memshare: xlate: bad address '0x1000-'",
		     "usage:", NULL, "xlate 0x1000-");
	t_run_free(&r);

	RUN(r, "xlate", "-0x1000");
	expect_error(&r, 2, "memshare: xlate: unknown option '-0'",
		     "usage:", NULL, "xlate -0x1000");
	t_run_free(&r);

	RUN(r, "xlate");
	expect_error(&r, 2, "memshare: xlate: missing arguments", "usage:",
		     NULL, "xlate");
	t_run_free(&r);

	RUN(r, "xlate", "--bogus", "0x1000");
	expect_error(&r, 2, "memshare: xlate: unknown option '--bogus'",
		     "usage:", NULL, "xlate --bogus");
	t_run_free(&r);

	RUN(r, "xlate", "--pid", "abc", "0x1000");
	expect_error(&r, 2, "memshare: xlate: bad --pid 'abc'", "usage:",
		     NULL, "xlate --pid abc");
	t_run_free(&r);

	RUN(r, "xlate", "--pid", "-5", "0x1000");
	expect_error(&r, 2, "memshare: xlate: bad --pid '-5'", "usage:",
		     NULL, "xlate --pid -5");
	t_run_free(&r);

	RUN(r, "xlate", "0x1000", "--pid");
	expect_error(&r, 2, "memshare: xlate: option '--pid' needs an "
		     "argument", "usage:", NULL, "xlate --pid");
	t_run_free(&r);

	RUN(r, "xlate", "--backend", "dma", "0x1000");
	expect_error(&r, 2, "memshare: xlate: bad --backend 'dma': module, "
		     "pagemap or auto", "usage:", NULL, "xlate --backend dma");
	t_run_free(&r);

	RUN(r, "maps", "0x1000");
	expect_error(&r, 2, "memshare: maps: unexpected argument '0x1000'",
		     "usage: memshare [--json] maps [--pid P] [--backend B]",
		     NULL, "maps 0x1000");
	t_run_free(&r);

	RUN(r, "maps", "--entries");
	expect_error(&r, 2, "memshare: maps: unknown option '--entries'",
		     "usage:", NULL, "maps --entries");
	t_run_free(&r);

	RUN(r, "kaddr");
	expect_error(&r, 2, "memshare: kaddr: missing arguments", "usage:",
		     NULL, "kaddr");
	t_run_free(&r);

	RUN(r, "kaddr", "0xffffffff8100000g");
	expect_error(&r, 2, "memshare: kaddr: bad address", "EINVAL",
		     "usage: memshare [--json] kaddr ADDR...", "kaddr bad");
	t_run_free(&r);

	RUN(r, "kaddr", "--pid", "1", "0x1000");
	expect_error(&r, 2, "memshare: kaddr: unknown option '--pid'",
		     "usage:", NULL, "kaddr --pid");
	t_run_free(&r);

	/* with --json: the line, and {"error": ...} on stdout */
	RUN(r, "--json", "xlate", "0x2000-0x1000");
	CHECK_INT(r.status, 2);
	CHECK_INT(t_lines(r.err), 1);
	CHECK(json_valid(r.out));
	expect_json(r.out, "error", NULL, "xlate --json usage error");
	t_run_free(&r);

	RUN(r, "help");
	CHECK_INT(r.status, 0);
	CHECK(strstr(r.out, "\n  xlate [--pid P] [--entries] [--page] "
		     "[--read] [--backend B] ADDR|START-END...\n") != NULL);
	CHECK(strstr(r.out, "\n  maps [--pid P] [--backend B] ") != NULL);
	CHECK(strstr(r.out, "\n  kaddr ADDR... ") != NULL);
	t_run_free(&r);
}

static void check_no_module(void)
{
	char a0[32], pidarg[16];
	struct run_result r;

	if (!no_module) {
		printf("SKIP part: %s exists\n", MS_CONTROL_PATH);
		return;
	}
	snprintf(pidarg, sizeof(pidarg), "%d", (int)child);
	snprintf(a0, sizeof(a0), "0x%" PRIx64, addr);
	RUN(r, "xlate", "--pid", pidarg, "--backend", "module", a0);
	expect_error(&r, 1, "memshare: xlate: pid ", ": ENODEV",
		     "the memshare module is not loaded", "xlate module");
	t_run_free(&r);

	RUN(r, "maps", "--backend", "module");
	expect_error(&r, 1, "memshare: maps: ENODEV", "--backend pagemap",
		     NULL, "maps module");
	t_run_free(&r);

	/* --read needs the module */
	RUN(r, "xlate", "--pid", pidarg, "--read", a0);
	expect_error(&r, 1, "memshare: xlate: pid ", "EOPNOTSUPP",
		     "--read needs the module backend", "xlate --read");
	t_run_free(&r);

	RUN(r, "xlate", "--backend", "pagemap", "--read", a0);
	expect_error(&r, 1, "memshare: xlate: EOPNOTSUPP", "not pagemap",
		     NULL, "xlate --read pagemap");
	t_run_free(&r);

	/* auto: pagemap */
	RUN(r, "--json", "xlate", "--pid", pidarg, a0);
	CHECK_INT(r.status, 0);
	expect_json(r.out, "backend", "\"pagemap\"", "xlate auto");
	t_run_free(&r);

	RUN(r, "kaddr", "0xffffffff81000000");
	expect_error(&r, 1, "memshare: open /dev/memshare: ENOENT",
		     "not loaded", NULL, "kaddr without module");
	t_run_free(&r);

	RUN(r, "--json", "kaddr", "0xffffffff81000000");
	CHECK_INT(r.status, 1);
	CHECK(json_valid(r.out));
	expect_json(r.out, "error", NULL, "kaddr --json");
	t_run_free(&r);
}

static void check_no_process(void)
{
	char pidarg[24], want[64];
	struct run_result r;
	long pid_max = 0;
	FILE *f = fopen("/proc/sys/kernel/pid_max", "re");

	if (f) {
		if (fscanf(f, "%ld", &pid_max) != 1)
			pid_max = 0;
		fclose(f);
	}
	if (pid_max <= 0 || pid_max >= INT_MAX) {
		printf("SKIP part: no pid_max\n");
		return;
	}
	/* above pid_max: no such process, ever */
	snprintf(pidarg, sizeof(pidarg), "%ld", pid_max + 1);
	snprintf(want, sizeof(want), "memshare: xlate: pid %s: ESRCH", pidarg);
	RUN(r, "xlate", "--pid", pidarg, "--backend", "pagemap", "0x1000");
	expect_error(&r, 1, want, "no such process", NULL, "xlate ESRCH");
	t_run_free(&r);

	snprintf(want, sizeof(want), "memshare: maps: pid %s: ESRCH", pidarg);
	RUN(r, "maps", "--pid", pidarg, "--backend", "pagemap");
	expect_error(&r, 1, want, "no such process", NULL, "maps ESRCH");
	t_run_free(&r);

	RUN(r, "--json", "maps", "--pid", pidarg, "--backend", "pagemap");
	CHECK_INT(r.status, 1);
	CHECK(json_valid(r.out));
	{
		char err[512] = "";

		CHECK(json_get(r.out, "error", err, sizeof(err)));
		expect_json(err, "errno", "\"ESRCH\"", "maps ESRCH json");
	}
	t_run_free(&r);
}

/* The hints of errors.c for translations. */
static void check_hints(void)
{
	const char *h;

	h = cli_xlate_hint(-EPERM, true, false, MS_BACKEND_AUTO);
	CHECK(h && strstr(h, "ptrace read access"));
	h = cli_xlate_hint(-EPERM, false, true, MS_BACKEND_MODULE);
	CHECK(h && !strcmp(h, "--read needs root (CAP_SYS_ADMIN)"));
	h = cli_xlate_hint(EPERM, true, true, MS_BACKEND_MODULE);
	CHECK(h && strstr(h, "ptrace") && strstr(h, "--read"));
	h = cli_xlate_hint(-ENODEV, false, false, MS_BACKEND_MODULE);
	CHECK(h && strstr(h, "not loaded") && strstr(h, "pagemap"));
	h = cli_xlate_hint(-EOPNOTSUPP, false, true, MS_BACKEND_PAGEMAP);
	CHECK(h && strstr(h, "not pagemap"));
	h = cli_xlate_hint(-EOPNOTSUPP, false, false, MS_BACKEND_MODULE);
	CHECK(h && strstr(h, "ABI 1.2"));
	h = cli_xlate_hint(-ENOTTY, false, false, MS_BACKEND_AUTO);
	CHECK(h && strstr(h, "feature xlate"));
	h = cli_xlate_hint(-ESRCH, true, false, MS_BACKEND_AUTO);
	CHECK(h && strstr(h, "no such process"));
	h = cli_hint(CLI_CTX_KADDR, -EOPNOTSUPP);
	CHECK(h && strstr(h, "feature kaddr"));
	h = cli_hint(CLI_CTX_KADDR, -EPERM);
	CHECK(h && strstr(h, "CAP_SYS_ADMIN"));
	CHECK(!cli_xlate_hint(-EIO, true, true, MS_BACKEND_AUTO));
}

/* In the child of t_run(): drop to nobody, then run the CLI. */
static int as_nobody(int argc, char **argv)
{
	if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
		return 99;
	/* as exec would: else its own /proc/self/pagemap is root's */
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	if (bin) {
		execv(bin, argv);
		return 127;
	}
	return cli_main(argc, argv);
}

static void check_permissions(void)
{
	char a0[32], pidarg[16];
	struct run_result r;

	if (!root) {
		printf("SKIP part: another user's process needs root to "
		       "set up\n");
		return;
	}
	snprintf(pidarg, sizeof(pidarg), "%d", (int)child);
	snprintf(a0, sizeof(a0), "0x%" PRIx64, addr);
	{
		char *argv[] = { "memshare", "xlate", "--pid", pidarg,
				 "--backend", "pagemap", a0, NULL };

		CHECK(!t_run(NULL, as_nobody, argv, NULL, &r));
		expect_error(&r, 1, "memshare: xlate: pid ", ": EPERM",
			     "ptrace read access", "xlate another user's");
		t_run_free(&r);
	}
	{
		char *argv[] = { "memshare", "maps", "--pid", pidarg, NULL };

		CHECK(!t_run(NULL, as_nobody, argv, NULL, &r));
		expect_error(&r, 1, "memshare: maps: pid ", ": EPERM",
			     "ptrace read access", "maps another user's");
		t_run_free(&r);
	}
	/* its own memory: PFNs hidden, so physical extents unknown */
	if (huge_vm(0)) {
		printf("SKIP part: maps as nobody: this process maps over "
		       "1 TiB (a sanitizer's shadow?)\n");
	} else {
		char *argv[] = { "memshare", "--json", "maps", "--backend",
				 "pagemap", NULL };
		char tot[512] = "";

		CHECK(!t_run(NULL, as_nobody, argv, NULL, &r));
		CHECK_INT(r.status, 0);
		CHECK(json_valid(r.out));
		CHECK(json_get(r.out, "totals", tot, sizeof(tot)));
		expect_json(tot, "extents", "null", "nobody's extents");
		CHECK(json_u64_value(tot, "resident") > 0);
		t_run_free(&r);
	}
}

static void run_all(void)
{
	check_xlate_text();
	check_xlate_json();
	check_maps();
	check_usage();
	check_no_module();
	check_no_process();
	check_permissions();
}

int main(void)
{
	static char path[PATH_MAX];
	const char *env = getenv("MEMSHARE_CLI");
	char self[PATH_MAX];
	ssize_t n;

	page = (uint64_t)sysconf(_SC_PAGESIZE);
	no_module = access(MS_CONTROL_PATH, F_OK) != 0;
	root = geteuid() == 0;
	if (access("/proc/self/pagemap", R_OK)) {
		printf("SKIP: no /proc/self/pagemap\n");
		return T_SKIP;
	}
	child = start_child(&addr);
	if (child < 0) {
		printf("SKIP: cannot start the child\n");
		return T_SKIP;
	}
	read_pagemap();
	if (!pfn[0])
		printf("PFNs hidden (not root): checking that they are\n");

	check_hints();
	bin = NULL;
	run_all();

	if (env && *env) {
		snprintf(path, sizeof(path), "%s", env);
	} else {
		n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		if (n > 0) {
			self[n] = '\0';
			snprintf(path, sizeof(path), "%s/../../tools/memshare",
				 dirname(self));
		}
	}
	if (*path && access(path, X_OK) == 0) {
		printf("binary: %s\n", path);
		bin = path;
		run_all();
	} else {
		printf("SKIP part: no memshare binary (%s); set MEMSHARE_CLI\n",
		       *path ? path : "?");
	}
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	return t_result();
}
