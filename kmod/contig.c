// SPDX-License-Identifier: GPL-2.0
/*
 * memshare: physically contiguous buffers.
 *
 * Up to the buddy allocator's largest block (MAX_ORDER_NR_PAGES pages) the
 * pages come from alloc_pages_exact(), which splits the block so that every
 * page has its own refcount.  Larger buffers, or when the buddy allocator is
 * too fragmented, use the kernel's contiguous range allocator
 * (alloc_contig_range(), CONFIG_CONTIG_ALLOC) where the kernel has it: a
 * range of System RAM in ZONE_DMA32/ZONE_NORMAL is chosen here (as
 * alloc_contig_pages() does, which is not exported) and its pages are
 * migrated away.  Without it the allocation fails with -ENOMEM and a log line
 * saying why.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/ioport.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/pfn.h>
#include <linux/sched/signal.h>

#include "memshare.h"

/* Largest block the buddy allocator hands out in one piece. */
static u64 ms_buddy_max_bytes(void)
{
	return (u64)MAX_ORDER_NR_PAGES << PAGE_SHIFT;
}

bool ms_contig_large_supported(void)
{
#ifdef HAVE_ALLOC_CONTIG_RANGE
	return true;
#else
	return false;
#endif
}

u64 ms_contig_max_bytes(void)
{
	if (ms_contig_large_supported())
		return READ_ONCE(ms_limits.max_buffer_size);
	return min_t(u64, ms_buddy_max_bytes(),
		     READ_ONCE(ms_limits.max_buffer_size));
}

static int ms_contig_buddy(struct ms_buffer *buf, gfp_t gfp)
{
	struct page *page;
	unsigned long i;
	void *vaddr;

	if (buf->nr_pages > MAX_ORDER_NR_PAGES)
		return -ENOMEM;
	/* Direct-mapped memory: vaddr covers the whole buffer. */
	vaddr = alloc_pages_exact(buf->length, gfp & ~__GFP_HIGHMEM);
	if (!vaddr)
		return -ENOMEM;
	page = virt_to_page(vaddr);
	for (i = 0; i < buf->nr_pages; i++)
		buf->pages[i] = page + i;
	buf->vaddr = vaddr;
	buf->contig_range = false;
	return 0;
}

#ifdef HAVE_ALLOC_CONTIG_RANGE
struct ms_contig_scan {
	unsigned long nr_pages;
	unsigned long pfn;		/* result */
	unsigned long tries;
};

/* Could [pfn, pfn + nr) be allocated?  Cheap checks, as alloc_contig_pages. */
static bool ms_contig_range_ok(unsigned long pfn, unsigned long nr)
{
	struct zone *zone = NULL;
	unsigned long i;

	for (i = pfn; i < pfn + nr; i++) {
		struct page *page = pfn_to_online_page(i);

		if (!page)
			return false;
		if (!zone) {
			zone = page_zone(page);
			/* Never ZONE_MOVABLE: these pages are pinned. */
			if (zone_idx(zone) > ZONE_NORMAL)
				return false;
		} else if (page_zone(page) != zone) {
			return false;
		}
		if (PageReserved(page) || PageHuge(page))
			return false;
	}
	return true;
}

/*
 * walk_iomem_res_desc() callback for each "System RAM" resource: try the
 * aligned windows inside it.
 */
static int ms_contig_try_ram(struct resource *res, void *arg)
{
	struct ms_contig_scan *scan = arg;
	unsigned long want = scan->nr_pages;
	unsigned long step = roundup_pow_of_two(want);
	unsigned long start = PFN_UP(res->start);
	unsigned long end = PFN_DOWN(res->end + 1);
	unsigned long pfn;

	for (pfn = ALIGN(start, step); pfn + want <= end && pfn + want > pfn;
	     pfn += step) {
		if (fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
		if (!ms_contig_range_ok(pfn, want))
			continue;
		scan->tries++;
		if (!alloc_contig_range(pfn, pfn + want, ACR_FLAGS_NONE,
					GFP_KERNEL | __GFP_NOWARN)) {
			scan->pfn = pfn;
			return 1;
		}
	}
	return 0;
}

static int ms_contig_range(struct ms_buffer *buf)
{
	struct ms_contig_scan scan = { .nr_pages = buf->nr_pages };
	unsigned long i;
	int ret;

	/* walk_system_ram_range() is not exported; this is its equivalent. */
	ret = walk_iomem_res_desc(IORES_DESC_NONE,
				  IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY,
				  0, -1, &scan, ms_contig_try_ram);
	if (ret < 0)
		return ret;
	if (ret != 1) {
		pr_info_ratelimited("contig: no free or movable range of %lu pages found (%lu tried)\n",
				    buf->nr_pages, scan.tries);
		return -ENOMEM;
	}
	for (i = 0; i < buf->nr_pages; i++) {
		buf->pages[i] = pfn_to_page(scan.pfn + i);
		clear_highpage(buf->pages[i]);
		if (!(i % 512))
			cond_resched();
	}
	buf->vaddr = page_address(buf->pages[0]);
	buf->contig_range = true;
	return 0;
}
#endif

/**
 * ms_contig_alloc() - fill buf->pages with physically contiguous pages
 * @buf: buffer with length, nr_pages and a pages array
 * @gfp: allocation flags for the buddy allocator
 */
int ms_contig_alloc(struct ms_buffer *buf, gfp_t gfp)
{
	int err;

	err = ms_contig_buddy(buf, gfp);
	if (!err)
		return 0;
#ifdef HAVE_ALLOC_CONTIG_RANGE
	return ms_contig_range(buf);
#else
	if (buf->nr_pages > MAX_ORDER_NR_PAGES)
		pr_info_ratelimited("contig: %zu bytes is over the buddy allocator's %llu and this kernel has no contiguous range allocator (CONFIG_CONTIG_ALLOC)\n",
				    buf->length, ms_buddy_max_bytes());
	else
		pr_info_ratelimited("contig: %zu bytes: no free block of that order\n",
				    buf->length);
	return -ENOMEM;
#endif
}

void ms_contig_free(struct ms_buffer *buf)
{
	unsigned long i;

	if (!buf->contig_range) {
		free_pages_exact(buf->vaddr, buf->length);
		return;
	}
	/*
	 * Not free_contig_range(): it warns when a page is still referenced,
	 * and a GUP pin taken through a mapping may legitimately outlive us.
	 */
	for (i = 0; i < buf->nr_pages; i++)
		put_page(buf->pages[i]);
}
