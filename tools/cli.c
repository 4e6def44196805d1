// SPDX-License-Identifier: MIT
/*
 * memshare: command-line front end of libmemshare.
 *
 * Every command prints one JSON object on stdout with --json.  Failures are
 * one line on stderr (see errors.h) and exit 1; usage errors are one line
 * ending in the command's usage and exit 2.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <memshare.h>

#include "cli.h"
#include "errors.h"
#include "json.h"

#define IO_CHUNK (3 * 16384)	/* a multiple of 3: whole base64 quads */

enum {
	OPT_JSON = 256, OPT_HELP, OPT_CONTIG, OPT_EAGER, OPT_OFFSET,
	OPT_LENGTH, OPT_LONGTERM, OPT_PID, OPT_BACKEND, OPT_ENTRIES,
	OPT_PAGE, OPT_READ,
};
#define OPTF(o) (1u << ((o) - OPT_JSON))

/* ---- output helpers ---------------------------------------------------- */

static void format_usage(char *buf, size_t size, const struct cmd *cmd)
{
	if (cmd)
		snprintf(buf, size, "memshare [--json] %s%s%s", cmd->name,
			 *cmd->args ? " " : "", cmd->args);
	else
		snprintf(buf, size, "memshare [--json] COMMAND [ARGS] (see "
			 "memshare help)");
}

/* "error": {"what": ..., "errno": ..., ...} as a member of an object. */
static void json_error(struct json *j, const char *what, int err,
		       const char *hint)
{
	const char *name = cli_errno_name(err);

	if (err < 0)
		err = -err;
	json_key(j, "error");
	json_object_begin(j);
	json_kv_string(j, "what", what);
	if (name)
		json_kv_string(j, "errno", name);
	json_kv_i64(j, "code", err);
	json_kv_string(j, "message", strerror(err));
	if (hint)
		json_kv_string(j, "hint", hint);
	json_object_end(j);
}

/* The error line on stderr, and {"error": {...}} on stdout with --json. */
static int fail(struct cli *c, const char *what, int err, const char *hint)
{
	char line[1024];

	cli_format_error(line, sizeof(line), what, err, hint);
	fflush(stdout);
	fprintf(stderr, "%s\n", line);
	if (c->json) {
		struct json j;

		json_init(&j, stdout);
		json_object_begin(&j);
		json_error(&j, what, err, hint);
		json_object_end(&j);
		json_finish(&j);
	}
	return 1;
}

void cli_json_error(struct json *j, const char *what, int err,
		    const char *hint)
{
	json_error(j, what, err, hint);
}

int cli_fail(struct cli *c, const char *what, int err, const char *hint)
{
	return fail(c, what, err, hint);
}

__attribute__((format(printf, 3, 0)))
static int vusage_error(struct cli *c, const struct cmd *cmd,
			const char *fmt, va_list ap)
{
	char msg[512], usage[192];
	char *p;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	for (p = msg; *p; p++)		/* one line, whatever the arguments */
		if ((unsigned char)*p < 0x20)
			*p = '?';
	format_usage(usage, sizeof(usage), cmd);
	fflush(stdout);
	fprintf(stderr, "memshare: %s; usage: %s\n", msg, usage);
	if (c->json) {
		struct json j;

		json_init(&j, stdout);
		json_object_begin(&j);
		json_key(&j, "error");
		json_object_begin(&j);
		json_kv_string(&j, "what", msg);
		json_kv_string(&j, "usage", usage);
		json_object_end(&j);
		json_object_end(&j);
		json_finish(&j);
	}
	return 2;
}

__attribute__((format(printf, 3, 4)))
static int usage_error(struct cli *c, const struct cmd *cmd,
		       const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vusage_error(c, cmd, fmt, ap);
	va_end(ap);
	return ret;
}

int cli_usage_error(struct cli *c, const struct cmd *cmd, const char *fmt,
		    ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vusage_error(c, cmd, fmt, ap);
	va_end(ap);
	return ret;
}

/* Bad SIZE or N: the parser's errno in the line, exit 2. */
static int bad_size(struct cli *c, const struct cmd *cmd, const char *what,
		    const char *arg, int err)
{
	const char *name = cli_errno_name(err);

	return usage_error(c, cmd, "%s: bad %s '%s': %s (%s)", cmd->name,
			   what, arg, name ? name : "EINVAL", strerror(-err));
}

static void print_size(FILE *f, const char *label, uint64_t v)
{
	char h[32];

	cli_format_size(h, sizeof(h), v);
	if (v < 1024)
		fprintf(f, "  %-18s %" PRIu64 "\n", label, v);
	else
		fprintf(f, "  %-18s %" PRIu64 " (%s)\n", label, v, h);
}

static int open_control(struct cli *c)
{
	int ctl = ms_open();

	if (ctl < 0) {
		fail(c, "open " MS_CONTROL_PATH, ctl,
		     cli_hint(CLI_CTX_CONTROL, ctl));
		return -1;
	}
	return ctl;
}

/* The hint for an error on the named buffer @name. */
static const char *named_hint(int err, const char *name)
{
	if ((err == -EINVAL || err == EINVAL) && !cli_name_valid(name))
		return "NAME must be 1-31 characters of [A-Za-z0-9_.-]";
	return cli_hint(CLI_CTX_NAMED, err);
}

/* Open the control device, then the named buffer; -1 after an error. */
static int open_named(struct cli *c, const char *name)
{
	char what[128];
	int ctl, fd;

	ctl = open_control(c);
	if (ctl < 0)
		return -1;
	fd = ms_open_named(ctl, name);
	if (fd < 0) {
		snprintf(what, sizeof(what), "open buffer %s", name);
		fail(c, what, fd, named_hint(fd, name));
		close(ctl);
		return -1;
	}
	close(ctl);
	return fd;
}

static int buf_length(struct cli *c, int fd, const char *name, uint64_t *len)
{
	struct memshare_buf_info info;
	char what[128];
	int ret;

	ret = ms_buf_info(fd, &info);
	if (ret) {
		snprintf(what, sizeof(what), "describe buffer %s", name);
		fail(c, what, ret, cli_hint(CLI_CTX_NAMED, ret));
		return -1;
	}
	*len = info.length;
	return 0;
}

/* ---- info -------------------------------------------------------------- */

