/* SPDX-License-Identifier: MIT */
/*
 * libmemshare: user-space access to the memshare kernel module.
 *
 * Conventions (as liburing and libbpf):
 *  - every function is prefixed ms_;
 *  - functions return 0 (or a non-negative count or fd) on success and a
 *    negative errno on failure; errno itself is left unspecified;
 *  - options structs start with a size_t sz field set by MS_OPTS(), so that
 *    fields can be added without breaking old callers.
 */
#ifndef MEMSHARE_LIB_H
#define MEMSHARE_LIB_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <linux/memshare.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Path of the control device. */
#define MS_CONTROL_PATH	"/dev/" MEMSHARE_CONTROL_NAME
/* Directory listing named buffers in sysfs. */
#define MS_SYSFS_CLASS	"/sys/class/memshare"

/*
 * Declare and zero-initialise an options struct, setting its sz:
 *	MS_OPTS(ms_create_opts, o, .backend = MEMSHARE_BACKEND_CONTIG);
 */
#define MS_OPTS(TYPE, NAME, ...)					\
	struct TYPE NAME = ({						\
		memset(&NAME, 0, sizeof(struct TYPE));			\
		(struct TYPE){ .sz = sizeof(struct TYPE), __VA_ARGS__ };\
	})	/* as libbpf's LIBBPF_OPTS: padding is zeroed too */

struct ms_create_opts {
	size_t sz;		/* sizeof(struct ms_create_opts) */
	uint32_t backend;	/* MEMSHARE_BACKEND_*, default vmalloc */
	uint32_t policy;	/* MEMSHARE_MAP_*, default lazy */
	const char *name;	/* non-NULL: a named buffer (needs root) */
	int no_fd;		/* named only: create without returning an fd */
	int __pad;
};

/* Open the control device (O_RDWR | O_CLOEXEC); returns the fd or -errno. */
int ms_open(void);

/* Fill @v with the ABI version, features, limits and counters. */
int ms_version(int ctl, struct memshare_version *v);

/*
 * Create a buffer of @length bytes (rounded up to pages).  Returns the buffer
 * fd (O_CLOEXEC), 0 with opts->no_fd, or -errno.  @opts may be NULL.
 */
int ms_create(int ctl, uint64_t length, const struct ms_create_opts *opts);

/* Destroy (unpublish) the named buffer @name; needs CAP_SYS_ADMIN. */
int ms_destroy(int ctl, const char *name);

/* Open the named buffer @name; returns a buffer fd (O_CLOEXEC) or -errno. */
int ms_open_named(int ctl, const char *name);

/* Describe a buffer (no PFNs). */
int ms_buf_info(int buf, struct memshare_buf_info *info);

/*
 * Store the PFNs of pages [@first, @first + @count) of a buffer in @pfns.
 * Returns the number stored, or -errno.  PFNs are 0 without CAP_SYS_ADMIN.
 */
int64_t ms_buf_pfns(int buf, uint64_t first, uint64_t *pfns, uint64_t count);

/*
 * mmap(MAP_SHARED) @length bytes of a buffer from @offset (a multiple of
 * the page size) with protection @prot; the address is stored in *@addr.
 */
int ms_map(int buf, uint64_t offset, size_t length, int prot, void **addr);

/* munmap() a mapping made by ms_map(). */
int ms_unmap(void *addr, size_t length);

/* The kernel computes the CRC-32C of [@offset, @offset + @length). */
int ms_kcrc32c(int buf, uint64_t offset, uint64_t length, uint32_t *crc);

/* The kernel stores @byte in [@offset, @offset + @length). */
int ms_kfill(int buf, uint64_t offset, uint64_t length, uint8_t byte);

/* The kernel copies @length bytes from @data to the buffer at @offset. */
int ms_kwrite(int buf, uint64_t offset, const void *data, uint64_t length);

/* ---- pinning user memory (LIBMEMSHARE_0.2, module ABI 1.1) ---- */

struct ms_pin_opts {
	size_t sz;		/* sizeof(struct ms_pin_opts) */
	int write;		/* MEMSHARE_PIN_WRITE: the kernel may write */
	int longterm;		/* MEMSHARE_PIN_LONGTERM: charged to
				 * RLIMIT_MEMLOCK */
};

