// SPDX-License-Identifier: MIT
/*
 * The memshare CLI as a subprocess, without the module: exit codes, the
 * one-line errors, JSON output.  Runs the built binary (MEMSHARE_CLI, or
 * ../../tools/memshare next to this test) when there is one, and always
 * cli_main() in a forked child.
 */
#include <limits.h>
#include <libgen.h>
#include <sys/stat.h>

#include <memshare.h>

#include "cli.h"
#include "testutil.h"

static const char *bin;		/* the binary, or NULL: in-process */
static bool no_module;		/* no /dev/memshare */
static bool no_class;		/* no /sys/class/memshare */

#define RUN(r, input, ...) do {						\
	char *_argv[] = { "memshare", __VA_ARGS__, NULL };		\
	if (t_run(bin, cli_main, _argv, input, &(r))) {			\
		fprintf(stderr, "cannot run %s\n", bin ? bin : "cli");	\
		t_failures++;						\
	}								\
} while (0)

/* Exit @code, nothing on stdout, exactly one line on stderr that starts
 * with @prefix and contains @needle. */
static void expect_error(const struct run_result *r, int code,
			 const char *prefix, const char *needle,
			 const char *what)
{
	bool ok = r->status == code && r->out_len == 0 &&
		  t_lines(r->err) == 1 && r->err[r->err_len - 1] == '\n' &&
		  !strncmp(r->err, prefix, strlen(prefix)) &&
		  (!needle || strstr(r->err, needle));

	if (!ok) {
		fprintf(stderr, "[%s] %s: exit %d (want %d), stdout \"%s\", "
			"stderr \"%s\" (want one line \"%s...\" with \"%s\")\n",
			bin ? "binary" : "in-process", what, r->status, code,
			r->out, r->err, prefix, needle ? needle : "");
		t_failures++;
	}
}

static void check_json_field(const char *doc, const char *key,
			     const char *want)
{
	char v[512];

	if (!json_get(doc, key, v, sizeof(v))) {
		fprintf(stderr, "JSON %s: no key \"%s\"\n", doc, key);
		t_failures++;
		return;
	}
	if (want && strcmp(v, want)) {
		fprintf(stderr, "JSON \"%s\" is %s, expected %s\n", key, v,
			want);
		t_failures++;
	}
}