static const struct {
	uint64_t bit;
	const char *name;
} features[] = {
	{ MEMSHARE_FEAT_VMALLOC, "vmalloc" },
	{ MEMSHARE_FEAT_CONTIG, "contig" },
	{ MEMSHARE_FEAT_CONTIG_LARGE, "contig_large" },
	{ MEMSHARE_FEAT_EAGER, "eager" },
	{ MEMSHARE_FEAT_NAMED, "named" },
	{ MEMSHARE_FEAT_ACCESS, "access" },
	{ MEMSHARE_FEAT_PIN, "pin" },
	{ MEMSHARE_FEAT_XLATE, "xlate" },
	{ MEMSHARE_FEAT_KADDR, "kaddr" },
};

static int cmd_info(struct cli *c, const struct cmd *cmd, char **pos,
		    const struct cmd_opts *o)
{
	char modver[sizeof(((struct memshare_version *)0)->module_version) + 1];
	struct memshare_version v;
	struct json j;
	uint64_t known = 0;
	bool compatible, pin;
	size_t i;
	int ctl, ret;

	(void)cmd; (void)pos; (void)o;
	ctl = ms_open();
	if (ctl < 0) {
		bool loaded = !(ctl == -ENOENT || ctl == -ENODEV ||
				ctl == -ENXIO);
		const char *what = "open " MS_CONTROL_PATH;
		const char *hint = cli_hint(CLI_CTX_CONTROL, ctl);
		char line[512];

		cli_format_error(line, sizeof(line), what, ctl, hint);
		fprintf(stderr, "%s\n", line);
		if (c->json) {
			json_init(&j, stdout);
			json_object_begin(&j);
			json_kv_bool(&j, "loaded", loaded);
			json_kv_string(&j, "control", MS_CONTROL_PATH);
			json_kv_string(&j, "lib_version", ms_lib_version());
			json_error(&j, what, ctl, hint);
			json_object_end(&j);
			json_finish(&j);
		}
		return 1;
	}
	ret = ms_version(ctl, &v);
	close(ctl);
	if (ret)
		return fail(c, "query " MS_CONTROL_PATH " (MEMSHARE_IOC_VERSION)",
			    ret, cli_hint(CLI_CTX_CONTROL, ret));

	memcpy(modver, v.module_version, sizeof(v.module_version));
	modver[sizeof(v.module_version)] = '\0';
	pin = v.features & MEMSHARE_FEAT_PIN;
	compatible = v.abi_major == MEMSHARE_ABI_MAJOR;
	for (i = 0; i < sizeof(features) / sizeof(features[0]); i++)
		known |= features[i].bit;

	if (c->json) {
		char abi[32];

		snprintf(abi, sizeof(abi), "%" PRIu32 ".%" PRIu32,
			 v.abi_major, v.abi_minor);
		json_init(&j, stdout);
		json_object_begin(&j);
		json_kv_bool(&j, "loaded", true);
		json_kv_string(&j, "control", MS_CONTROL_PATH);
		json_kv_string(&j, "abi_version", abi);
		json_kv_u64(&j, "abi_major", v.abi_major);
		json_kv_u64(&j, "abi_minor", v.abi_minor);
		json_kv_bool(&j, "abi_compatible", compatible);
		json_kv_string(&j, "module_version", modver);
		json_kv_string(&j, "lib_version", ms_lib_version());
		json_key(&j, "features");
		json_array_begin(&j);
		for (i = 0; i < sizeof(features) / sizeof(features[0]); i++)
			if (v.features & features[i].bit)
				json_string(&j, features[i].name);
		json_array_end(&j);
		json_kv_hex(&j, "features_mask", v.features);
		json_key(&j, "limits");
		json_object_begin(&j);
		json_kv_u64(&j, "max_buffer_bytes", v.max_buffer_bytes);
		json_kv_u64(&j, "max_total_bytes", v.max_total_bytes);
		json_kv_u64(&j, "max_contig_bytes", v.max_contig_bytes);
		json_kv_u64(&j, "max_named", v.max_named);
		/* pinning (ABI 1.1): null when the module cannot pin */
		if (pin)
			json_kv_u64(&j, "max_pin_bytes", v.max_pin_bytes);
		else
			json_kv_null(&j, "max_pin_bytes");
		json_object_end(&j);
		json_key(&j, "counters");
		json_object_begin(&j);
		json_kv_u64(&j, "buffers", v.nr_buffers);
		json_kv_u64(&j, "named", v.nr_named);
		json_kv_u64(&j, "mappings", v.nr_mappings);
		json_kv_u64(&j, "total_bytes", v.total_bytes);
		if (pin) {
			json_kv_u64(&j, "pins", v.nr_pins);
			json_kv_u64(&j, "pinned_pages", v.pinned_pages);
		} else {
			json_kv_null(&j, "pins");
			json_kv_null(&j, "pinned_pages");
		}
		json_object_end(&j);
		json_object_end(&j);
		json_finish(&j);
		return 0;
	}

	printf("module:           loaded (%s)\n", MS_CONTROL_PATH);
	printf("ABI version:      %" PRIu32 ".%" PRIu32 "%s\n", v.abi_major,
	       v.abi_minor, compatible ? "" :
	       " (incompatible: this tool speaks ABI 1.x)");
	printf("module version:   %s\n", modver);
	printf("library version:  %s\n", ms_lib_version());
	printf("features:        ");
	for (i = 0; i < sizeof(features) / sizeof(features[0]); i++)
		if (v.features & features[i].bit)
			printf(" %s", features[i].name);
	if (v.features & ~known)
		printf(" unknown(0x%" PRIx64 ")",
		       (uint64_t)(v.features & ~known));
	if (!v.features)
		printf(" none");
	printf("\nlimits:\n");
	print_size(stdout, "max_buffer_bytes", v.max_buffer_bytes);
	print_size(stdout, "max_total_bytes", v.max_total_bytes);
	print_size(stdout, "max_contig_bytes", v.max_contig_bytes);
	printf("  %-18s %" PRIu32 "\n", "max_named", v.max_named);
	if (pin)
		print_size(stdout, "max_pin_bytes", v.max_pin_bytes);
	printf("counters:\n");
	printf("  %-18s %" PRIu32 "\n", "buffers", v.nr_buffers);
	printf("  %-18s %" PRIu32 "\n", "named", v.nr_named);
	printf("  %-18s %" PRIu64 "\n", "mappings", (uint64_t)v.nr_mappings);
	print_size(stdout, "total_bytes", v.total_bytes);
	if (pin) {
		printf("  %-18s %" PRIu64 "\n", "pins", (uint64_t)v.nr_pins);
		printf("  %-18s %" PRIu64 "\n", "pinned_pages",
		       (uint64_t)v.pinned_pages);
	}
	return 0;
}

