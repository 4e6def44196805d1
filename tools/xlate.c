// SPDX-License-Identifier: MIT
/*
 * memshare xlate, maps and kaddr: address translation of a process with
 * libmemshare (the module's MEMSHARE_IOC_XLATE or /proc/PID/pagemap), and
 * the classification of kernel addresses (MEMSHARE_IOC_KADDR).
 *
 * What a backend does not know is "?" in the text output and null in
 * JSON, never 0: the "known" array of each JSON result lists the fields
 * the backend could fill.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <memshare.h>

#include "cli.h"
#include "errors.h"
#include "json.h"

#define RANGE_CHUNK	4096			/* extents per call */
/*
 * The end of user space (x86-64's TASK_SIZE_MAX: the last page below the
 * non-canonical hole is a guard page), with 4 and 5 (la57) levels.
 */
#define USER_TOP_4L(page)	((UINT64_C(1) << 47) - (page))
#define USER_TOP_5L(page)	((UINT64_C(1) << 56) - (page))

struct bit_name {
	uint64_t bit;
	const char *name;
};

#define NR(a) (sizeof(a) / sizeof((a)[0]))

/* memshare_xlate_entry.flags, as words (MAPPED, PAGE, PHYS, DATA are not
 * attributes of the entry: they are shown otherwise). */
static const struct bit_name xf_names[] = {
	{ MEMSHARE_XF_PRESENT, "present" },
	{ MEMSHARE_XF_WRITE, "write" },
	{ MEMSHARE_XF_USER, "user" },
	{ MEMSHARE_XF_ACCESSED, "accessed" },
	{ MEMSHARE_XF_DIRTY, "dirty" },
	{ MEMSHARE_XF_NX, "nx" },
	{ MEMSHARE_XF_GLOBAL, "global" },
	{ MEMSHARE_XF_SOFT_DIRTY, "soft-dirty" },
	{ MEMSHARE_XF_PROTNONE, "protnone" },
	{ MEMSHARE_XF_SWAP, "swap" },
	{ MEMSHARE_XF_MIGRATION, "migration" },
	{ MEMSHARE_XF_NONPRESENT_OTHER, "other-entry" },
	{ MEMSHARE_XF_SPECIAL, "special" },
	{ MEMSHARE_XF_HUGE, "huge" },
	{ MEMSHARE_XF_THP, "thp" },
	{ MEMSHARE_XF_ZERO_PAGE, "zero" },
	{ MEMSHARE_XF_PFNMAP_HELPER, "pfnmap-helper" },
};

static const struct bit_name vmaf_names[] = {
	{ MEMSHARE_VMA_F_READ, "read" },
	{ MEMSHARE_VMA_F_WRITE, "write" },
	{ MEMSHARE_VMA_F_EXEC, "exec" },
	{ MEMSHARE_VMA_F_SHARED, "shared" },
	{ MEMSHARE_VMA_F_LOCKED, "locked" },
	{ MEMSHARE_VMA_F_IO, "io" },
	{ MEMSHARE_VMA_F_PFNMAP, "pfnmap" },
	{ MEMSHARE_VMA_F_MIXEDMAP, "mixedmap" },
	{ MEMSHARE_VMA_F_HUGETLB, "hugetlb" },
	{ MEMSHARE_VMA_F_GROWSDOWN, "growsdown" },
	{ MEMSHARE_VMA_F_HUGEPAGE, "hugepage" },
	{ MEMSHARE_VMA_F_NOHUGEPAGE, "nohugepage" },
	{ MEMSHARE_VMA_F_SOFTDIRTY, "softdirty" },
	{ MEMSHARE_VMA_F_DONTEXPAND, "dontexpand" },
};

/* struct page flags: the names page-types(8) gives the KPF_* bits. */
static const struct bit_name ps_names[] = {
	{ MEMSHARE_PS_LOCKED, "locked" },
	{ MEMSHARE_PS_REFERENCED, "referenced" },
	{ MEMSHARE_PS_UPTODATE, "uptodate" },
	{ MEMSHARE_PS_DIRTY, "dirty" },
	{ MEMSHARE_PS_LRU, "lru" },
	{ MEMSHARE_PS_ACTIVE, "active" },
	{ MEMSHARE_PS_SLAB, "slab" },
	{ MEMSHARE_PS_WRITEBACK, "writeback" },
	{ MEMSHARE_PS_BUDDY, "buddy" },
	{ MEMSHARE_PS_MMAP, "mmap" },
	{ MEMSHARE_PS_ANON, "anonymous" },
	{ MEMSHARE_PS_SWAPCACHE, "swapcache" },
	{ MEMSHARE_PS_SWAPBACKED, "swapbacked" },
	{ MEMSHARE_PS_HEAD, "compound_head" },
	{ MEMSHARE_PS_TAIL, "compound_tail" },
	{ MEMSHARE_PS_HUGE, "huge" },
	{ MEMSHARE_PS_UNEVICTABLE, "unevictable" },
	{ MEMSHARE_PS_HWPOISON, "hwpoison" },
	{ MEMSHARE_PS_NOPAGE, "nopage" },
	{ MEMSHARE_PS_KSM, "ksm" },
	{ MEMSHARE_PS_THP, "thp" },
	{ MEMSHARE_PS_ZERO_PAGE, "zero_page" },
	{ MEMSHARE_PS_PGTABLE, "pgtable" },
	{ MEMSHARE_PS_RESERVED, "reserved" },
	{ MEMSHARE_PS_MLOCKED, "mlocked" },
	{ MEMSHARE_PS_FILE, "file" },
	{ MEMSHARE_PS_FREE, "free" },
};