/*
 * Pin the pages behind [@addr, @addr + @length) of the calling process and
 * return a pin fd (O_CLOEXEC), or -errno; closing the fd unpins.  All or
 * nothing.  @opts may be NULL: read-only, short-term.
 */
int ms_pin(int ctl, void *addr, size_t length, const struct ms_pin_opts *opts);

/* Describe a pin (no extents); nr_extents tells how many there are. */
int ms_pin_info(int pin, struct memshare_pin_info *info);

/*
 * Store the first @count physical extents of a pin in @ext.  Returns the
 * number stored, or -errno.  phys_addr is 0 without CAP_SYS_ADMIN.
 */
int64_t ms_pin_extents(int pin, struct memshare_extent *ext, uint64_t count);

/*
 * The kernel reads or writes [@offset, @offset + @length) of the pinned
 * range (offset 0 is the pinned address) through the pinned pages.
 */
int ms_pin_kcrc32c(int pin, uint64_t offset, uint64_t length, uint32_t *crc);
int ms_pin_kfill(int pin, uint64_t offset, uint64_t length, uint8_t byte);
int ms_pin_kwrite(int pin, uint64_t offset, const void *data, uint64_t length);

/* The kernel copies @length bytes from the pinned range to the buffer @buf. */
int ms_pin_to_buffer(int pin, uint64_t offset, int buf, uint64_t buf_offset,
		     uint64_t length);
/* The kernel copies @length bytes from the buffer @buf into the pinned range. */
int ms_pin_from_buffer(int pin, uint64_t offset, int buf, uint64_t buf_offset,
		       uint64_t length);

/* ---- address translation (LIBMEMSHARE_0.3, module ABI 1.2) ---- */

/* Where translations come from (ms_xlate_opts.backend). */
enum ms_xlate_backend {
	MS_BACKEND_AUTO = 0,	/* the module if it is loaded, else pagemap */
	MS_BACKEND_MODULE = 1,	/* MEMSHARE_IOC_XLATE */
	MS_BACKEND_PAGEMAP = 2	/* /proc/PID/pagemap, /proc/PID/maps,
				 * /proc/kpageflags, /proc/kpagecount */
};

/* ms_xlate_opts.flags: the MEMSHARE_XLATE_* flags but RANGE. */
#define MS_XLATE_PAGE	MEMSHARE_XLATE_PAGE	/* struct page state */
#define MS_XLATE_PATHS	MEMSHARE_XLATE_PATHS	/* the VMA's file path */
#define MS_XLATE_READ	MEMSHARE_XLATE_READ	/* 8 bytes at paddr (module
						 * backend, CAP_SYS_ADMIN) */

struct ms_xlate_opts {
	size_t sz;		/* sizeof(struct ms_xlate_opts) */
	int pid;		/* the process; 0: the caller */
	int backend;		/* enum ms_xlate_backend; default AUTO */
	unsigned int flags;	/* MS_XLATE_* */
	int __pad;
};

/*
 * ms_xlate_entry.known: which fields of the entry the backend could fill.
 * The module fills all of them; pagemap cannot see the page table entries
 * nor the level, and has no refcount, zone or node.  A field the backend
 * does not know is 0.
 */
#define MS_KNOWN_PRESENT	(1ULL << 0)	/* XF_MAPPED, XF_PRESENT */
#define MS_KNOWN_PFN		(1ULL << 1)	/* pfn, paddr (when XF_PHYS) */
#define MS_KNOWN_LEVEL		(1ULL << 2)	/* level, page_size, pt_levels */
#define MS_KNOWN_ENTRIES	(1ULL << 3)	/* entries[] */
#define MS_KNOWN_BITS		(1ULL << 4)	/* XF_WRITE, USER, ACCESSED,
						 * DIRTY, NX, GLOBAL, PROTNONE,
						 * SPECIAL, HUGE */