/* ---- ls ---------------------------------------------------------------- */

struct ls_state {
	struct cli_buf_attrs *bufs;
	size_t n, cap;
};

static int ls_collect(const char *name, void *arg)
{
	struct ls_state *s = arg;
	struct cli_buf_attrs a;

	if (cli_read_buf_attrs(MS_SYSFS_CLASS, name, &a))
		return 0;	/* destroyed meanwhile */
	if (s->n == s->cap) {
		size_t ncap = s->cap ? 2 * s->cap : 16;
		struct cli_buf_attrs *nb = realloc(s->bufs,
						   ncap * sizeof(*nb));

		if (!nb)
			return -ENOMEM;
		s->bufs = nb;
		s->cap = ncap;
	}
	s->bufs[s->n++] = a;
	return 0;
}

static int cmd_ls(struct cli *c, const struct cmd *cmd, char **pos,
		  const struct cmd_opts *o)
{
	struct ls_state s = { NULL, 0, 0 };
	size_t i, width;
	char dev[64];
	int ret;

	(void)cmd; (void)pos; (void)o;
	ret = ms_named_foreach(ls_collect, &s);
	if (ret < 0) {
		free(s.bufs);
		return fail(c, "list " MS_SYSFS_CLASS, ret,
			    cli_hint(CLI_CTX_SYSFS, ret));
	}
	if (c->json) {
		struct json j;

		json_init(&j, stdout);
		json_object_begin(&j);
		json_kv_u64(&j, "count", s.n);
		json_key(&j, "buffers");
		json_array_begin(&j);
		for (i = 0; i < s.n; i++) {
			const struct cli_buf_attrs *a = &s.bufs[i];

			json_object_begin(&j);
			json_kv_string(&j, "name", a->name);
			json_key(&j, "size");
			if (a->has_size)
				json_u64(&j, a->size);
			else
				json_null(&j);
			json_kv_string(&j, "backend",
				       *a->backend ? a->backend : NULL);
			json_kv_string(&j, "policy",
				       *a->policy ? a->policy : NULL);
			json_key(&j, "mappings");
			if (a->has_mappings)
				json_u64(&j, a->mappings);
			else
				json_null(&j);
			json_key(&j, "phys_addr");
			if (a->has_phys)
				json_hex(&j, a->phys_addr);
			else
				json_null(&j);
			snprintf(dev, sizeof(dev), "/dev/%s%s",
				 MEMSHARE_NAMED_PREFIX, a->name);
			json_kv_string(&j, "device", dev);
			json_object_end(&j);
		}
		json_array_end(&j);
		json_object_end(&j);
		json_finish(&j);
		free(s.bufs);
		return 0;
	}
	if (!s.n) {
		printf("no named buffers\n");
		free(s.bufs);
		return 0;
	}
	width = 4;
	for (i = 0; i < s.n; i++)
		if (strlen(s.bufs[i].name) > width)
			width = strlen(s.bufs[i].name);
	printf("%-*s %12s %-8s %-6s %8s %s\n", (int)width, "NAME", "SIZE",
	       "BACKEND", "POLICY", "MAPPINGS", "PHYS_ADDR");
	for (i = 0; i < s.n; i++) {
		const struct cli_buf_attrs *a = &s.bufs[i];
		char size[24] = "-", maps[24] = "-", phys[24] = "-";

		if (a->has_size)
			snprintf(size, sizeof(size), "%" PRIu64, a->size);
		if (a->has_mappings)
			snprintf(maps, sizeof(maps), "%" PRIu64, a->mappings);
		if (a->has_phys)
			snprintf(phys, sizeof(phys), "0x%" PRIx64,
				 a->phys_addr);
		printf("%-*s %12s %-8s %-6s %8s %s\n", (int)width, a->name, size,
		       *a->backend ? a->backend : "-",
		       *a->policy ? a->policy : "-", maps, phys);
	}
	free(s.bufs);
	return 0;
}

/* ---- create / destroy -------------------------------------------------- */

static int cmd_create(struct cli *c, const struct cmd *cmd, char **pos,
		      const struct cmd_opts *o)
{
	const char *name = pos[0];
	char what[128], hintbuf[256], dev[64];
	struct memshare_buf_info info;
	uint64_t length, size;
	const char *hint;
	int ctl, ret, fd;

	ret = ms_parse_size(pos[1], &length);
	if (ret)
		return bad_size(c, cmd, "SIZE", pos[1], ret);

	MS_OPTS(ms_create_opts, opts,
		.backend = o->contig ? MEMSHARE_BACKEND_CONTIG :
				       MEMSHARE_BACKEND_VMALLOC,
		.policy = o->eager ? MEMSHARE_MAP_EAGER : MEMSHARE_MAP_LAZY,
		.name = name,
		.no_fd = 1);

	ctl = open_control(c);
	if (ctl < 0)
		return 1;
	ret = ms_create(ctl, length, &opts);
	if (ret < 0) {
		struct memshare_version v;
		bool have_v = ms_version(ctl, &v) == 0;

		close(ctl);
		snprintf(what, sizeof(what), "create %s", name);
		hint = cli_create_hint(hintbuf, sizeof(hintbuf), ret, name,
				       length, opts.backend,
				       have_v ? &v : NULL);
		return fail(c, what, ret, hint);
	}

	/* The rounded size, as the buffer reports it. */
	size = length;
	fd = ms_open_named(ctl, name);
	if (fd >= 0) {
		if (!ms_buf_info(fd, &info))
			size = info.length;
		close(fd);
	}
	close(ctl);

	snprintf(dev, sizeof(dev), "/dev/" MEMSHARE_NAMED_PREFIX "%s", name);
	if (c->json) {
		struct json j;

		json_init(&j, stdout);
		json_object_begin(&j);
		json_kv_string(&j, "name", name);
		json_kv_u64(&j, "size", size);
		json_kv_u64(&j, "requested", length);
		json_kv_string(&j, "backend", cli_backend_name(opts.backend));
		json_kv_string(&j, "policy", cli_policy_name(opts.policy));
		json_kv_string(&j, "device", dev);
		json_object_end(&j);
		json_finish(&j);
	} else {
		printf("created %s: %" PRIu64 " bytes, %s, %s (%s)\n", name,
		       size, cli_backend_name(opts.backend),
		       cli_policy_name(opts.policy), dev);
	}
	return 0;
}

