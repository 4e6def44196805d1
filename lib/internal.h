/* SPDX-License-Identifier: MIT */
/*
 * libmemshare internals: not installed, not part of the ABI.  The host unit
 * tests link the static library and may use what is declared here.
 */
#ifndef MS_INTERNAL_H
#define MS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "memshare.h"

/* Marks a public function; the version script lists the same names. */
#define MS_EXPORT __attribute__((visibility("default")))

#define MS_VERSION_STRING "0.3.0"

#ifndef offsetofend
#define offsetofend(TYPE, FIELD) \
	(offsetof(TYPE, FIELD) + sizeof(((TYPE *)0)->FIELD))
#endif

/*
 * libbpf's OPTS_VALID rules for an options struct of @known bytes (what
 * this library knows of it) that the caller says is @user_sz bytes:
 * user_sz must cover at least the sz field itself, and the bytes past
 * @known that the caller has must all be zero (a newer caller asking for
 * a feature this library does not have).
 */
bool ms__opts_valid(const void *opts, size_t known, size_t user_sz);

/* Does an options struct of @sz bytes include FIELD? (libbpf's OPTS_HAS) */
#define MS_OPTS_HAS(opts, field) \
	((opts) && (opts)->sz >= offsetofend(__typeof__(*(opts)), field))
/* FIELD, or @fallback when the caller's struct is too old to have it. */
#define MS_OPTS_GET(opts, field, fallback) \
	(MS_OPTS_HAS(opts, field) ? (opts)->field : (fallback))

/* ms_named_foreach() over the class directory @dir (tests use a tmpdir). */
int ms__named_foreach_dir(const char *dir,
			  int (*cb)(const char *name, void *arg), void *arg);

/* The two CRC-32C implementations behind ms_crc32c(), for the tests. */
uint32_t ms__crc32c_sw(uint32_t crc, const void *data, size_t len);
/* Hardware (SSE4.2 crc32); valid only when ms__crc32c_hw_ok(). */
uint32_t ms__crc32c_hw(uint32_t crc, const void *data, size_t len);
bool ms__crc32c_hw_ok(void);


/* ---- address translation (xlate.c, xlate_module.c, xlate_pagemap.c) ---- */

/* One line of /proc/PID/maps, decoded (pagemap backend). */
struct ms__vma {
	uint64_t start, end;
	uint64_t pgoff;			/* file offset, in pages */
	uint32_t kind;			/* enum memshare_vma_kind */
	uint32_t flags;			/* MEMSHARE_VMA_F_* */
	const char *path;		/* NULL: none; into ms_xlate.maps_text */
};

struct ms_xlate {
	int backend;			/* MS_BACKEND_MODULE or _PAGEMAP */
	int pid;			/* as asked: 0 is the caller */
	unsigned int flags;		/* MS_XLATE_* */
	/* module backend */
	int ctl;			/* /dev/memshare, or -1 */
	char **strtabs;			/* the last call's string tables */
	size_t nr_strtabs, cap_strtabs;
	/* pagemap backend */
	int procdir;			/* /proc/PID (O_PATH), or -1 */
	int pagemap;			/* /proc/PID/pagemap, or -1 */
	int kpageflags, kpagecount;	/* /proc/kpage*, or -1 */
	int real_pid;			/* the process id, for /proc/PID/root */
	bool phys;			/* pagemap shows PFNs to this opener */
	bool no_map_files;		/* /proc/PID/map_files/ is denied */
	unsigned int page_shift;
	char *maps_text;		/* the last /proc/PID/maps read */
	struct ms__vma *vmas;		/* its lines, in address order */
	size_t nr_vmas;
};

/*
 * The kind of a VMA from its /proc/PID/maps path (NULL or "" for none):
 * names only (no file system lookups); @shared is the 's' of "rw-s".
 * Paths that need a look at the file system (a plain file that may be on
 * tmpfs or hugetlbfs) give MEMSHARE_VMA_FILE and *@need_fs = true.
 */
unsigned int ms__maps_kind(const char *path, bool shared, bool *need_fs);

/* Parse one maps line (NUL-terminated, no '\n'); the path points into it. */
int ms__maps_parse_line(char *line, struct ms__vma *v);

/* Re-read /proc/PID/maps into x->vmas (pagemap backend). */
int ms__maps_read(struct ms_xlate *x);

/* The VMA containing @addr, or NULL; *@next the first VMA above it. */
const struct ms__vma *ms__vma_find(const struct ms_xlate *x, uint64_t addr,
				   size_t *next);

/* pagemap bits (Documentation/admin-guide/mm/pagemap.rst) */
#define MS_PM_PFN_MASK		((1ULL << 55) - 1)
#define MS_PM_SWAP_TYPE_BITS	5
#define MS_PM_SOFT_DIRTY	(1ULL << 55)
#define MS_PM_EXCLUSIVE		(1ULL << 56)
#define MS_PM_UFFD_WP		(1ULL << 57)
#define MS_PM_FILE		(1ULL << 61)
#define MS_PM_SWAP		(1ULL << 62)
#define MS_PM_PRESENT		(1ULL << 63)

/*
 * Decode one pagemap entry @pm of the page at @vaddr into @e (flags, pfn,
 * paddr, swap_*): @phys says whether the opener sees PFNs.  PM_FILE
 * becomes MEMSHARE_PS_FILE in e->page.flags.
 */
void ms__pagemap_decode(uint64_t pm, uint64_t vaddr, unsigned int page_shift,
			bool phys, struct memshare_xlate_entry *e);

int ms__xlate_module_open(struct ms_xlate *x);
int ms__xlate_module_addrs(struct ms_xlate *x, const uint64_t *addrs,
			   size_t count, struct ms_xlate_entry *out);
int64_t ms__xlate_module_range(struct ms_xlate *x, uint64_t start,
			       uint64_t end, struct ms_xlate_entry *out,
			       size_t cap, uint64_t *next);
int ms__xlate_pagemap_open(struct ms_xlate *x);
int ms__xlate_pagemap_addrs(struct ms_xlate *x, const uint64_t *addrs,
			    size_t count, struct ms_xlate_entry *out);
int64_t ms__xlate_pagemap_range(struct ms_xlate *x, uint64_t start,
				uint64_t end, struct ms_xlate_entry *out,
				size_t cap, uint64_t *next);

/* read()/pread() until @len bytes, EOF or an error; bytes, or -errno. */
ssize_t ms__pread_full(int fd, void *buf, size_t len, uint64_t off);

#endif /* MS_INTERNAL_H */