static const struct bit_name known_names[] = {
	{ MS_KNOWN_PRESENT, "present" },
	{ MS_KNOWN_PFN, "pfn" },
	{ MS_KNOWN_LEVEL, "level" },
	{ MS_KNOWN_ENTRIES, "entries" },
	{ MS_KNOWN_BITS, "bits" },
	{ MS_KNOWN_SOFT_DIRTY, "soft-dirty" },
	{ MS_KNOWN_SWAP, "swap" },
	{ MS_KNOWN_VMA, "vma" },
	{ MS_KNOWN_PATH, "path" },
	{ MS_KNOWN_PAGE_FLAGS, "page-flags" },
	{ MS_KNOWN_MAPCOUNT, "mapcount" },
	{ MS_KNOWN_REFCOUNT, "refcount" },
	{ MS_KNOWN_COMPOUND, "compound" },
	{ MS_KNOWN_ZONE, "zone" },
	{ MS_KNOWN_DATA, "data" },
};

static const struct bit_name ka_names[] = {
	{ MEMSHARE_KA_WRITE, "write" },
	{ MEMSHARE_KA_NX, "nx" },
	{ MEMSHARE_KA_GLOBAL, "global" },
	{ MEMSHARE_KA_HUGE, "huge" },
	{ MEMSHARE_KA_CURRENT_STACK, "current-stack" },
};

static const char *const entry_names[MEMSHARE_ENT_NR] = {
	[MEMSHARE_ENT_PGD] = "pgd",
	[MEMSHARE_ENT_P4D] = "p4d",
	[MEMSHARE_ENT_PUD] = "pud",
	[MEMSHARE_ENT_PMD] = "pmd",
	[MEMSHARE_ENT_PTE] = "pte",
};

static const char *zone_name(uint32_t zone)
{
	static const char *const names[] = {
		[MEMSHARE_ZONE_UNKNOWN] = "?",
		[MEMSHARE_ZONE_DMA] = "DMA",
		[MEMSHARE_ZONE_DMA32] = "DMA32",
		[MEMSHARE_ZONE_NORMAL] = "Normal",
		[MEMSHARE_ZONE_HIGHMEM] = "HighMem",
		[MEMSHARE_ZONE_MOVABLE] = "Movable",
		[MEMSHARE_ZONE_DEVICE] = "Device",
	};

	return zone < NR(names) ? names[zone] : "?";
}

static uint64_t page_bytes(void)
{
	long psz = sysconf(_SC_PAGESIZE);

	return psz > 0 ? (uint64_t)psz : 4096;
}

/* ---- parsing ------------------------------------------------------------ */

static int parse_num(const char *s, size_t len, uint64_t *out)
{
	unsigned int base = 10;
	uint64_t v = 0;
	size_t i = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == len)
		return -EINVAL;
	for (; i < len; i++) {
		char ch = s[i];
		unsigned int d;

		if (ch >= '0' && ch <= '9')
			d = (unsigned int)(ch - '0');
		else if (ch >= 'a' && ch <= 'f')
			d = (unsigned int)(ch - 'a') + 10;
		else if (ch >= 'A' && ch <= 'F')
			d = (unsigned int)(ch - 'A') + 10;
		else
			return -EINVAL;
		if (d >= base)
			return -EINVAL;
		if (v > (UINT64_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	*out = v;
	return 0;
}

int cli_parse_addr(const char *s, uint64_t *addr)
{
	return parse_num(s, strlen(s), addr);
}

int cli_parse_addr_range(const char *s, uint64_t *start, uint64_t *end)
{
	const char *dash = strchr(s, '-');
	int ret;

	if (!dash)
		return parse_num(s, strlen(s), start);
	ret = parse_num(s, (size_t)(dash - s), start);
	if (!ret)
		ret = parse_num(dash + 1, strlen(dash + 1), end);
	return ret ? ret : 1;
}

static int bad_addr(struct cli *c, const struct cmd *cmd, const char *arg,
		    int err)
{
	const char *name = cli_errno_name(err);

	return cli_usage_error(c, cmd, "%s: bad address '%s': %s (%s)",
			       cmd->name, arg, name ? name : "EINVAL",
			       strerror(-err));
}

/* ---- formatting --------------------------------------------------------- */

/* "4K", "2M", "1G"; "-" for 0. */
static void fmt_pgsize(char *buf, size_t size, uint64_t bytes)
{
	if (!bytes)
		snprintf(buf, size, "-");
	else if (!(bytes & ((UINT64_C(1) << 30) - 1)))
		snprintf(buf, size, "%" PRIu64 "G", bytes >> 30);
	else if (!(bytes & ((UINT64_C(1) << 20) - 1)))
		snprintf(buf, size, "%" PRIu64 "M", bytes >> 20);
	else if (!(bytes & ((UINT64_C(1) << 10) - 1)))
		snprintf(buf, size, "%" PRIu64 "K", bytes >> 10);
	else
		snprintf(buf, size, "%" PRIu64, bytes);
}

/* The names of the bits of @v in @names, joined by @sep; the bits left
 * over as 0x...; "" when none. */
static void fmt_bits(char *buf, size_t size, uint64_t v,
		     const struct bit_name *names, size_t n, const char *sep)
{
	size_t len = 0, i;
	uint64_t rest = v;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (!(v & names[i].bit))
			continue;
		rest &= ~names[i].bit;
		len += (size_t)snprintf(buf + (len < size ? len : size),
					len < size ? size - len : 0, "%s%s",
					len ? sep : "", names[i].name);
	}
	if (rest)
		snprintf(buf + (len < size ? len : size),
			 len < size ? size - len : 0, "%s0x%" PRIx64,
			 len ? sep : "", rest);
}

static void json_bits(struct json *j, const char *key, uint64_t v,
		      const struct bit_name *names, size_t n)
{
	char hex[24];
	uint64_t rest = v;
	size_t i;

	json_key(j, key);
	json_array_begin(j);
	for (i = 0; i < n; i++) {
		if (v & names[i].bit) {
			json_string(j, names[i].name);
			rest &= ~names[i].bit;
		}
	}
	if (rest) {
		snprintf(hex, sizeof(hex), "0x%" PRIx64, rest);
		json_string(j, hex);
	}
	json_array_end(j);
}

static void perms(char buf[5], uint32_t vf)
{
	buf[0] = vf & MEMSHARE_VMA_F_READ ? 'r' : '-';
	buf[1] = vf & MEMSHARE_VMA_F_WRITE ? 'w' : '-';
	buf[2] = vf & MEMSHARE_VMA_F_EXEC ? 'x' : '-';
	buf[3] = vf & MEMSHARE_VMA_F_SHARED ? 's' : 'p';
	buf[4] = '\0';
}

/* What the page state fields are known: all of them from the module. */
#define KNOWN_ALL_PAGE	(MS_KNOWN_PAGE_FLAGS | MS_KNOWN_MAPCOUNT | \
			 MS_KNOWN_REFCOUNT | MS_KNOWN_COMPOUND | MS_KNOWN_ZONE)