static int cmd_destroy(struct cli *c, const struct cmd *cmd, char **pos,
		       const struct cmd_opts *o)
{
	const char *name = pos[0];
	char what[128];
	int ctl, ret;

	(void)cmd; (void)o;
	ctl = open_control(c);
	if (ctl < 0)
		return 1;
	ret = ms_destroy(ctl, name);
	close(ctl);
	if (ret) {
		snprintf(what, sizeof(what), "destroy %s", name);
		return fail(c, what, ret, named_hint(ret, name));
	}
	if (c->json) {
		struct json j;

		json_init(&j, stdout);
		json_object_begin(&j);
		json_kv_string(&j, "name", name);
		json_kv_bool(&j, "destroyed", true);
		json_object_end(&j);
		json_finish(&j);
	} else {
		printf("destroyed %s\n", name);
	}
	return 0;
}

/* ---- cat / write ------------------------------------------------------- */

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int cmd_cat(struct cli *c, const struct cmd *cmd, char **pos,
		   const struct cmd_opts *o)
{
	const char *name = pos[0];
	uint64_t size, off, left, done = 0;
	char what[160], hint[96];
	bool out_failed = false;
	struct json j;
	char *buf;
	int fd, ret = 0;

	(void)cmd;
	fd = open_named(c, name);
	if (fd < 0)
		return 1;
	if (buf_length(c, fd, name, &size)) {
		close(fd);
		return 1;
	}
	off = o->has_offset ? o->offset : 0;
	if (off > size) {
		close(fd);
		snprintf(what, sizeof(what), "read %s at offset %" PRIu64,
			 name, off);
		snprintf(hint, sizeof(hint), "the buffer is %" PRIu64
			 " bytes", size);
		return fail(c, what, -EINVAL, hint);
	}
	left = size - off;
	if (o->has_length && o->length < left)
		left = o->length;

	buf = malloc(IO_CHUNK);
	if (!buf) {
		close(fd);
		return fail(c, "allocate", -ENOMEM, NULL);
	}
	if (c->json) {
		json_init(&j, stdout);
		json_object_begin(&j);
		json_kv_string(&j, "name", name);
		json_kv_u64(&j, "offset", off);
		json_kv_u64(&j, "size", size);
		json_key(&j, "data_base64");
		json_base64_begin(&j);
	}
	while (left) {
		size_t want = left < IO_CHUNK ? (size_t)left : IO_CHUNK;
		ssize_t n = pread(fd, buf, want, (off_t)(off + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			break;
		}
		if (!n)
			break;		/* end of the buffer */
		if (c->json) {
			json_base64_data(&j, buf, (size_t)n);
		} else {
			ret = write_all(STDOUT_FILENO, buf, (size_t)n);
			if (ret) {
				out_failed = true;
				break;
			}
		}
		done += (uint64_t)n;
		left -= (uint64_t)n;
	}
	free(buf);
	close(fd);
	if (ret && out_failed)
		snprintf(what, sizeof(what), "write to stdout");
	else if (ret)
		snprintf(what, sizeof(what), "read %s at offset %" PRIu64,
			 name, off + done);
	if (c->json) {
		json_base64_end(&j);
		json_kv_u64(&j, "length", done);
		if (ret)
			json_error(&j, what, ret, NULL);
		json_object_end(&j);
		json_finish(&j);
	}
	if (ret) {
		char line[512];

		cli_format_error(line, sizeof(line), what, ret,
				 out_failed ? NULL :
				 cli_hint(CLI_CTX_NAMED, ret));
		fprintf(stderr, "%s\n", line);
		return 1;
	}
	return 0;
}

/* pwrite all of @p at @off; a zero-length write is ENOSPC. */
static int pwrite_all(int fd, const char *p, size_t n, uint64_t off)
{
	while (n) {
		ssize_t w = pwrite(fd, p, n, (off_t)off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (!w)
			return -ENOSPC;
		p += w;
		n -= (size_t)w;
		off += (uint64_t)w;
	}
	return 0;
}

static int cmd_write(struct cli *c, const struct cmd *cmd, char **pos,
		     const struct cmd_opts *o)
{
	const char *name = pos[0], *data = pos[1];
	uint64_t size, off = o->has_offset ? o->offset : 0, done = 0;
	char what[160], hint[192];
	char *buf = NULL;
	int fd, ret = 0;

	(void)cmd;
	fd = open_named(c, name);
	if (fd < 0)
		return 1;
	if (buf_length(c, fd, name, &size)) {
		close(fd);
		return 1;
	}
	snprintf(what, sizeof(what), "write %s at offset %" PRIu64, name, off);
	if (strcmp(data, "-")) {
		size_t len = strlen(data);

		if (off > size || len > size - off) {
			close(fd);
			snprintf(hint, sizeof(hint), "%zu bytes at offset %"
				 PRIu64 " do not fit in the buffer (%" PRIu64
				 " bytes)", len, off, size);
			return fail(c, what, -ENOSPC, hint);
		}
		ret = pwrite_all(fd, data, len, off);
		if (!ret)
			done = len;
	} else {
		buf = malloc(IO_CHUNK);
		if (!buf) {
			close(fd);
			return fail(c, "allocate", -ENOMEM, NULL);
		}
		for (;;) {
			ssize_t n = read(STDIN_FILENO, buf, IO_CHUNK);

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				ret = -errno;
				snprintf(what, sizeof(what), "read stdin");
				break;
			}
			if (!n)
				break;
			if (off > size || (uint64_t)n > size - off - done) {
				ret = -ENOSPC;
				break;
			}
			ret = pwrite_all(fd, buf, (size_t)n, off + done);
			if (ret)
				break;
			done += (uint64_t)n;
		}
		free(buf);
	}
	close(fd);
	if (ret) {
		const char *h = cli_hint(CLI_CTX_WRITE, ret);

		if (ret == -ENOSPC) {
			snprintf(hint, sizeof(hint), "the input does not fit "
				 "in the buffer (%" PRIu64 " bytes from offset "
				 "%" PRIu64 "); %" PRIu64 " bytes were written",
				 size, off, done);
			h = hint;
		}
		return fail(c, what, ret, h);
	}
	if (c->json) {
		struct json j;

		json_init(&j, stdout);
		json_object_begin(&j);
		json_kv_string(&j, "name", name);
		json_kv_u64(&j, "offset", off);
		json_kv_u64(&j, "written", done);
		json_kv_u64(&j, "size", size);
		json_object_end(&j);
		json_finish(&j);
	} else {
		printf("wrote %" PRIu64 " bytes to %s at offset %" PRIu64 "\n",
		       done, name, off);
	}
	return 0;
}

/* ---- pin-demo ---------------------------------------------------------- */

#define PIN_DEMO_SIZE	(64 * 1024)
#define PIN_DEMO_TEXT	"Hello from the kernel, across a page boundary"
#define PIN_DEMO_SHOW	8	/* extents listed in the text output */
#define PIN_DEMO_JSON	64	/* extents listed in the JSON output */

/* The module's pin counters, if it tells them. */
struct pin_counters {
	bool ok;
	uint64_t pins, pages;
};

static void pin_counters(int ctl, struct pin_counters *pc)
{
	struct memshare_version v;

	pc->ok = !ms_version(ctl, &v) && (v.features & MEMSHARE_FEAT_PIN);
	pc->pins = pc->ok ? v.nr_pins : 0;
	pc->pages = pc->ok ? v.pinned_pages : 0;
}

static void print_pin_counters(const struct pin_counters *pc)
{
	if (pc->ok)
		printf("module: %" PRIu64 " pin%s, %" PRIu64 " pinned page%s",
		       pc->pins, pc->pins == 1 ? "" : "s", pc->pages,
		       pc->pages == 1 ? "" : "s");
	else
		printf("module counters unavailable");
}

static void json_pin_counters(struct json *j, const struct pin_counters *pc)
{
	if (pc->ok) {
		json_kv_u64(j, "pins", pc->pins);
		json_kv_u64(j, "pinned_pages", pc->pages);
	} else {
		json_kv_null(j, "pins");
		json_kv_null(j, "pinned_pages");
	}
}

/* @n bytes as a C string literal's inside: printable ASCII, else \xNN. */
static void print_bytes(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '"' || p[i] == '\\')
			printf("\\%c", p[i]);
		else if (p[i] >= 0x20 && p[i] < 0x7f)
			putchar(p[i]);
		else
			printf("\\x%02x", p[i]);
	}
}

