/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memshare: the one place where kernel versions differ.
 *
 * HAVE_* macros come from compat_config.h, generated at build time by
 * kmod/build, which compiles each snippet in kmod/probes/ against the target
 * kernel's headers (as OpenZFS's config/kernel-*.m4 do).  Polyfills keep the
 * upstream names, so the rest of the module is written against the newest
 * API.
 */
#ifndef MEMSHARE_COMPAT_H
#define MEMSHARE_COMPAT_H

#include "compat_config.h"

#include <linux/device.h>
#include <linux/fs.h>
#include <linux/mm.h>

/* 6.3 added vm_flags_set()/vm_flags_clear(); vm_flags became read-only. */
#ifndef HAVE_VM_FLAGS_SET
static inline void vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma->vm_flags |= flags;
}

static inline void vm_flags_clear(struct vm_area_struct *vma,
				  vm_flags_t flags)
{
	vma->vm_flags &= ~flags;
}
#endif

/* 6.4 dropped class_create()'s owner argument. */
#ifndef HAVE_CLASS_CREATE_1ARG
#undef class_create
#define class_create(name)						\
({									\
	static struct lock_class_key __key;				\
	__class_create(THIS_MODULE, name, &__key);			\
})
#endif

/* 6.2 made class->devnode() take a const struct device. */
#ifdef HAVE_CLASS_DEVNODE_CONST
#define MS_DEVNODE_CONST const
#else
#define MS_DEVNODE_CONST
#endif

/*
 * 6.15 made crc32c() a library function of <linux/crc32.h>, in vmlinux.
 * Before, it was in the libcrc32c module (a crypto API wrapper, up to 6.13;
 * 6.14: an inline of <linux/crc32c.h>) while vmlinux had the plain
 * __crc32c_le() with the same (unfinalized) semantics; use that and keep the
 * module free of a module dependency.
 */
#include <linux/crc32.h>
#ifndef HAVE_CRC32C_LIB
static inline u32 crc32c(u32 crc, const void *p, size_t len)
{
	return __crc32c_le(crc, p, len);
}
#endif

/*
 * alloc_contig_range(start, end, alloc_flags, gfp): 6.16 replaced the third
 * argument, a migratetype (MIGRATE_MOVABLE, MIGRATE_CMA), with acr_flags_t
 * (ACR_FLAGS_NONE, ACR_FLAGS_CMA).  Before, ACR_FLAGS_NONE is MIGRATE_MOVABLE.
 * The function (up to 6.9) or the macro around alloc_contig_range_noprof()
 * (6.10, memory allocation profiling) is called by the wrapper, defined
 * before alloc_contig_range is redefined to it.  HAVE_ALLOC_CONTIG_RANGE
 * (contig.c's large buffers) also says the allocator is exported.
 */
#if defined(HAVE_ALLOC_CONTIG_RANGE) && !defined(HAVE_ALLOC_CONTIG_RANGE_ACR)
#include <linux/gfp.h>
#define ACR_FLAGS_NONE	0U

static inline int ms_alloc_contig_range_mt(unsigned long start,
					   unsigned long end,
					   unsigned int alloc_flags, gfp_t gfp)
{
	return alloc_contig_range(start, end, MIGRATE_MOVABLE, gfp);
}

#undef alloc_contig_range
#define alloc_contig_range ms_alloc_contig_range_mt
#endif

/*
 * Files made by alloc_file_pseudo() (anon_inode_getfile()) are not marked
 * positional; 6.7 removed FMODE_LSEEK (seekability follows ->llseek).
 */
#ifndef FMODE_LSEEK
#define FMODE_LSEEK	0
#endif

/*
 * 5.11 added kmap_local_page()/kunmap_local() (pin.c).  Without
 * CONFIG_HIGHMEM (every 64-bit kernel) they are page_address() and nothing,
 * as kmap()/kunmap() are there; older highmem kernels are not supported.
 */
#ifndef HAVE_KMAP_LOCAL_PAGE
#ifdef CONFIG_HIGHMEM
#error "memshare needs kmap_local_page() (5.11) on CONFIG_HIGHMEM kernels"
#endif
static inline void *kmap_local_page(struct page *page)
{
	return page_address(page);
}

static inline void kunmap_local(const void *addr)
{
}
#endif

#endif /* MEMSHARE_COMPAT_H */