#define MS_KNOWN_SOFT_DIRTY	(1ULL << 5)	/* XF_SOFT_DIRTY */
#define MS_KNOWN_SWAP		(1ULL << 6)	/* XF_SWAP, XF_MIGRATION, swap_* */
#define MS_KNOWN_VMA		(1ULL << 7)	/* vma_* (pagemap: from maps) */
#define MS_KNOWN_PATH		(1ULL << 8)	/* path */
#define MS_KNOWN_PAGE_FLAGS	(1ULL << 9)	/* page.flags */
#define MS_KNOWN_MAPCOUNT	(1ULL << 10)	/* page.mapcount */
#define MS_KNOWN_REFCOUNT	(1ULL << 11)	/* page.refcount */
#define MS_KNOWN_COMPOUND	(1ULL << 12)	/* page.order, page.index */
#define MS_KNOWN_ZONE		(1ULL << 13)	/* page.zone, page.nid */
#define MS_KNOWN_DATA		(1ULL << 14)	/* data */

/*
 * One translated address or extent: the module's entry, the fields the
 * backend knows, and the VMA's file path (MS_XLATE_PATHS; NULL for none),
 * which stays valid until the next call on the same handle.
 */
struct ms_xlate_entry {
	struct memshare_xlate_entry e;
	uint64_t known;		/* MS_KNOWN_* */
	const char *path;
};

struct ms_xlate;	/* a translation handle: process, backend, open fds */

/*
 * Open a translation handle for opts->pid with opts->backend (@opts may be
 * NULL: the caller, AUTO, no flags).  -EPERM/-ESRCH as the module or
 * pagemap say; -ENODEV for MS_BACKEND_MODULE without the module;
 * -EOPNOTSUPP for MS_XLATE_READ with the pagemap backend.
 */
int ms_xlate_new(const struct ms_xlate_opts *opts, struct ms_xlate **out);
void ms_xlate_free(struct ms_xlate *x);

/* The backend a handle uses: MS_BACKEND_MODULE or MS_BACKEND_PAGEMAP. */
int ms_xlate_backend(const struct ms_xlate *x);

/*
 * Translate @count addresses into @out[0..count) (one entry each, in
 * order; the batch form).  Returns 0 or -errno.
 */
int ms_xlate_addrs(struct ms_xlate *x, const uint64_t *addrs, size_t count,
		   struct ms_xlate_entry *out);

/*
 * Translate [@start, @end) into at most @cap extents in @out (the range
 * form).  Returns the number of extents, or -errno; *@next (if not NULL) is
 * set to where to continue (@end when the range is done).
 */
int64_t ms_xlate_range(struct ms_xlate *x, uint64_t start, uint64_t end,
		       struct ms_xlate_entry *out, size_t cap, uint64_t *next);

/* Classify the kernel address @addr (CAP_SYS_ADMIN): MEMSHARE_IOC_KADDR. */
int ms_kaddr(int ctl, uint64_t addr, struct memshare_kaddr *out);

/* Names: "anon", "file", ...; "direct-map", ...; "pte", "pmd", ...;
 * "virt_to_page", ...; "module", "pagemap".  "?" for unknown values. */
const char *ms_vma_kind_name(unsigned int kind);
const char *ms_kregion_name(unsigned int region);
const char *ms_level_name(unsigned int level);
const char *ms_kmethod_name(unsigned int method);
const char *ms_backend_name(int backend);

/*
 * Call @cb for each named buffer (from sysfs), in name order; stops and
 * returns @cb's value when it is non-zero.  Returns the number of names
 * visited, or -errno.
 */
int ms_named_foreach(int (*cb)(const char *name, void *arg), void *arg);

/* The standard CRC-32C of @len bytes, computed in user space. */
uint32_t ms_crc32c(const void *data, size_t len);

/*
 * Parse a size: a decimal number with an optional suffix K, M, G, T
 * (powers of 1024; also KiB/MiB/GiB/TiB, or k/m/g/t).  Returns 0 or -EINVAL
 * (syntax) or -ERANGE (overflow).
 */
int ms_parse_size(const char *s, uint64_t *out);

/* Library version string, e.g. "0.1.0". */
const char *ms_lib_version(void);

#ifdef __cplusplus
}
#endif

#endif /* MEMSHARE_LIB_H */