/* " ref=1 map=1 order=0 index=0 zone=Normal node=0 flags=lru,..." */
static void print_page(FILE *f, const struct memshare_page_state *p,
		       uint64_t known)
{
	char fl[512];

	if (known & MS_KNOWN_REFCOUNT)
		fprintf(f, " ref=%" PRIu32, p->refcount);
	else
		fprintf(f, " ref=?");
	if (known & MS_KNOWN_MAPCOUNT)
		fprintf(f, " map=%" PRId32, p->mapcount);
	else
		fprintf(f, " map=?");
	if (known & MS_KNOWN_COMPOUND)
		fprintf(f, " order=%" PRIu32 " index=%" PRIu64, p->order,
			(uint64_t)p->index);
	else
		fprintf(f, " order=? index=?");
	if (known & MS_KNOWN_ZONE)
		fprintf(f, " zone=%s node=%" PRIu32, zone_name(p->zone),
			p->nid);
	else
		fprintf(f, " zone=? node=?");
	if (known & MS_KNOWN_PAGE_FLAGS) {
		fmt_bits(fl, sizeof(fl), p->flags, ps_names, NR(ps_names),
			 ",");
		fprintf(f, " pflags=%s", *fl ? fl : "-");
	} else {
		fprintf(f, " pflags=?");
	}
}

static void json_page(struct json *j, const struct memshare_page_state *p,
		      uint64_t known)
{
	json_key(j, "page");
	json_object_begin(j);
	if (known & MS_KNOWN_REFCOUNT)
		json_kv_u64(j, "refcount", p->refcount);
	else
		json_kv_null(j, "refcount");
	if (known & MS_KNOWN_MAPCOUNT)
		json_kv_i64(j, "mapcount", p->mapcount);
	else
		json_kv_null(j, "mapcount");
	if (known & MS_KNOWN_COMPOUND) {
		json_kv_u64(j, "order", p->order);
		json_kv_u64(j, "index", p->index);
	} else {
		json_kv_null(j, "order");
		json_kv_null(j, "index");
	}
	if (known & MS_KNOWN_ZONE) {
		json_kv_string(j, "zone", zone_name(p->zone));
		json_kv_u64(j, "nid", p->nid);
	} else {
		json_kv_null(j, "zone");
		json_kv_null(j, "nid");
	}
	if (known & MS_KNOWN_PAGE_FLAGS) {
		json_kv_hex(j, "flags", p->flags);
		json_bits(j, "flag_names", p->flags, ps_names, NR(ps_names));
	} else {
		json_kv_null(j, "flags");
		json_kv_null(j, "flag_names");
	}
	json_object_end(j);
}

/* ---- xlate ---------------------------------------------------------------- */

static bool entry_phys(const struct ms_xlate_entry *x)
{
	return (x->e.flags & MEMSHARE_XF_PHYS) && (x->known & MS_KNOWN_PFN);
}

/* One line: VADDR PADDR PFN SIZE LEVEL VMA FLAGS [...] [PATH]. */
static void print_entry(const struct ms_xlate_entry *x, const char *path,
			bool range, const struct cmd_opts *o)
{
	const struct memshare_xlate_entry *e = &x->e;
	bool present = e->flags & MEMSHARE_XF_PRESENT;
	char va[48], pa[24] = "-", pfn[24] = "-", sz[24] = "?";
	char fl[512];
	const char *level = "?", *kind = "?";
	size_t len;

	if (range)
		snprintf(va, sizeof(va), "0x%" PRIx64 "-0x%" PRIx64,
			 (uint64_t)e->vaddr, (uint64_t)(e->vaddr + e->length));
	else
		snprintf(va, sizeof(va), "0x%" PRIx64, (uint64_t)e->vaddr);
	if (present && entry_phys(x)) {
		snprintf(pa, sizeof(pa), "0x%" PRIx64, (uint64_t)e->paddr);
		snprintf(pfn, sizeof(pfn), "0x%" PRIx64, (uint64_t)e->pfn);
	}
	if (x->known & MS_KNOWN_LEVEL) {
		fmt_pgsize(sz, sizeof(sz), e->page_size);
		level = ms_level_name(e->level);
	}
	if (x->known & MS_KNOWN_VMA)
		kind = ms_vma_kind_name(e->vma_kind);

	fl[0] = '\0';
	if (x->known & MS_KNOWN_PRESENT) {
		if (!(e->flags & MEMSHARE_XF_MAPPED))
			snprintf(fl, sizeof(fl), "unmapped");
		else if (!present)
			snprintf(fl, sizeof(fl), "not-present");
	}
	len = strlen(fl);
	fmt_bits(fl + len + !!len, sizeof(fl) - len - 1,
		 e->flags & ~(uint64_t)(MEMSHARE_XF_MAPPED | MEMSHARE_XF_PAGE |
					MEMSHARE_XF_PHYS | MEMSHARE_XF_DATA),
		 xf_names, NR(xf_names), ",");
	if (len && fl[len + 1])
		fl[len] = ',';
	printf("%-18s %-14s %-11s %-4s %-5s %-8s %s", va, pa, pfn, sz, level,
	       kind, *fl ? fl : "-");

	if (e->flags & (MEMSHARE_XF_SWAP | MEMSHARE_XF_MIGRATION)) {
		const char *what = e->flags & MEMSHARE_XF_SWAP ? "swap" :
				   "migration";

		if (e->flags & MEMSHARE_XF_PHYS)
			printf(" %s %" PRIu32 ":0x%" PRIx64, what, e->swap_type,
			       (uint64_t)e->swap_offset);
		else
			printf(" %s ?:?", what);
	}
	if (o->entries) {
		if (x->known & MS_KNOWN_ENTRIES) {
			for (int i = 0; i < MEMSHARE_ENT_NR; i++)
				printf(" %s=0x%" PRIx64, entry_names[i],
				       (uint64_t)e->entries[i]);
		} else {
			printf(" entries=?");
		}
	}
	if (o->page) {
		if (e->flags & MEMSHARE_XF_PAGE)
			print_page(stdout, &e->page, x->known);
		else
			printf(" page=-");
	}
	if (o->read) {
		if (e->flags & MEMSHARE_XF_DATA)
			printf(" data=0x%016" PRIx64, (uint64_t)e->data);
		else
			printf(" data=-");
	}
	if (path)
		printf(" %s", path);
	printf("\n");
}

