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

/* ---- address translation (xlate.c, pagestate.c) ---------------------- */

#include <linux/swap.h>
#include <linux/swapops.h>
#ifdef HAVE_SOFTLEAF
#include <linux/leafops.h>
#endif

/*
 * Non-present page table entries.  6.19 replaced pte_to_swp_entry(),
 * non_swap_entry() and is_migration_entry() with softleaf_t (the same
 * type as swp_entry_t) and <linux/leafops.h>.  A non-present leaf entry at
 * any level (THP and hugetlb migration entries at PMD or PUD level) has the
 * PTE's format on x86, so all levels are decoded as a PTE.
 */
#ifdef HAVE_SOFTLEAF
static inline swp_entry_t ms_pte_to_swp(pte_t pte)
{
	return softleaf_from_pte(pte);
}

static inline bool ms_swp_is_swap(swp_entry_t e)
{
	return softleaf_is_swap(e);
}

static inline bool ms_swp_is_migration(swp_entry_t e)
{
	return softleaf_is_migration(e);
}
#else
static inline swp_entry_t ms_pte_to_swp(pte_t pte)
{
	return pte_to_swp_entry(pte);
}

static inline bool ms_swp_is_swap(swp_entry_t e)
{
	return !non_swap_entry(e);
}

static inline bool ms_swp_is_migration(swp_entry_t e)
{
	return is_migration_entry(e);
}
#endif

/*
 * The pfn behind a VM_PFNMAP/VM_IO address, by the kernel's exported
 * helper: follow_pfn() up to 6.9, follow_pfnmap_start()/_end() from 6.10.
 * Both take the PTE lock themselves and need the mmap lock held.
 */
static inline int ms_follow_pfn(struct vm_area_struct *vma,
				unsigned long addr, unsigned long *pfn)
{
#if defined(HAVE_FOLLOW_PFNMAP)
	struct follow_pfnmap_args args = { .vma = vma, .address = addr };
	int err;

	err = follow_pfnmap_start(&args);
	if (err)
		return err;
	*pfn = args.pfn;
	follow_pfnmap_end(&args);
	return 0;
#elif defined(HAVE_FOLLOW_PFN)
	return follow_pfn(vma, addr, pfn);
#else
	return -EOPNOTSUPP;
#endif
}

/*
 * 5.16 introduced folios.  Before, the folio of a page is its compound
 * head; struct folio's first member is that page, as in the kernel's own.
 */
#ifndef HAVE_FOLIO
struct folio {
	struct page page;
};

static inline struct folio *page_folio(struct page *page)
{
	return (struct folio *)compound_head(page);
}

static inline bool folio_try_get(struct folio *folio)
{
	return get_page_unless_zero(&folio->page);
}

static inline void folio_put(struct folio *folio)
{
	put_page(&folio->page);
}

static inline int folio_ref_count(struct folio *folio)
{
	return page_ref_count(&folio->page);
}

static inline unsigned int folio_order(struct folio *folio)
{
	return compound_order(&folio->page);
}

static inline bool folio_mapped(struct folio *folio)
{
	return page_mapped(&folio->page);
}

static inline bool folio_test_large(struct folio *folio)
{
	return PageHead(&folio->page);
}

static inline bool folio_test_locked(struct folio *folio)
{
	return PageLocked(&folio->page);
}

static inline bool folio_test_referenced(struct folio *folio)
{
	return PageReferenced(&folio->page);
}

static inline bool folio_test_uptodate(struct folio *folio)
{
	return PageUptodate(&folio->page);
}

static inline bool folio_test_dirty(struct folio *folio)
{
	return PageDirty(&folio->page);
}

static inline bool folio_test_lru(struct folio *folio)
{
	return PageLRU(&folio->page);
}

static inline bool folio_test_active(struct folio *folio)
{
	return PageActive(&folio->page);
}

static inline bool folio_test_slab(struct folio *folio)
{
	return PageSlab(&folio->page);
}

static inline bool folio_test_writeback(struct folio *folio)
{
	return PageWriteback(&folio->page);
}

static inline bool folio_test_anon(struct folio *folio)
{
	return PageAnon(&folio->page);
}

static inline bool folio_test_swapcache(struct folio *folio)
{
	return PageSwapCache(&folio->page);
}

static inline bool folio_test_swapbacked(struct folio *folio)
{
	return PageSwapBacked(&folio->page);
}

static inline bool folio_test_unevictable(struct folio *folio)
{
	return PageUnevictable(&folio->page);
}

static inline bool folio_test_mlocked(struct folio *folio)
{
	return PageMlocked(&folio->page);
}

static inline bool folio_test_hugetlb(struct folio *folio)
{
	return PageHuge(&folio->page);
}

static inline bool folio_test_ksm(struct folio *folio)
{
	return PageKsm(&folio->page);
}
#endif

/*
 * The mapcount of one page.  6.12 dropped page_mapcount(): the per-page
 * mapcount of a large folio is internal to mm/ (and gone with
 * CONFIG_NO_PAGE_MAPCOUNT).  Then a small folio's mapcount is exact and a
 * large folio's is the average per page, as /proc/kpagecount computes it
 * without per-page mapcounts (folio_average_page_mapcount()).
 */
#ifdef HAVE_PAGE_MAPCOUNT
static inline int ms_page_mapcount(struct folio *folio, struct page *page)
{
	return page_mapcount(page);
}
#else
static inline int ms_page_mapcount(struct folio *folio, struct page *page)
{
	int mapcount, entire;
	long nr;

	if (!folio_test_large(folio))
		return folio_mapcount(folio);
	mapcount = folio_large_mapcount(folio);
	if (mapcount <= 0)
		return mapcount;
	entire = folio_entire_mapcount(folio);
	if (mapcount <= entire)
		return entire;
	mapcount -= entire;
	nr = folio_nr_pages(folio);
	return (mapcount + nr / 2) / nr + entire;
}
#endif

#endif /* MEMSHARE_COMPAT_H */