static void run_all(void)
{
	struct run_result r;

	/* --version, help */
	RUN(r, NULL, "--version");
	CHECK_INT(r.status, 0);
	CHECK_STR(r.out, "memshare 0.3.0 (libmemshare 0.3.0)\n");
	CHECK_INT(r.err_len, 0);
	t_run_free(&r);

	RUN(r, NULL, "--json", "--version");
	CHECK_INT(r.status, 0);
	CHECK(json_valid(r.out));
	check_json_field(r.out, "version", "\"0.3.0\"");
	check_json_field(r.out, "lib_version", "\"0.3.0\"");
	t_run_free(&r);

	RUN(r, NULL, "help");
	CHECK_INT(r.status, 0);
	CHECK(!strncmp(r.out, "usage: memshare", 15));
	CHECK(strstr(r.out, "\n  create NAME SIZE [--contig] [--eager]"));
	CHECK(strstr(r.out, "\n  write NAME [--offset N] STRING|-"));
	CHECK_INT(r.err_len, 0);
	t_run_free(&r);

	RUN(r, NULL, "help");
	CHECK(strstr(r.out, "\n  pin-demo [SIZE] [--longterm]"));
	t_run_free(&r);

	RUN(r, NULL, "-h");
	CHECK_INT(r.status, 0);
	CHECK(strstr(r.out, "\n  info "));
	t_run_free(&r);

	/* usage errors: exit 2, one line */
	RUN(r, NULL, "create", "x", "12Q");
	expect_error(&r, 2, "memshare: create: bad SIZE '12Q': EINVAL "
		     "(Invalid argument); usage: memshare [--json] create NAME "
		     "SIZE [--contig] [--eager]", NULL, "create x 12Q");
	t_run_free(&r);

	RUN(r, NULL, "create", "x", "99999999999999999999");
	expect_error(&r, 2, "memshare: create: bad SIZE", "ERANGE",
		     "create overflow");
	t_run_free(&r);

	RUN(r, NULL, "create", "x", "-1");
	expect_error(&r, 2, "memshare: create: ", "usage:", "create x -1");
	t_run_free(&r);

	RUN(r, NULL, "create", "x");
	expect_error(&r, 2, "memshare: create: missing arguments", "usage:",
		     "create x");
	t_run_free(&r);

	RUN(r, NULL, "destroy", "a", "b");
	expect_error(&r, 2, "memshare: destroy: unexpected argument 'b'",
		     "usage:", "destroy a b");
	t_run_free(&r);

	RUN(r, NULL, "cat", "x", "--offset", "1.5M");
	expect_error(&r, 2, "memshare: cat: bad --offset '1.5M'", "EINVAL",
		     "cat --offset 1.5M");
	t_run_free(&r);

	/* an argument with a newline still makes one line */
	RUN(r, NULL, "cat", "x", "--offset", "1\n2");
	expect_error(&r, 2, "memshare: cat: bad --offset '1?2'", "usage:",
		     "cat --offset with a newline");
	t_run_free(&r);

	RUN(r, NULL, "cat", "x", "--bogus");
	expect_error(&r, 2, "memshare: cat: unknown option '--bogus'",
		     "usage:", "cat --bogus");
	t_run_free(&r);

	RUN(r, NULL, "create", "x", "4K", "--offset", "4");
	expect_error(&r, 2, "memshare: create: unknown option '--offset'",
		     "usage:", "create --offset");
	t_run_free(&r);

	RUN(r, NULL, "write", "x", "--offset");
	expect_error(&r, 2, "memshare: write: option '--offset' needs an "
		     "argument", "usage:", "write --offset");
	t_run_free(&r);

	RUN(r, NULL, "pin-demo", "4K");
	expect_error(&r, 2, "memshare: pin-demo: SIZE must be at least ",
		     "two pages", "pin-demo 4K");
	t_run_free(&r);

	RUN(r, NULL, "pin-demo", "0");
	expect_error(&r, 2, "memshare: pin-demo: SIZE must be at least ",
		     "usage: memshare [--json] pin-demo [SIZE] [--longterm]",
		     "pin-demo 0");
	t_run_free(&r);

	RUN(r, NULL, "pin-demo", "64Q");
	expect_error(&r, 2, "memshare: pin-demo: bad SIZE '64Q': EINVAL",
		     "usage:", "pin-demo 64Q");
	t_run_free(&r);

	RUN(r, NULL, "pin-demo", "16E");
	expect_error(&r, 2, "memshare: pin-demo: bad SIZE '16E'", "usage:",
		     "pin-demo 16E");
	t_run_free(&r);

	RUN(r, NULL, "pin-demo", "64K", "1M");
	expect_error(&r, 2, "memshare: pin-demo: unexpected argument '1M'",
		     "usage:", "pin-demo 64K 1M");
	t_run_free(&r);

	RUN(r, NULL, "pin-demo", "--contig");
	expect_error(&r, 2, "memshare: pin-demo: unknown option '--contig'",
		     "usage:", "pin-demo --contig");
	t_run_free(&r);

	RUN(r, NULL, "create", "x", "4K", "--longterm");
	expect_error(&r, 2, "memshare: create: unknown option '--longterm'",
		     "usage:", "create --longterm");
	t_run_free(&r);

	RUN(r, NULL, "frobnicate");
	expect_error(&r, 2, "memshare: unknown command 'frobnicate'",
		     "usage:", "frobnicate");
	t_run_free(&r);

	RUN(r, NULL, "--frob");
	expect_error(&r, 2, "memshare: unknown option '--frob'", "usage:",
		     "--frob");
	t_run_free(&r);

	{
		char *argv[] = { "memshare", NULL };

		if (t_run(bin, cli_main, argv, NULL, &r) == 0) {
			expect_error(&r, 2, "memshare: missing command",
				     "usage:", "no arguments");
			t_run_free(&r);
		}
	}

	/* a usage error with --json: the line, and JSON on stdout */
	RUN(r, NULL, "--json", "create", "x", "12Q");
	CHECK_INT(r.status, 2);
	CHECK_INT(t_lines(r.err), 1);
	CHECK(json_valid(r.out));
	check_json_field(r.out, "error", NULL);
	t_run_free(&r);

	if (!no_module) {
		printf("SKIP part: %s exists\n", MS_CONTROL_PATH);
		return;
	}

	/* no module */
	RUN(r, NULL, "info");
	expect_error(&r, 1, "memshare: open /dev/memshare: ENOENT (No such "
		     "file or directory); hint: the memshare module is not "
		     "loaded (insmod memshare.ko)\n", "not loaded", "info");
	t_run_free(&r);

	RUN(r, NULL, "--json", "info");
	CHECK_INT(r.status, 1);
	CHECK(json_valid(r.out));
	CHECK(!strncmp(r.out, "{\"loaded\": false", 16));
	check_json_field(r.out, "loaded", "false");
	check_json_field(r.out, "lib_version", "\"0.3.0\"");
	{
		char err[512];

		CHECK(json_get(r.out, "error", err, sizeof(err)));
		CHECK(json_valid(err));
		check_json_field(err, "errno", "\"ENOENT\"");
		check_json_field(err, "code", "2");
		check_json_field(err, "what", "\"open /dev/memshare\"");
	}
	CHECK_INT(t_lines(r.err), 1);
	CHECK(strstr(r.err, "not loaded") != NULL);
	t_run_free(&r);

	/* --json after the command works too */
	RUN(r, NULL, "info", "--json");
	CHECK_INT(r.status, 1);
	CHECK(json_valid(r.out));
	check_json_field(r.out, "loaded", "false");
	t_run_free(&r);

	RUN(r, NULL, "create", "x", "4K", "--contig");
	expect_error(&r, 1, "memshare: open /dev/memshare: ENOENT",
		     "not loaded", "create without module");
	t_run_free(&r);

	RUN(r, NULL, "cat", "x");
	expect_error(&r, 1, "memshare: open /dev/memshare: ENOENT",
		     "not loaded", "cat without module");
	t_run_free(&r);

	RUN(r, "abc", "write", "x", "-");
	expect_error(&r, 1, "memshare: open /dev/memshare: ENOENT",
		     "not loaded", "write without module");
	t_run_free(&r);

	RUN(r, NULL, "destroy", "x");
	expect_error(&r, 1, "memshare: open /dev/memshare: ENOENT",
		     "not loaded", "destroy without module");
	t_run_free(&r);

	RUN(r, NULL, "pin-demo", "--longterm");
	expect_error(&r, 1, "memshare: open /dev/memshare: ENOENT",
		     "not loaded", "pin-demo without module");
	t_run_free(&r);

	RUN(r, NULL, "--json", "pin-demo", "1M");
	CHECK_INT(r.status, 1);
	CHECK(json_valid(r.out));
	check_json_field(r.out, "error", NULL);
	CHECK_INT(t_lines(r.err), 1);
	t_run_free(&r);

	if (no_class) {
		RUN(r, NULL, "ls");
		expect_error(&r, 1, "memshare: list /sys/class/memshare: "
			     "ENOENT", "not loaded", "ls without module");
		t_run_free(&r);

		RUN(r, NULL, "--json", "ls");
		CHECK_INT(r.status, 1);
		CHECK(json_valid(r.out));
		check_json_field(r.out, "error", NULL);
		t_run_free(&r);
	}
}

int main(void)
{
	static char path[PATH_MAX];
	const char *env = getenv("MEMSHARE_CLI");
	char self[PATH_MAX];
	ssize_t n;

	no_module = access(MS_CONTROL_PATH, F_OK) != 0;
	no_class = access(MS_SYSFS_CLASS, F_OK) != 0;

	/* in-process */
	bin = NULL;
	run_all();

	/* the binary */
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
	return t_result();
}