static void json_entry(struct json *j, const struct ms_xlate_entry *x,
		       const char *path, bool range, const struct cmd_opts *o,
		       const char *backend)
{
	const struct memshare_xlate_entry *e = &x->e;
	bool present = e->flags & MEMSHARE_XF_PRESENT;
	bool known_present = x->known & MS_KNOWN_PRESENT;
	uint64_t attrs = e->flags & ~(uint64_t)(MEMSHARE_XF_MAPPED |
						MEMSHARE_XF_PAGE |
						MEMSHARE_XF_PHYS |
						MEMSHARE_XF_DATA);
	char perm[5];

	json_object_begin(j);
	json_kv_string(j, "type", range ? "extent" : "address");
	json_kv_hex(j, "vaddr", e->vaddr);
	json_kv_u64(j, "length", e->length);
	if (present && entry_phys(x)) {
		json_kv_hex(j, "paddr", e->paddr);
		json_kv_hex(j, "pfn", e->pfn);
	} else {
		json_kv_null(j, "paddr");
		json_kv_null(j, "pfn");
	}
	if (known_present) {
		json_kv_bool(j, "mapped", e->flags & MEMSHARE_XF_MAPPED);
		json_kv_bool(j, "present", present);
	} else {
		json_kv_null(j, "mapped");
		json_kv_null(j, "present");
	}
	if (x->known & MS_KNOWN_LEVEL) {
		json_kv_u64(j, "page_size", e->page_size);
		json_kv_string(j, "level", ms_level_name(e->level));
		json_kv_u64(j, "pt_levels", e->pt_levels);
	} else {
		json_kv_null(j, "page_size");
		json_kv_null(j, "level");
		json_kv_null(j, "pt_levels");
	}
	json_bits(j, "flags", attrs, xf_names, NR(xf_names));
	json_kv_hex(j, "flags_raw", e->flags);

	json_key(j, "entries");
	if (x->known & MS_KNOWN_ENTRIES) {
		json_object_begin(j);
		for (int i = 0; i < MEMSHARE_ENT_NR; i++)
			json_kv_hex(j, entry_names[i], e->entries[i]);
		json_object_end(j);
	} else {
		json_null(j);
	}

	json_key(j, "vma");
	if ((x->known & MS_KNOWN_VMA) && e->vma_kind != MEMSHARE_VMA_NONE) {
		json_object_begin(j);
		json_kv_string(j, "kind", ms_vma_kind_name(e->vma_kind));
		json_kv_hex(j, "start", e->vma_start);
		json_kv_hex(j, "end", e->vma_end);
		perms(perm, e->vma_flags);
		json_kv_string(j, "perms", perm);
		json_bits(j, "flags", e->vma_flags, vmaf_names,
			  NR(vmaf_names));
		json_kv_hex(j, "pgoff", e->vma_pgoff);
		json_kv_string(j, "path", path);
		json_object_end(j);
	} else {
		json_null(j);
	}

	if (e->flags & (MEMSHARE_XF_SWAP | MEMSHARE_XF_MIGRATION)) {
		json_key(j, "swap");
		json_object_begin(j);
		json_kv_bool(j, "migration",
			     e->flags & MEMSHARE_XF_MIGRATION);
		if (e->flags & MEMSHARE_XF_PHYS) {
			json_kv_u64(j, "type", e->swap_type);
			json_kv_hex(j, "offset", e->swap_offset);
		} else {
			json_kv_null(j, "type");
			json_kv_null(j, "offset");
		}
		json_object_end(j);
	}
	if (e->flags & MEMSHARE_XF_PAGE)
		json_page(j, &e->page, x->known);
	else if (o->page)
		json_kv_null(j, "page");
	if (e->flags & MEMSHARE_XF_DATA)
		json_kv_hex(j, "data", e->data);
	else if (o->read)
		json_kv_null(j, "data");
	json_kv_string(j, "backend", backend);
	json_bits(j, "known", x->known, known_names, NR(known_names));
	json_object_end(j);
}

struct xarg {
	bool range;
	uint64_t start, end;
};

/* Whether --pid names another process than memshare itself. */
static bool other_pid(const struct cmd_opts *o)
{
	return o->pid && o->pid != getpid();
}

/* "xlate" for memshare itself, "xlate: pid P" for another process. */
static void xlate_what(char *buf, size_t size, const char *cmd, int pid,
		       const char *more)
{
	if (pid)
		snprintf(buf, size, "%s: pid %d%s%s", cmd, pid,
			 more ? ": " : "", more ? more : "");
	else
		snprintf(buf, size, "%s%s%s", cmd, more ? ": " : "",
			 more ? more : "");
}