/*
 * Do the extents describe the pinned range, in order, without gaps?
 * (Only when all of them were read.)
 */
static bool extents_cover(const struct memshare_extent *e, uint64_t n,
			  uint64_t length)
{
	uint64_t off = 0;

	for (uint64_t i = 0; i < n; i++) {
		if (e[i].offset != off || !e[i].length ||
		    e[i].length > length - off)
			return false;
		off += e[i].length;
	}
	return off == length;
}

/*
 * Seed 000: allocate anonymous memory, pin it with write access, let the
 * kernel write a string across a page boundary and the process find it,
 * let the process write and the kernel's CRC-32C agree, describe the pin
 * (extents; physical addresses for root only), unpin.
 */
static int cmd_pin_demo(struct cli *c, const struct cmd *cmd, char **pos,
			const struct cmd_opts *o)
{
	static const char text[] = PIN_DEMO_TEXT;
	const size_t tlen = sizeof(text) - 1;
	long psz = sysconf(_SC_PAGESIZE);
	uint64_t page = psz > 0 ? (uint64_t)psz : 4096;
	uint64_t size = PIN_DEMO_SIZE, koff, nr_ext = 0;
	struct pin_counters before, during, after;
	struct memshare_extent *ext = NULL;
	struct memshare_pin_info pi;
	struct memshare_version v;
	char what[128], hbuf[320], hsize[32];
	const char *hint = NULL;
	uint32_t kcrc = 0, ucrc;
	bool found, same_crc, covered;
	unsigned char *mem;
	int ctl, pin, ret;
	int64_t got;

	if (pos[0]) {
		ret = ms_parse_size(pos[0], &size);
		if (ret)
			return bad_size(c, cmd, "SIZE", pos[0], ret);
	}
	if (size < 2 * page)
		return usage_error(c, cmd, "%s: SIZE must be at least %" PRIu64
				   " bytes (two pages: the kernel's write "
				   "crosses a page boundary)", cmd->name,
				   2 * page);
	if (size > SIZE_MAX - page)
		return bad_size(c, cmd, "SIZE", pos[0], -ERANGE);
	size = (size + page - 1) & ~(page - 1);
	cli_format_size(hsize, sizeof(hsize), size);

	ctl = open_control(c);
	if (ctl < 0)
		return 1;
	if (!ms_version(ctl, &v) && !(v.features & MEMSHARE_FEAT_PIN)) {
		close(ctl);
		return fail(c, "pin user memory", -EOPNOTSUPP,
			    "the module cannot pin user memory (needs ABI 1.1, "
			    "feature pin; see memshare info)");
	}
	pin_counters(ctl, &before);

	/* 1. allocate */
	mem = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		ret = -errno;
		close(ctl);
		snprintf(what, sizeof(what), "allocate %s", hsize);
		return fail(c, what, ret, NULL);
	}
	if (!c->json)
		printf("memory:   %s of anonymous memory at %p (%" PRIu64
		       " pages of %" PRIu64 " bytes)\n", hsize, (void *)mem,
		       size / page, page);

	/* 2. pin, with write access */
	MS_OPTS(ms_pin_opts, po, .write = 1, .longterm = o->longterm);
	pin = ms_pin(ctl, mem, size, &po);
	if (pin < 0) {
		uint64_t memlock = CLI_MEMLOCK_UNLIMITED;
		struct rlimit rl;
		bool have_v = ms_version(ctl, &v) == 0;

		if (!getrlimit(RLIMIT_MEMLOCK, &rl) &&
		    rl.rlim_cur != RLIM_INFINITY)
			memlock = rl.rlim_cur;
		munmap(mem, size);
		close(ctl);
		snprintf(what, sizeof(what), "pin %s", hsize);
		hint = cli_pin_hint(hbuf, sizeof(hbuf), pin, size, true,
				    o->longterm, memlock, have_v ? &v : NULL);
		return fail(c, what, pin, hint);
	}
	pin_counters(ctl, &during);
	if (!c->json) {
		printf("pinned:   pin fd %d, write access, %s (MEMSHARE_IOC_PIN); ",
		       pin, o->longterm ? "long-term" : "short-term");
		print_pin_counters(&during);
		printf("\n");
	}

	/* 3. the kernel writes across the first page boundary */
	koff = page - tlen / 2;
	ret = ms_pin_kwrite(pin, koff, text, tlen);
	if (ret) {
		snprintf(what, sizeof(what), "the kernel's write through the "
			 "pin (MEMSHARE_IOC_PIN_ACCESS)");
		hint = cli_hint(CLI_CTX_PIN_ACCESS, ret);
		goto out_fail;
	}
	found = !memcmp(mem + koff, text, tlen);
	if (!c->json) {
		printf("kernel:   wrote %zu bytes at offset %" PRIu64 " (pages %"
		       PRIu64 "-%" PRIu64 ") through the pinned pages\n", tlen,
		       koff, koff / page, (koff + tlen - 1) / page);
		printf("process:  finds at offset %" PRIu64 ": \"", koff);
		print_bytes(mem + koff, tlen);
		printf("\"%s\n", found ? "" : " (NOT what the kernel wrote)");
	}

	/* 4. the process writes, the kernel reads */
	for (uint64_t i = 0; i < size / 8; i++)
		((uint64_t *)(void *)mem)[i] = i * 0x9e3779b97f4a7c15ULL;
	ucrc = ms_crc32c(mem, size);
	ret = ms_pin_kcrc32c(pin, 0, size, &kcrc);
	if (ret) {
		snprintf(what, sizeof(what), "the kernel's CRC-32C of the pin "
			 "(MEMSHARE_IOC_PIN_ACCESS)");
		hint = cli_hint(CLI_CTX_PIN_ACCESS, ret);
		goto out_fail;
	}
	same_crc = kcrc == ucrc;
	if (!c->json)
		printf("process:  stored a pattern in all %s; kernel's CRC-32C "
		       "0x%08" PRIx32 ", ms_crc32c() 0x%08" PRIx32 ": %s\n",
		       hsize, kcrc, ucrc, same_crc ? "same" : "DIFFERENT");

	/* 5. describe it */
	ret = ms_pin_info(pin, &pi);
	if (!ret) {
		nr_ext = pi.nr_extents;
		ext = calloc(nr_ext ? nr_ext : 1, sizeof(*ext));
		got = ext ? ms_pin_extents(pin, ext, nr_ext) : -ENOMEM;
		if (got < 0)
			ret = (int)got;
		else
			nr_ext = (uint64_t)got;
	}
	if (ret) {
		snprintf(what, sizeof(what), "describe the pin "
			 "(MEMSHARE_IOC_PIN_INFO)");
		hint = cli_hint(CLI_CTX_PIN_ACCESS, ret);
		goto out_fail;
	}
	covered = nr_ext == pi.nr_extents &&
		  extents_cover(ext, nr_ext, pi.length);
	if (!c->json) {
		bool phys = pi.flags & MEMSHARE_PIN_INFO_PHYS;

		printf("info:     %" PRIu64 " pages from 0x%" PRIx64 ", %" PRIu64
		       " bytes, %" PRIu64 " extent%s%s (MEMSHARE_IOC_PIN_INFO); "
		       "%s\n", (uint64_t)pi.nr_pages, (uint64_t)pi.addr,
		       (uint64_t)pi.length, (uint64_t)pi.nr_extents,
		       pi.nr_extents == 1 ? "" : "s",
		       covered ? "" : " (NOT covering the range)",
		       phys ? "physical addresses:" :
		       "physical addresses are root-only (CAP_SYS_ADMIN), "
		       "shown as 0:");
		printf("  %6s  %12s  %12s  %s\n", "extent", "offset", "length",
		       "phys_addr");
		for (uint64_t i = 0; i < nr_ext && i < PIN_DEMO_SHOW; i++)
			printf("  %6" PRIu64 "  %12" PRIu64 "  %12" PRIu64
			       "  0x%" PRIx64 "\n", i, (uint64_t)ext[i].offset,
			       (uint64_t)ext[i].length,
			       (uint64_t)ext[i].phys_addr);
		if (nr_ext > PIN_DEMO_SHOW)
			printf("  ... %" PRIu64 " more\n",
			       nr_ext - PIN_DEMO_SHOW);
	}

	/* 6. unpin */
	close(pin);
	pin = -1;
	pin_counters(ctl, &after);
	if (!c->json) {
		printf("unpinned: closed the pin fd; ");
		print_pin_counters(&after);
		printf("\n");
	}
	munmap(mem, size);
	close(ctl);

	what[0] = '\0';
	if (!found)
		snprintf(what, sizeof(what), "the process does not find what "
			 "the kernel wrote at offset %" PRIu64, koff);
	else if (!same_crc)
		snprintf(what, sizeof(what), "the kernel's CRC-32C 0x%08" PRIx32
			 " differs from the process's 0x%08" PRIx32, kcrc,
			 ucrc);
	else if (!covered)
		snprintf(what, sizeof(what), "the %" PRIu64 " extents do not "
			 "cover the %" PRIu64 " pinned bytes", nr_ext,
			 (uint64_t)pi.length);

	if (c->json) {
		struct json j;
		char found_hex[32];

		json_init(&j, stdout);
		json_object_begin(&j);
		json_kv_u64(&j, "size", size);
		json_kv_u64(&j, "page_size", page);
		json_kv_bool(&j, "write", true);
		json_kv_bool(&j, "longterm", o->longterm);
		json_key(&j, "before");
		json_object_begin(&j);
		json_pin_counters(&j, &before);
		json_object_end(&j);
		json_key(&j, "pinned");
		json_object_begin(&j);
		json_pin_counters(&j, &during);
		json_object_end(&j);
		json_key(&j, "kernel_write");
		json_object_begin(&j);
		json_kv_u64(&j, "offset", koff);
		json_kv_u64(&j, "length", tlen);
		json_kv_u64(&j, "first_page", koff / page);
		json_kv_u64(&j, "last_page", (koff + tlen - 1) / page);
		json_kv_string(&j, "text", text);
		json_kv_bool(&j, "found", found);
		json_object_end(&j);
		json_key(&j, "crc32c");
		json_object_begin(&j);
		snprintf(found_hex, sizeof(found_hex), "0x%08" PRIx32, kcrc);
		json_kv_string(&j, "kernel", found_hex);
		snprintf(found_hex, sizeof(found_hex), "0x%08" PRIx32, ucrc);
		json_kv_string(&j, "process", found_hex);
		json_kv_bool(&j, "same", same_crc);
		json_object_end(&j);
		json_key(&j, "info");
		json_object_begin(&j);
		json_kv_hex(&j, "addr", pi.addr);
		json_kv_u64(&j, "length", pi.length);
		json_kv_u64(&j, "nr_pages", pi.nr_pages);
		json_kv_u64(&j, "first_offset", pi.first_offset);
		json_kv_bool(&j, "write", pi.pin_flags & MEMSHARE_PIN_WRITE);
		json_kv_bool(&j, "longterm",
			     pi.pin_flags & MEMSHARE_PIN_LONGTERM);
		json_kv_bool(&j, "phys", pi.flags & MEMSHARE_PIN_INFO_PHYS);
		json_kv_u64(&j, "nr_extents", pi.nr_extents);
		json_kv_bool(&j, "extents_cover_range", covered);
		json_key(&j, "extents");
		json_array_begin(&j);
		for (uint64_t i = 0; i < nr_ext && i < PIN_DEMO_JSON; i++) {
			json_object_begin(&j);
			json_kv_u64(&j, "offset", ext[i].offset);
			json_kv_u64(&j, "length", ext[i].length);
			json_kv_hex(&j, "phys_addr", ext[i].phys_addr);
			json_object_end(&j);
		}
		json_array_end(&j);
		json_object_end(&j);
		json_key(&j, "unpinned");
		json_object_begin(&j);
		json_pin_counters(&j, &after);
		json_object_end(&j);
		if (what[0])
			json_error(&j, what, -EIO, NULL);
		json_object_end(&j);
		json_finish(&j);
	}
	free(ext);
	if (what[0]) {
		char line[512];

		cli_format_error(line, sizeof(line), what, -EIO, NULL);
		fflush(stdout);
		fprintf(stderr, "%s\n", line);
		return 1;
	}
	return 0;

