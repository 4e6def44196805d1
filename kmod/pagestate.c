// SPDX-License-Identifier: GPL-2.0
/*
 * memshare: the state of a struct page, for MEMSHARE_IOC_XLATE and
 * MEMSHARE_IOC_KADDR.
 *
 * The page may be anything: a user page that is being unmapped, freed,
 * split or migrated, a slab, page table or buddy page, a reserved page of
 * the kernel image.  Pages the page allocator owns through a page type
 * (buddy, page table) and slab pages are described from their flags alone,
 * racily, as /proc/kpageflags does.  Others are held by a speculative
 * reference, as GUP-fast takes it: folio_try_get() fails on a free page
 * (refcount zero), and the folio is rechecked after it, since the page may
 * have been freed and reused in a folio of another size in between.  With
 * the reference held the folio cannot be freed or split, and its flags,
 * order and mapcounts are those of one folio.
 */
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/page-flags.h>
#include <linux/pgtable.h>

#include "memshare.h"

static u32 ms_zone(const struct page *page)
{
	switch (page_zonenum(page)) {
#ifdef CONFIG_ZONE_DMA
	case ZONE_DMA:
		return MEMSHARE_ZONE_DMA;
#endif
#ifdef CONFIG_ZONE_DMA32
	case ZONE_DMA32:
		return MEMSHARE_ZONE_DMA32;
#endif
	case ZONE_NORMAL:
		return MEMSHARE_ZONE_NORMAL;
#ifdef CONFIG_HIGHMEM
	case ZONE_HIGHMEM:
		return MEMSHARE_ZONE_HIGHMEM;
#endif
	case ZONE_MOVABLE:
		return MEMSHARE_ZONE_MOVABLE;
#ifdef CONFIG_ZONE_DEVICE
	case ZONE_DEVICE:
		return MEMSHARE_ZONE_DEVICE;
#endif
	default:
		return MEMSHARE_ZONE_UNKNOWN;
	}
}

/* The flags of a folio held by a reference. */
static u64 ms_folio_flags(struct folio *folio, struct page *page)
{
	u64 f = 0;

	if (folio_test_locked(folio))
		f |= MEMSHARE_PS_LOCKED;
	if (folio_test_referenced(folio))
		f |= MEMSHARE_PS_REFERENCED;
	if (folio_test_uptodate(folio))
		f |= MEMSHARE_PS_UPTODATE;
	if (folio_test_dirty(folio))
		f |= MEMSHARE_PS_DIRTY;
	if (folio_test_lru(folio))
		f |= MEMSHARE_PS_LRU;
	if (folio_test_active(folio))
		f |= MEMSHARE_PS_ACTIVE;
	if (folio_test_writeback(folio))
		f |= MEMSHARE_PS_WRITEBACK;
	if (folio_mapped(folio))
		f |= MEMSHARE_PS_MMAP;
	if (folio_test_anon(folio))
		f |= MEMSHARE_PS_ANON;
	if (folio_test_ksm(folio))
		f |= MEMSHARE_PS_KSM;
	if (folio_test_swapcache(folio))
		f |= MEMSHARE_PS_SWAPCACHE;
	if (folio_test_swapbacked(folio))
		f |= MEMSHARE_PS_SWAPBACKED;
	if (folio_test_unevictable(folio))
		f |= MEMSHARE_PS_UNEVICTABLE;
	if (folio_test_mlocked(folio))
		f |= MEMSHARE_PS_MLOCKED;
	if (folio_test_large(folio)) {
		f |= page == &folio->page ? MEMSHARE_PS_HEAD : MEMSHARE_PS_TAIL;
		if (folio_test_hugetlb(folio))
			f |= MEMSHARE_PS_HUGE;
		else if (f & (MEMSHARE_PS_LRU | MEMSHARE_PS_ANON))
			f |= MEMSHARE_PS_THP;
	}
	if (!(f & MEMSHARE_PS_ANON) && READ_ONCE(folio->page.mapping))
		f |= MEMSHARE_PS_FILE;
	return f;
}

void ms_page_state(struct page *page, struct memshare_page_state *st)
{
	struct folio *folio;
	u64 f = 0;

	memset(st, 0, sizeof(*st));
	st->zone = ms_zone(page);
	st->nid = page_to_nid(page);
	if (PageReserved(page))
		f |= MEMSHARE_PS_RESERVED;
	if (PageHWPoison(page))
		f |= MEMSHARE_PS_HWPOISON;
	if (is_zero_pfn(page_to_pfn(page)))
		f |= MEMSHARE_PS_ZERO_PAGE;

	/* Owned by the allocator or a page type: flags only, no reference. */
	folio = page_folio(page);
	if (folio_test_slab(folio)) {
		f |= MEMSHARE_PS_SLAB;
		st->refcount = page_ref_count(page);
		goto out;
	}
	if (PageBuddy(page)) {
		f |= MEMSHARE_PS_BUDDY | MEMSHARE_PS_FREE;
		goto out;
	}
	if (PageTable(page)) {
		f |= MEMSHARE_PS_PGTABLE;
		st->refcount = page_ref_count(page);
		goto out;
	}

	if (!folio_try_get(folio)) {
		f |= MEMSHARE_PS_FREE;
		goto out;
	}
	if (unlikely(page_folio(page) != folio)) {
		folio_put(folio);
		f |= MEMSHARE_PS_FREE;
		goto out;
	}
	f |= ms_folio_flags(folio, page);
	if (folio_test_large(folio)) {
		st->order = folio_order(folio);
		st->index = page_to_pfn(page) - page_to_pfn(&folio->page);
	}
	st->mapcount = ms_page_mapcount(folio, page);
	/* Less the reference taken here. */
	st->refcount = folio_ref_count(folio) - 1;
	folio_put(folio);
out:
	st->flags = f;
}