static int open_xlate(struct cli *c, const struct cmd *cmd,
		      const struct cmd_opts *o, unsigned int flags,
		      struct ms_xlate **x)
{
	char what[96];
	int ret;

	MS_OPTS(ms_xlate_opts, xo, .pid = o->pid, .backend = o->backend,
		.flags = flags);
	ret = ms_xlate_new(&xo, x);
	if (ret) {
		xlate_what(what, sizeof(what), cmd->name, o->pid, NULL);
		return cli_fail(c, what, ret,
				cli_xlate_hint(ret, other_pid(o),
					       flags & MS_XLATE_READ,
					       o->backend));
	}
	return 0;
}

/* A failure after the output began: close the JSON document with an
 * "error" member, or the error line; returns 1. */
static int fail_late(struct cli *c, struct json *j, const char *what,
		     int err, const char *hint)
{
	char line[1024];

	if (c->json) {
		json_array_end(j);
		cli_json_error(j, what, err, hint);
		json_object_end(j);
		json_finish(j);
	}
	cli_format_error(line, sizeof(line), what, err, hint);
	fflush(stdout);
	fprintf(stderr, "%s\n", line);
	return 1;
}

int cli_cmd_xlate(struct cli *c, const struct cmd *cmd, char **pos,
		  const struct cmd_opts *o)
{
	unsigned int flags = MS_XLATE_PATHS;
	struct ms_xlate_entry *res = NULL, *ext = NULL;
	struct ms_xlate *x = NULL;
	size_t n = 0, naddrs = 0, i, k;
	uint64_t *addrs = NULL;
	struct xarg *args;
	char **paths = NULL;
	const char *backend;
	char what[160];
	struct json j;
	int ret;

	while (pos[n])
		n++;
	args = calloc(n, sizeof(*args));
	addrs = calloc(n, sizeof(*addrs));
	if (!args || !addrs) {
		ret = cli_fail(c, "allocate", -ENOMEM, NULL);
		goto out;
	}
	for (i = 0; i < n; i++) {
		ret = cli_parse_addr_range(pos[i], &args[i].start,
					   &args[i].end);
		if (ret < 0) {
			ret = bad_addr(c, cmd, pos[i], ret);
			goto out;
		}
		args[i].range = ret == 1;
		if (args[i].range && args[i].start >= args[i].end) {
			ret = cli_usage_error(c, cmd, "%s: bad range '%s': "
					      "START must be below END (END "
					      "is exclusive)", cmd->name,
					      pos[i]);
			goto out;
		}
		if (!args[i].range)
			addrs[naddrs++] = args[i].start;
	}

	if (o->page)
		flags |= MS_XLATE_PAGE;
	if (o->read)
		flags |= MS_XLATE_READ;
	ret = open_xlate(c, cmd, o, flags, &x);
	if (ret)
		goto out;
	backend = ms_backend_name(ms_xlate_backend(x));

	/* All the addresses in one batch; their paths outlive later calls. */
	if (naddrs) {
		res = calloc(naddrs, sizeof(*res));
		paths = calloc(naddrs, sizeof(*paths));
		if (!res || !paths) {
			ret = cli_fail(c, "allocate", -ENOMEM, NULL);
			goto out;
		}
		ret = ms_xlate_addrs(x, addrs, naddrs, res);
		if (ret) {
			xlate_what(what, sizeof(what), cmd->name, o->pid, NULL);
			ret = cli_fail(c, what, ret,
				       cli_xlate_hint(ret, other_pid(o), o->read,
						      o->backend));
			goto out;
		}
		for (i = 0; i < naddrs; i++) {
			if (!res[i].path)
				continue;
			paths[i] = strdup(res[i].path);
			if (!paths[i]) {
				ret = cli_fail(c, "allocate", -ENOMEM, NULL);
				goto out;
			}
		}
	}
	if (naddrs < n) {
		ext = calloc(RANGE_CHUNK, sizeof(*ext));
		if (!ext) {
			ret = cli_fail(c, "allocate", -ENOMEM, NULL);
			goto out;
		}
	}

	if (c->json) {
		json_init(&j, stdout);
		json_object_begin(&j);
		json_kv_i64(&j, "pid", o->pid ? o->pid : getpid());
		json_kv_string(&j, "backend", backend);
		json_key(&j, "results");
		json_array_begin(&j);
	} else {
		printf("%-18s %-14s %-11s %-4s %-5s %-8s %s\n", "VADDR",
		       "PADDR", "PFN", "SIZE", "LEVEL", "VMA", "FLAGS");
	}
	for (i = 0, k = 0; i < n; i++) {
		uint64_t cur, next;

		if (!args[i].range) {
			if (c->json)
				json_entry(&j, &res[k], paths[k], false, o,
					   backend);
			else
				print_entry(&res[k], paths[k], false, o);
			k++;
			continue;
		}
		for (cur = args[i].start; cur < args[i].end; cur = next) {
			int64_t got = ms_xlate_range(x, cur, args[i].end, ext,
						     RANGE_CHUNK, &next);

			if (got < 0) {
				char range[64];

				snprintf(range, sizeof(range), "0x%" PRIx64
					 "-0x%" PRIx64, cur, args[i].end);
				xlate_what(what, sizeof(what), cmd->name,
					   o->pid, range);
				ret = fail_late(c, &j, what, (int)got,
						cli_xlate_hint((int)got,
							       other_pid(o),
							       o->read,
							       o->backend));
				goto out;
			}
			for (int64_t e = 0; e < got; e++) {
				if (c->json)
					json_entry(&j, &ext[e], ext[e].path,
						   true, o, backend);
				else
					print_entry(&ext[e], ext[e].path, true,
						    o);
			}
			if (next <= cur)	/* no progress: do not spin */
				break;
		}
	}
	if (c->json) {
		json_array_end(&j);
		json_object_end(&j);
		json_finish(&j);
	}
	ret = 0;
out:
	if (paths)
		for (i = 0; i < naddrs; i++)
			free(paths[i]);
	free(paths);
	free(res);
	free(ext);
	free(addrs);
	free(args);
	if (x)
		ms_xlate_free(x);
	return ret;
}