out_fail:
	free(ext);
	if (pin >= 0)
		close(pin);
	munmap(mem, size);
	close(ctl);
	return fail(c, what, ret, hint);
}

/* ---- help, version, dispatch ------------------------------------------- */

static int cmd_help(struct cli *c, const struct cmd *cmd, char **pos,
		    const struct cmd_opts *o);

static const struct cmd commands[] = {
	{ "info", "", "module version, features, limits, use",
	  OPTF(OPT_JSON), 0, 0, cmd_info },
	{ "ls", "", "list the named buffers",
	  OPTF(OPT_JSON), 0, 0, cmd_ls },
	{ "create", "NAME SIZE [--contig] [--eager]",
	  "create a named buffer (root)",
	  OPTF(OPT_JSON) | OPTF(OPT_CONTIG) | OPTF(OPT_EAGER), 2, 2,
	  cmd_create },
	{ "destroy", "NAME", "destroy a named buffer (root)",
	  OPTF(OPT_JSON), 1, 1, cmd_destroy },
	{ "cat", "NAME [--offset N] [--length N]",
	  "copy a named buffer to stdout",
	  OPTF(OPT_JSON) | OPTF(OPT_OFFSET) | OPTF(OPT_LENGTH), 1, 1,
	  cmd_cat },
	{ "write", "NAME [--offset N] STRING|-",
	  "write STRING (or stdin) into NAME",
	  OPTF(OPT_JSON) | OPTF(OPT_OFFSET), 2, 2, cmd_write },
	{ "pin-demo", "[SIZE] [--longterm]",
	  "pin memory; the kernel reads/writes it",
	  OPTF(OPT_JSON) | OPTF(OPT_LONGTERM), 0, 1, cmd_pin_demo },
	{ "xlate", "[--pid P] [--entries] [--page] [--read] [--backend B] "
	  "ADDR|START-END...",
	  "translate virtual addresses of a process",
	  OPTF(OPT_JSON) | OPTF(OPT_PID) | OPTF(OPT_BACKEND) |
	  OPTF(OPT_ENTRIES) | OPTF(OPT_PAGE) | OPTF(OPT_READ), 1, INT_MAX,
	  cli_cmd_xlate },
	{ "maps", "[--pid P] [--backend B]",
	  "a process's VMAs (like pmap -x)",
	  OPTF(OPT_JSON) | OPTF(OPT_PID) | OPTF(OPT_BACKEND), 0, 0,
	  cli_cmd_maps },
	{ "kaddr", "ADDR...", "classify kernel addresses (root)",
	  OPTF(OPT_JSON), 1, INT_MAX, cli_cmd_kaddr },
	{ "help", "", "this help", OPTF(OPT_JSON), 0, 0, cmd_help },
};
#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void print_help(FILE *f)
{
	size_t i;

	fprintf(f, "usage: memshare [--json] COMMAND [ARGS]\n"
		"       memshare --version | --help\n\n"
		"Commands:\n");
	for (i = 0; i < NR_COMMANDS; i++) {
		char lhs[160];

		snprintf(lhs, sizeof(lhs), "%s%s%s", commands[i].name,
			 *commands[i].args ? " " : "", commands[i].args);
		if (strlen(lhs) > 38)	/* the help on a line of its own */
			fprintf(f, "  %s\n  %-38s %s\n", lhs, "",
				commands[i].help);
		else
			fprintf(f, "  %-38s %s\n", lhs, commands[i].help);
	}
	fprintf(f, "\nOptions:\n"
		"  --json      print one JSON object on stdout\n"
		"  --version   print the version\n"
		"  -h, --help  print this help\n"
		"  --pid P     the process to translate (default: memshare "
		"itself)\n"
		"  --backend B module (MEMSHARE_IOC_XLATE) or pagemap "
		"(/proc/PID/pagemap);\n"
		"              default: the module when it is loaded\n\n"
		"SIZE and N are bytes, with an optional suffix K, M, G or T "
		"(powers of 1024;\nalso k, KiB, ...).  ADDR is hexadecimal "
		"(0x...) or decimal.  Exit status:\n0 success, 1 failure, 2 "
		"usage error.\n");
}

static int cmd_help(struct cli *c, const struct cmd *cmd, char **pos,
		    const struct cmd_opts *o)
{
	(void)c; (void)cmd; (void)pos; (void)o;
	print_help(stdout);
	return 0;
}

static int print_version(struct cli *c)
{
	if (c->json) {
		struct json j;

		json_init(&j, stdout);
		json_object_begin(&j);
		json_kv_string(&j, "version", CLI_VERSION);
		json_kv_string(&j, "lib_version", ms_lib_version());
		json_object_end(&j);
		json_finish(&j);
	} else {
		printf("memshare %s (libmemshare %s)\n", CLI_VERSION,
		       ms_lib_version());
	}
	return 0;
}

static const struct option long_options[] = {
	{ "json", no_argument, NULL, OPT_JSON },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "contig", no_argument, NULL, OPT_CONTIG },
	{ "eager", no_argument, NULL, OPT_EAGER },
	{ "offset", required_argument, NULL, OPT_OFFSET },
	{ "length", required_argument, NULL, OPT_LENGTH },
	{ "longterm", no_argument, NULL, OPT_LONGTERM },
	{ "pid", required_argument, NULL, OPT_PID },
	{ "backend", required_argument, NULL, OPT_BACKEND },
	{ "entries", no_argument, NULL, OPT_ENTRIES },
	{ "page", no_argument, NULL, OPT_PAGE },
	{ "read", no_argument, NULL, OPT_READ },
	{ NULL, 0, NULL, 0 },
};