/* ---- maps ----------------------------------------------------------------- */

struct vma_sum {
	uint64_t start, end, pgoff;
	uint32_t kind, flags;
	char *path;
	uint64_t resident, swapped, extents, huge;
	bool swap_known, extents_known, huge_known;
	bool in_run;			/* a physical run is open */
	uint64_t run_vend, run_pfn_end;	/* where it would continue */
};

struct maps_state {
	struct vma_sum *v;
	size_t n, cap;
	uint64_t page;
	int pt_levels;			/* from the module's entries; 0 */
};

static struct vma_sum *maps_vma(struct maps_state *s,
				const struct ms_xlate_entry *x)
{
	const struct memshare_xlate_entry *e = &x->e;
	struct vma_sum *v;

	if (s->n && s->v[s->n - 1].start == e->vma_start)
		return &s->v[s->n - 1];
	if (s->n == s->cap) {
		size_t ncap = s->cap ? 2 * s->cap : 64;
		struct vma_sum *nv = realloc(s->v, ncap * sizeof(*nv));

		if (!nv)
			return NULL;
		s->v = nv;
		s->cap = ncap;
	}
	v = &s->v[s->n];
	memset(v, 0, sizeof(*v));
	if (x->path) {
		v->path = strdup(x->path);
		if (!v->path)
			return NULL;
	}
	s->n++;
	v->start = e->vma_start;
	v->end = e->vma_end;
	v->pgoff = e->vma_pgoff;
	v->kind = e->vma_kind;
	v->flags = e->vma_flags;
	v->swap_known = v->extents_known = v->huge_known = true;
	return v;
}

static int maps_add(struct maps_state *s, const struct ms_xlate_entry *x)
{
	const struct memshare_xlate_entry *e = &x->e;
	struct vma_sum *v;

	if (e->pt_levels && (x->known & MS_KNOWN_LEVEL))
		s->pt_levels = (int)e->pt_levels;
	if (!(e->flags & MEMSHARE_XF_MAPPED) ||
	    e->vma_kind == MEMSHARE_VMA_NONE)
		return 0;		/* a gap between VMAs */
	v = maps_vma(s, x);
	if (!v)
		return -ENOMEM;
	if (!(x->known & MS_KNOWN_SWAP))
		v->swap_known = false;
	if (!(e->flags & MEMSHARE_XF_PRESENT)) {
		if (e->flags & MEMSHARE_XF_SWAP)
			v->swapped += e->length;
		v->in_run = false;
		return 0;
	}
	v->resident += e->length;
	if (entry_phys(x)) {
		if (!v->in_run || v->run_vend != e->vaddr ||
		    v->run_pfn_end != e->pfn)
			v->extents++;
		v->in_run = true;
		v->run_vend = e->vaddr + e->length;
		v->run_pfn_end = e->pfn + e->length / s->page;
	} else {
		v->extents_known = false;
	}
	if (!(x->known & MS_KNOWN_LEVEL))
		v->huge_known = false;
	else if ((e->flags & MEMSHARE_XF_HUGE) && e->page_size)
		v->huge += (e->length + e->page_size - 1) / e->page_size;
	return 0;
}

/* The highest end of a VMA in /proc/PID/maps (but [vsyscall]), or 0. */
static uint64_t maps_top(int pid)
{
	char path[64], line[512];
	uint64_t top = 0;
	FILE *f;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	else
		snprintf(path, sizeof(path), "/proc/self/maps");
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long start, end;

		if (strstr(line, "[vsyscall]") ||
		    sscanf(line, "%llx-%llx", &start, &end) != 2)
			continue;
		if (end > top)
			top = end;
	}
	fclose(f);
	return top;
}