static int run_command(struct cli *c, const struct cmd *cmd, int argc,
		       char **argv)
{
	struct cmd_opts o;
	char **pos;
	int npos = 0, opt, ret, idx;

	memset(&o, 0, sizeof(o));
	pos = calloc((size_t)argc + 1, sizeof(*pos));
	if (!pos)
		return fail(c, "allocate", -ENOMEM, NULL);

	/* First pass: only --json, so that usage errors below know it. */
	for (opt = 1; opt < argc && strcmp(argv[opt], "--"); opt++)
		if (!strcmp(argv[opt], "--json"))
			c->json = true;

	/* "-": options and arguments in order, whatever POSIXLY_CORRECT. */
	optind = 0;
	opterr = 0;
	ret = -1;
	while (ret < 0 &&
	       (opt = getopt_long(argc, argv, "-:h", long_options, &idx)) != -1) {
		const char *bad = argv[optind - 1];

		if (opt >= OPT_JSON && opt != OPT_HELP &&
		    !(cmd->opts & OPTF(opt))) {
			ret = usage_error(c, cmd, "%s: unknown option '--%s'",
					  cmd->name, long_options[idx].name);
			break;
		}
		switch (opt) {
		case 1:
			pos[npos++] = optarg;
			break;
		case 'h':
		case OPT_HELP:
			print_help(stdout);
			ret = 0;
			break;
		case OPT_JSON:
			c->json = true;
			break;
		case OPT_CONTIG:
			o.contig = true;
			break;
		case OPT_EAGER:
			o.eager = true;
			break;
		case OPT_LONGTERM:
			o.longterm = true;
			break;
		case OPT_ENTRIES:
			o.entries = true;
			break;
		case OPT_PAGE:
			o.page = true;
			break;
		case OPT_READ:
			o.read = true;
			break;
		case OPT_PID: {
			char *end;
			long v;

			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || v < 0 ||
			    v > INT_MAX) {
				ret = usage_error(c, cmd, "%s: bad --pid '%s': "
						  "not a process id", cmd->name,
						  optarg);
				break;
			}
			o.pid = (int)v;
			break;
		}
		case OPT_BACKEND:
			if (!strcmp(optarg, "module")) {
				o.backend = MS_BACKEND_MODULE;
			} else if (!strcmp(optarg, "pagemap")) {
				o.backend = MS_BACKEND_PAGEMAP;
			} else if (!strcmp(optarg, "auto")) {
				o.backend = MS_BACKEND_AUTO;
			} else {
				ret = usage_error(c, cmd, "%s: bad --backend "
						  "'%s': module, pagemap or "
						  "auto", cmd->name, optarg);
				break;
			}
			break;
		case OPT_OFFSET:
		case OPT_LENGTH: {
			uint64_t *v = opt == OPT_OFFSET ? &o.offset : &o.length;
			int err = ms_parse_size(optarg, v);

			if (err) {
				ret = bad_size(c, cmd, opt == OPT_OFFSET ?
					       "--offset" : "--length",
					       optarg, err);
				break;
			}
			if (opt == OPT_OFFSET)
				o.has_offset = true;
			else
				o.has_length = true;
			break;
		}
		case ':':
			ret = usage_error(c, cmd, "%s: option '%s' needs an "
					  "argument", cmd->name, bad);
			break;
		default:
			if (optopt > 0 && optopt < 0x80)	/* -X */
				ret = usage_error(c, cmd, "%s: unknown option "
						  "'-%c'", cmd->name, optopt);
			else
				ret = usage_error(c, cmd, "%s: unknown option "
						  "'%s'", cmd->name, bad);
			break;
		}
	}
	if (ret < 0) {
		while (optind < argc)
			pos[npos++] = argv[optind++];
		if (npos < cmd->min_pos)
			ret = usage_error(c, cmd, "%s: missing arguments",
					  cmd->name);
		else if (npos > cmd->max_pos)
			ret = usage_error(c, cmd, "%s: unexpected argument "
					  "'%s'", cmd->name,
					  pos[cmd->max_pos]);
		else
			ret = cmd->fn(c, cmd, pos, &o);
	}
	free(pos);
	return ret;
}

int cli_main(int argc, char **argv)
{
	struct cli c = { .json = false };
	bool version = false;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (!strcmp(a, "--json")) {
			c.json = true;
		} else if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
			version = true;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			print_help(stdout);
			return 0;
		} else {
			return usage_error(&c, NULL, "unknown option '%s'", a);
		}
	}
	if (version)
		return print_version(&c);
	if (i >= argc)
		return usage_error(&c, NULL, "missing command");
	for (size_t k = 0; k < NR_COMMANDS; k++)
		if (!strcmp(argv[i], commands[k].name))
			return run_command(&c, &commands[k], argc - i,
					   argv + i);
	return usage_error(&c, NULL, "unknown command '%s'", argv[i]);
}