static void comm_of(int pid, char *buf, size_t size)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(buf, size, "?");
	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	else
		snprintf(path, sizeof(path), "/proc/self/comm");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0) {
		snprintf(buf, size, "?");
		return;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

static int maps_scan(struct ms_xlate *x, struct maps_state *s, uint64_t start,
		     uint64_t end, struct ms_xlate_entry *ext, uint64_t *failed)
{
	uint64_t cur, next;

	for (cur = start; cur < end; cur = next) {
		int64_t got = ms_xlate_range(x, cur, end, ext, RANGE_CHUNK,
					     &next);

		if (got < 0) {
			*failed = cur;
			return (int)got;
		}
		for (int64_t i = 0; i < got; i++) {
			int ret = maps_add(s, &ext[i]);

			if (ret) {
				*failed = cur;
				return ret;
			}
		}
		if (next <= cur)
			break;
	}
	return 0;
}

static void json_opt_u64(struct json *j, const char *key, bool known,
			 uint64_t v)
{
	if (known)
		json_kv_u64(j, key, v);
	else
		json_kv_null(j, key);
}

static void fmt_opt_u64(char *buf, size_t size, bool known, uint64_t v)
{
	if (known)
		snprintf(buf, size, "%" PRIu64, v);
	else
		snprintf(buf, size, "?");
}

int cli_cmd_maps(struct cli *c, const struct cmd *cmd, char **pos,
		 const struct cmd_opts *o)
{
	struct maps_state s = { .page = page_bytes() };
	struct ms_xlate_entry *ext = NULL;
	struct ms_xlate *x = NULL;
	uint64_t top = USER_TOP_4L(s.page), failed = 0;
	uint64_t t_size = 0, t_res = 0, t_swap = 0, t_ext = 0, t_huge = 0;
	bool t_swap_known = true, t_ext_known = true, t_huge_known = true;
	char what[128], comm[64], range[64];
	const char *backend;
	size_t i;
	int ret;

	(void)pos;
	ret = open_xlate(c, cmd, o, MS_XLATE_PATHS, &x);
	if (ret)
		return ret;
	backend = ms_backend_name(ms_xlate_backend(x));
	ext = calloc(RANGE_CHUNK, sizeof(*ext));
	if (!ext) {
		ret = cli_fail(c, "allocate", -ENOMEM, NULL);
		goto out;
	}
	ret = maps_scan(x, &s, 0, top, ext, &failed);
	/* 5-level page tables: user space may go on above 47 bits */
	if (!ret && (s.pt_levels == 5 || maps_top(o->pid) > top)) {
		uint64_t from = top;

		top = USER_TOP_5L(s.page);
		ret = maps_scan(x, &s, from, top, ext, &failed);
	}
	if (ret) {
		snprintf(range, sizeof(range), "0x%" PRIx64 "-0x%" PRIx64,
			 failed, top);
		xlate_what(what, sizeof(what), cmd->name, o->pid, range);
		ret = cli_fail(c, what, ret,
			       cli_xlate_hint(ret, other_pid(o), false,
					      o->backend));
		goto out;
	}

	for (i = 0; i < s.n; i++) {
		const struct vma_sum *v = &s.v[i];

		t_size += v->end - v->start;
		t_res += v->resident;
		t_swap += v->swapped;
		t_ext += v->extents;
		t_huge += v->huge;
		t_swap_known &= v->swap_known;
		t_ext_known &= v->extents_known;
		t_huge_known &= v->huge_known;
	}
	comm_of(o->pid, comm, sizeof(comm));

	if (c->json) {
		struct json j;
		char perm[5];

		json_init(&j, stdout);
		json_object_begin(&j);
		json_kv_i64(&j, "pid", o->pid ? o->pid : getpid());
		json_kv_string(&j, "comm", comm);
		json_kv_string(&j, "backend", backend);
		json_kv_u64(&j, "page_size", s.page);
		json_key(&j, "vmas");
		json_array_begin(&j);
		for (i = 0; i < s.n; i++) {
			const struct vma_sum *v = &s.v[i];

			json_object_begin(&j);
			json_kv_hex(&j, "start", v->start);
			json_kv_hex(&j, "end", v->end);
			json_kv_u64(&j, "size", v->end - v->start);
			json_kv_u64(&j, "resident", v->resident);
			json_opt_u64(&j, "swapped", v->swap_known, v->swapped);
			json_opt_u64(&j, "extents", v->extents_known,
				     v->extents);
			json_opt_u64(&j, "huge_pages", v->huge_known, v->huge);
			perms(perm, v->flags);
			json_kv_string(&j, "perms", perm);
			json_bits(&j, "flags", v->flags, vmaf_names,
				  NR(vmaf_names));
			json_kv_string(&j, "kind", ms_vma_kind_name(v->kind));
			json_kv_hex(&j, "pgoff", v->pgoff);
			json_kv_string(&j, "path", v->path);
			json_object_end(&j);
		}
		json_array_end(&j);
		json_key(&j, "totals");
		json_object_begin(&j);
		json_kv_u64(&j, "vmas", s.n);
		json_kv_u64(&j, "size", t_size);
		json_kv_u64(&j, "resident", t_res);
		json_opt_u64(&j, "swapped", t_swap_known, t_swap);
		json_opt_u64(&j, "extents", t_ext_known, t_ext);
		json_opt_u64(&j, "huge_pages", t_huge_known, t_huge);
		json_object_end(&j);
		json_object_end(&j);
		json_finish(&j);
		goto out;
	}

	printf("%d: %s (%s backend)\n", o->pid ? o->pid : getpid(), comm,
	       backend);
	printf("%-33s %10s %10s %10s %7s %5s %-4s %-8s %s\n", "START-END",
	       "KBYTES", "RSS", "SWAP", "EXTENTS", "HUGE", "PERM", "KIND",
	       "PATH");
	for (i = 0; i < s.n; i++) {
		const struct vma_sum *v = &s.v[i];
		char sw[24], ex[24], hu[24], perm[5];

		fmt_opt_u64(sw, sizeof(sw), v->swap_known, v->swapped >> 10);
		fmt_opt_u64(ex, sizeof(ex), v->extents_known, v->extents);
		fmt_opt_u64(hu, sizeof(hu), v->huge_known, v->huge);
		perms(perm, v->flags);
		printf("%016" PRIx64 "-%016" PRIx64 " %10" PRIu64 " %10" PRIu64
		       " %10s %7s %5s %-4s %-8s %s\n", v->start, v->end,
		       (v->end - v->start) >> 10, v->resident >> 10, sw, ex,
		       hu, perm, ms_vma_kind_name(v->kind),
		       v->path ? v->path : "");
	}
	{
		char sw[24], ex[24], hu[24], lab[40];

		fmt_opt_u64(sw, sizeof(sw), t_swap_known, t_swap >> 10);
		fmt_opt_u64(ex, sizeof(ex), t_ext_known, t_ext);
		fmt_opt_u64(hu, sizeof(hu), t_huge_known, t_huge);
		snprintf(lab, sizeof(lab), "total (%zu VMAs)", s.n);
		printf("%-33s %10" PRIu64 " %10" PRIu64 " %10s %7s %5s\n", lab,
		       t_size >> 10, t_res >> 10, sw, ex, hu);
	}
out:
	for (i = 0; i < s.n; i++)
		free(s.v[i].path);
	free(s.v);
	free(ext);
	ms_xlate_free(x);
	return ret;
}

/* ---- kaddr ---------------------------------------------------------------- */

static bool kaddr_agree_known(const struct memshare_kaddr *k)
{
	return k->method == MEMSHARE_KM_VIRT_TO_PAGE ||
	       k->method == MEMSHARE_KM_VMALLOC_TO_PAGE;
}

static void print_kaddr(const struct memshare_kaddr *k)
{
	bool mapped = k->kflags & MEMSHARE_KA_MAPPED;
	char sz[24] = "-", fl[256];

	printf("0x%" PRIx64 " %s [0x%" PRIx64 "-0x%" PRIx64 "] %s",
	       (uint64_t)k->addr, ms_kregion_name(k->region),
	       (uint64_t)k->region_start, (uint64_t)k->region_end,
	       mapped ? "mapped" : "not-mapped");
	if (mapped) {
		fmt_pgsize(sz, sizeof(sz), k->page_size);
		printf(" %s %s pfn=0x%" PRIx64 " paddr=0x%" PRIx64
		       " entry=0x%" PRIx64, sz, ms_level_name(k->level),
		       (uint64_t)k->pfn, (uint64_t)k->paddr,
		       (uint64_t)k->entry);
	}
	printf(" method=%s", ms_kmethod_name(k->method));
	if (kaddr_agree_known(k))
		printf(" %s", k->kflags & MEMSHARE_KA_AGREE ? "agree" :
		       "DISAGREE");
	fmt_bits(fl, sizeof(fl), k->kflags & ~(uint64_t)(MEMSHARE_KA_MAPPED |
							 MEMSHARE_KA_PAGE |
							 MEMSHARE_KA_AGREE),
		 ka_names, NR(ka_names), ",");
	printf(" flags=%s", *fl ? fl : "-");
	if (k->kflags & MEMSHARE_KA_PAGE) {
		printf(" page");
		print_page(stdout, &k->page, KNOWN_ALL_PAGE);
	}
	printf(" symbol=%.*s\n", (int)sizeof(k->symbol),
	       k->symbol[0] ? k->symbol : "-");
}

static void json_kaddr(struct json *j, const struct memshare_kaddr *k)
{
	bool mapped = k->kflags & MEMSHARE_KA_MAPPED;

	json_object_begin(j);
	json_kv_hex(j, "addr", k->addr);
	json_kv_string(j, "region", ms_kregion_name(k->region));
	json_kv_hex(j, "region_start", k->region_start);
	json_kv_hex(j, "region_end", k->region_end);
	json_kv_bool(j, "mapped", mapped);
	if (mapped) {
		json_kv_string(j, "level", ms_level_name(k->level));
		json_kv_u64(j, "page_size", k->page_size);
		json_kv_hex(j, "pfn", k->pfn);
		json_kv_hex(j, "paddr", k->paddr);
		json_kv_hex(j, "entry", k->entry);
	} else {
		json_kv_null(j, "level");
		json_kv_null(j, "page_size");
		json_kv_null(j, "pfn");
		json_kv_null(j, "paddr");
		json_kv_null(j, "entry");
	}
	if (k->method != MEMSHARE_KM_NONE)
		json_kv_string(j, "method", ms_kmethod_name(k->method));
	else
		json_kv_null(j, "method");
	if (kaddr_agree_known(k))
		json_kv_bool(j, "agree", k->kflags & MEMSHARE_KA_AGREE);
	else
		json_kv_null(j, "agree");
	json_bits(j, "flags", k->kflags & ~(uint64_t)(MEMSHARE_KA_MAPPED |
						      MEMSHARE_KA_PAGE |
						      MEMSHARE_KA_AGREE),
		  ka_names, NR(ka_names));
	json_kv_hex(j, "kflags", k->kflags);
	if (k->symbol[0])
		json_kv_string(j, "symbol", k->symbol);
	else
		json_kv_null(j, "symbol");
	if (k->kflags & MEMSHARE_KA_PAGE)
		json_page(j, &k->page, KNOWN_ALL_PAGE);
	else
		json_kv_null(j, "page");
	json_object_end(j);
}

int cli_cmd_kaddr(struct cli *c, const struct cmd *cmd, char **pos,
		  const struct cmd_opts *o)
{
	struct memshare_kaddr *k = NULL;
	struct memshare_version v;
	size_t n = 0, i;
	char what[64];
	int ctl = -1, ret;

	(void)o;
	while (pos[n])
		n++;
	k = calloc(n, sizeof(*k));
	if (!k)
		return cli_fail(c, "allocate", -ENOMEM, NULL);
	for (i = 0; i < n; i++) {
		uint64_t addr;

		ret = cli_parse_addr(pos[i], &addr);
		if (ret) {
			ret = bad_addr(c, cmd, pos[i], ret);
			goto out;
		}
		k[i].addr = addr;
	}
	ctl = ms_open();
	if (ctl < 0) {
		ret = cli_fail(c, "open " MS_CONTROL_PATH, ctl,
			       cli_hint(CLI_CTX_CONTROL, ctl));
		goto out;
	}
	if (!ms_version(ctl, &v) && !(v.features & MEMSHARE_FEAT_KADDR)) {
		ret = cli_fail(c, cmd->name, -EOPNOTSUPP,
			       cli_hint(CLI_CTX_KADDR, EOPNOTSUPP));
		goto out;
	}
	/* All of them before any output: one failure, one error line. */
	for (i = 0; i < n; i++) {
		uint64_t addr = k[i].addr;

		ret = ms_kaddr(ctl, addr, &k[i]);
		if (ret) {
			snprintf(what, sizeof(what), "%s 0x%" PRIx64, cmd->name,
				 addr);
			ret = cli_fail(c, what, ret,
				       cli_hint(CLI_CTX_KADDR, ret));
			goto out;
		}
	}
	if (c->json) {
		struct json j;

		json_init(&j, stdout);
		json_object_begin(&j);
		json_key(&j, "results");
		json_array_begin(&j);
		for (i = 0; i < n; i++)
			json_kaddr(&j, &k[i]);
		json_array_end(&j);
		json_object_end(&j);
		json_finish(&j);
	} else {
		for (i = 0; i < n; i++)
			print_kaddr(&k[i]);
	}
	ret = 0;
out:
	if (ctl >= 0)
		close(ctl);
	free(k);
	return ret;
}
