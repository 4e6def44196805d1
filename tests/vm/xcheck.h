/* SPDX-License-Identifier: MIT */
/*
 * xcheck.h: helpers of the address translation tests (tests/vm/xcheck-*,
 * xlate-*, unpriv-xlate-*).
 *
 * Three independent views of the same memory:
 *  - the module's page table walk: MEMSHARE_IOC_XLATE, called raw (batch
 *    and range forms), checked for internal consistency by xc_invalid();
 *  - the kernel's own /proc/PID/pagemap (read in one pread per range);
 *  - the PFNs of a pin of the range (MEMSHARE_IOC_PIN + PIN_INFO extents);
 * and, where the module can read memory (root, MEMSHARE_XLATE_READ), the 8
 * bytes the kernel finds at the physical address against what the process
 * reads at the virtual one.
 *
 * xc_check() runs the whole cross-check on a range the caller prepared.
 */
#ifndef XCHECK_H
#define XCHECK_H

#include "mstest.h"
#include <sys/mount.h>

/* /proc/PID/pagemap (Documentation/admin-guide/mm/pagemap.rst) */
#define PM_PFN_MASK	((1ULL << 55) - 1)
#define PM_SOFT_DIRTY	(1ULL << 55)
#define PM_EXCLUSIVE	(1ULL << 56)
#define PM_FILE		(1ULL << 61)
#define PM_SWAP		(1ULL << 62)
#define PM_PRESENT	(1ULL << 63)
#define PM_SWAP_TYPE(e)	 ((unsigned int)((e) & 0x1f))
#define PM_SWAP_OFFSET(e) (((e) & PM_PFN_MASK) >> 5)

/* /proc/kpageflags bits (linux/kernel-page-flags.h) */
#define KPF_ANON	12
#define KPF_HEAD	15
#define KPF_TAIL	16
#define KPF_HUGE	17
#define KPF_THP		22
#define KPF_ZERO_PAGE	24

/* Address bits of an x86-64 page table entry (bits 12-51). */
#define XC_ADDR_BITS	0x000ffffffffff000ULL
#define XC_PTE_P	(1ULL << 0)	/* _PAGE_PRESENT */
#define XC_PTE_RW	(1ULL << 1)
#define XC_PTE_US	(1ULL << 2)
#define XC_PTE_PSE	(1ULL << 7)
#define XC_PTE_PROTNONE	(1ULL << 8)	/* _PAGE_GLOBAL reused */

#define XC_2M		(2UL << 20)
#define XC_1G		(1UL << 30)

typedef struct memshare_xlate_entry xc_ent;

/* Index in entries[] of the entry of @level (PGD: 0 ... PTE: 4). */
static inline int xc_ent_idx(uint32_t level)
{
	return MEMSHARE_ENT_PTE - (int)(level - MEMSHARE_LEVEL_PTE);
}

/* Bytes a leaf at @level maps. */
static inline uint64_t xc_level_size(uint32_t level)
{
	switch (level) {
	case MEMSHARE_LEVEL_PTE: return MST_PAGE;
	case MEMSHARE_LEVEL_PMD: return XC_2M;
	case MEMSHARE_LEVEL_PUD: return XC_1G;
	default: return 0;
	}
}

static inline const char *xc_level_str(uint32_t level)
{
	static const char *const n[] = { "none", "pte", "pmd", "pud", "p4d", "pgd" };

	return level < 6 ? n[level] : "?";
}

/* One line describing an entry, for failure messages. */
static inline const char *xc_str(const xc_ent *e)
{
	static char bufs[2][320];
	static int i;
	char *b = bufs[i++ & 1];

	snprintf(b, sizeof(bufs[0]),
		 "{vaddr 0x%llx len 0x%llx flags 0x%llx pfn 0x%llx paddr 0x%llx level %s size 0x%llx kind %u vmaf 0x%x swap %u/0x%llx pte 0x%llx pmd 0x%llx}",
		 (unsigned long long)e->vaddr, (unsigned long long)e->length,
		 (unsigned long long)e->flags, (unsigned long long)e->pfn,
		 (unsigned long long)e->paddr, xc_level_str(e->level),
		 (unsigned long long)e->page_size, e->vma_kind, e->vma_flags,
		 e->swap_type, (unsigned long long)e->swap_offset,
		 (unsigned long long)e->entries[MEMSHARE_ENT_PTE],
		 (unsigned long long)e->entries[MEMSHARE_ENT_PMD]);
	return b;
}

/* ------------------------------------------------------------------ */
/* The module's walk, raw */

static inline void xc_init(struct memshare_xlate *x, pid_t pid, uint32_t flags)
{
	memset(x, 0, sizeof(*x));
	x->size = sizeof(*x);
	x->flags = flags;
	x->pid = pid;
	x->entry_size = sizeof(xc_ent);
}

/*
 * For the bad-input tests: a valid batch of one address and a valid range
 * of one page, over xc_ents and xc_addrs; each test breaks one rule.
 */
static xc_ent xc_ents[4] __attribute__((unused));
static uint64_t xc_addrs[4] __attribute__((unused));

static inline struct memshare_xlate xc_valid_batch(void)
{
	struct memshare_xlate x;

	xc_init(&x, 0, 0);
	xc_addrs[0] = (uintptr_t)&xc_ents;
	x.addrs_ptr = (uintptr_t)xc_addrs;
	x.entries_ptr = (uintptr_t)xc_ents;
	x.count = 1;
	return x;
}

static inline struct memshare_xlate xc_valid_range(void)
{
	struct memshare_xlate x;

	xc_init(&x, 0, MEMSHARE_XLATE_RANGE);
	x.entries_ptr = (uintptr_t)xc_ents;
	x.count = 4;
	x.start = (uintptr_t)&xc_ents & ~(MST_PAGE - 1);
	x.end = x.start + MST_PAGE;
	return x;
}

/* Batch: 0 or -errno; @out gets @count entries. */
static inline long xc_batch_raw(int ctl, pid_t pid, uint32_t flags, const uint64_t *addrs,
				uint64_t count, xc_ent *out)
{
	struct memshare_xlate x;

	xc_init(&x, pid, flags);
	x.addrs_ptr = (uintptr_t)addrs;
	x.entries_ptr = (uintptr_t)out;
	x.count = count;
	return mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x);
}

/* Batch that must work, in calls of at most 1024 addresses. */
static inline void xc_batch(int ctl, pid_t pid, uint32_t flags, const uint64_t *addrs,
			    uint64_t count, xc_ent *out)
{
	for (uint64_t i = 0; i < count; i += 1024) {
		uint64_t n = count - i < 1024 ? count - i : 1024;
		long r = xc_batch_raw(ctl, pid, flags, addrs + i, n, out + i);

		if (r < 0)
			FAIL("XLATE batch of %llu addresses from 0x%llx, pid %d, flags 0x%x (got %s, want 0)",
			     (unsigned long long)n, (unsigned long long)addrs[i], (int)pid, flags,
			     mst_res(r));
	}
}

/* One address that must translate. */
static inline xc_ent xc_one(int ctl, pid_t pid, uint32_t flags, uint64_t addr)
{
	xc_ent e;

	xc_batch(ctl, pid, flags, &addr, 1, &e);
	return e;
}

/* Range: 0 or -errno; *count gets the extents written, *next the resume point. */
static inline long xc_range_raw(int ctl, pid_t pid, uint32_t flags, uint64_t start, uint64_t end,
				xc_ent *out, uint64_t cap, uint64_t *count, uint64_t *next)
{
	struct memshare_xlate x;
	long r;

	xc_init(&x, pid, flags | MEMSHARE_XLATE_RANGE);
	x.entries_ptr = (uintptr_t)out;
	x.count = cap;
	x.start = start;
	x.end = end;
	r = mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x);
	if (r == 0) {
		*count = x.count;
		*next = x.next;
	}
	return r;
}

/*
 * Internal consistency of one entry (batch or extent); @phys: the caller
 * may see PFNs.  Returns NULL, or what is wrong.
 */
static inline const char *xc_invalid(const xc_ent *e, bool phys, bool batch)
{
	uint64_t f = e->flags;
	bool present = f & MEMSHARE_XF_PRESENT;

	if (e->pt_levels != 4 && e->pt_levels != 5)
		return "pt_levels is neither 4 nor 5";
	if (present && !(f & MEMSHARE_XF_MAPPED))
		return "PRESENT without MAPPED";
	if (!(f & MEMSHARE_XF_MAPPED)) {
		if (f)
			return "flags other than 0 outside a VMA";
		if (e->vma_kind != MEMSHARE_VMA_NONE || e->vma_start || e->vma_end)
			return "VMA fields outside a VMA";
	} else {
		if (e->vma_kind == MEMSHARE_VMA_NONE || e->vma_kind > MEMSHARE_VMA_SPECIAL)
			return "MAPPED with a bad vma_kind";
		if (e->vaddr < e->vma_start || e->vaddr >= e->vma_end)
			return "vaddr outside [vma_start, vma_end)";
		if (!batch && e->vaddr + e->length > e->vma_end)
			return "extent goes past vma_end";
	}
	if (e->level > MEMSHARE_LEVEL_PGD)
		return "bad level";
	if (present) {
		if (e->level < MEMSHARE_LEVEL_PTE || e->level > MEMSHARE_LEVEL_PUD)
			return "PRESENT at a level that is not PTE/PMD/PUD";
		if (e->page_size != xc_level_size(e->level))
			return "page_size does not match the level";
		if (!!(f & MEMSHARE_XF_HUGE) != (e->level != MEMSHARE_LEVEL_PTE))
			return "XF_HUGE does not match a leaf above PTE";
	} else {
		if (f & (MEMSHARE_XF_HUGE | MEMSHARE_XF_THP | MEMSHARE_XF_PAGE | MEMSHARE_XF_DATA |
			 MEMSHARE_XF_ZERO_PAGE | MEMSHARE_XF_PROTNONE | MEMSHARE_XF_WRITE))
			return "a flag that needs PRESENT without PRESENT";
		if (e->pfn || e->paddr)
			return "pfn/paddr without PRESENT";
	}
	if ((f & (MEMSHARE_XF_SWAP | MEMSHARE_XF_MIGRATION)) && (present || !(f & MEMSHARE_XF_MAPPED)))
		return "SWAP/MIGRATION on a present or unmapped entry";
	if ((f & MEMSHARE_XF_SWAP) && (f & MEMSHARE_XF_MIGRATION))
		return "both SWAP and MIGRATION";
	if (!(f & (MEMSHARE_XF_SWAP | MEMSHARE_XF_MIGRATION)) && (e->swap_type || e->swap_offset))
		return "swap_type/offset without SWAP/MIGRATION";
	if (f & MEMSHARE_XF_PHYS) {
		if (!phys)
			return "XF_PHYS for a caller without CAP_SYS_ADMIN";
	} else {
		if (e->pfn || e->paddr || e->swap_offset || e->swap_type)
			return "pfn/paddr/swap without XF_PHYS";
		for (int i = 0; i < MEMSHARE_ENT_NR; i++)
			if (e->entries[i] & XC_ADDR_BITS)
				return "address bits in entries[] without XF_PHYS";
	}
	if (phys && present && !(f & MEMSHARE_XF_PHYS))
		return "no XF_PHYS for a present page as CAP_SYS_ADMIN";
	if (present && (f & MEMSHARE_XF_PHYS)) {
		if (batch) {
			if (e->paddr >> 12 != e->pfn)
				return "pfn is not paddr >> 12";
			if ((e->paddr & 0xfff) != (e->vaddr & 0xfff))
				return "paddr's page offset differs from vaddr's";
		} else if (e->paddr != e->pfn << 12) {
			return "extent paddr is not pfn << 12";
		}
	}
	if (e->level == MEMSHARE_LEVEL_NONE) {
		for (int i = 0; i < MEMSHARE_ENT_NR; i++)
			if (e->entries[i])
				return "entries[] without a level";
	} else {
		for (int i = xc_ent_idx(e->level) + 1; i < MEMSHARE_ENT_NR; i++)
			if (e->entries[i])
				return "entries[] below the level are not 0";
	}
	if (batch) {
		uint64_t end = (e->vaddr | (MST_PAGE - 1)) + 1;
		uint64_t lend = e->page_size ? (e->vaddr | (e->page_size - 1)) + 1 : end;

		/* "to the end of its page": the 4K page, or the huge leaf */
		if (e->length != end - e->vaddr && e->length != lend - e->vaddr)
			return "batch length is not the bytes to the end of the page";
	} else if (!e->length || (e->length & (MST_PAGE - 1)) || (e->vaddr & (MST_PAGE - 1))) {
		return "extent not page-aligned or empty";
	}
	return NULL;
}

#define XC_VALID(e, phys, batch, what) do {					\
	const char *why_ = xc_invalid((e), (phys), (batch));			\
	if (why_)								\
		FAIL("%s: invalid entry: %s: %s", (what), why_, xc_str(e));	\
} while (0)

/*
 * All extents of [start, end) (page-aligned), through calls of @cap
 * extents each: checked valid, in order and covering the range exactly.
 * Returns a malloc()ed array; *n gets the number of extents.
 */
static inline xc_ent *xc_range(int ctl, pid_t pid, uint32_t flags, uint64_t start, uint64_t end,
			       uint64_t cap, size_t *n, bool phys)
{
	size_t used = 0, alloc = 64;
	xc_ent *all = malloc(alloc * sizeof(*all));
	xc_ent *buf = calloc(cap, sizeof(*buf));
	uint64_t at = start;

	CHECK(all && buf, "malloc");
	while (at < end) {
		uint64_t cnt = 0, next = 0;
		long r = xc_range_raw(ctl, pid, flags, at, end, buf, cap, &cnt, &next);

		if (r < 0)
			FAIL("XLATE range [0x%llx, 0x%llx) pid %d (got %s, want 0)",
			     (unsigned long long)at, (unsigned long long)end, (int)pid, mst_res(r));
		CHECK(cnt >= 1 && cnt <= cap, "XLATE range from 0x%llx: %llu extents written (cap %llu)",
		      (unsigned long long)at, (unsigned long long)cnt, (unsigned long long)cap);
		for (uint64_t i = 0; i < cnt; i++) {
			char what[96];

			snprintf(what, sizeof(what), "range extent %zu", used);
			XC_VALID(&buf[i], phys, false, what);
			CHECK(buf[i].vaddr == at, "range extent %zu starts at 0x%llx, want 0x%llx (%s)",
			      used, (unsigned long long)buf[i].vaddr, (unsigned long long)at,
			      xc_str(&buf[i]));
			at += buf[i].length;
			if (used == alloc) {
				xc_ent *grown = realloc(all, 2 * alloc * sizeof(*all));

				CHECK(grown != NULL, "realloc");
				all = grown;
				alloc *= 2;
			}
			all[used++] = buf[i];
		}
		CHECK(at <= end, "range extents go past end 0x%llx (to 0x%llx)",
		      (unsigned long long)end, (unsigned long long)at);
		CHECK_EQX(next, at, "range next == end of the last extent");
	}
	free(buf);
	*n = used;
	return all;
}

/* ------------------------------------------------------------------ */
/* pagemap, kpageflags, kpagecount */

/* @npages raw pagemap entries of @pid (0: self) from @addr, one pread. */
static inline void xc_pagemap(pid_t pid, uint64_t addr, size_t npages, uint64_t *out)
{
	char path[64];
	int fd;
	ssize_t want = (ssize_t)(npages * 8), got;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)pid);
	else
		snprintf(path, sizeof(path), "/proc/self/pagemap");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		FAIL("open(%s) (got -%s)", path, mst_errname(errno));
	got = pread(fd, out, (size_t)want, (off_t)(addr / MST_PAGE * 8));
	if (got != want)
		FAIL("pread(%s, %zd bytes) (got %s)", path, want, mst_res(got < 0 ? -errno : got));
	close(fd);
}

/* One u64 of /proc/kpageflags or /proc/kpagecount for @pfn (root). */
static inline uint64_t xc_kpage(const char *file, uint64_t pfn)
{
	uint64_t v = 0;
	int fd = open(file, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		FAIL("open(%s) (got -%s)", file, mst_errname(errno));
	if (pread(fd, &v, 8, (off_t)(pfn * 8)) != 8)
		FAIL("pread(%s, pfn 0x%llx) (got -%s)", file, (unsigned long long)pfn,
		     mst_errname(errno));
	close(fd);
	return v;
}

/* ------------------------------------------------------------------ */
/* Pins */

/*
 * Pin [@addr, @addr + @npages pages) read-only (short-term) and store the
 * PFN of each page in @pfns (root: PIN_INFO_PHYS).  Returns the pin fd
 * (the caller closes it) or -errno from the PIN.
 */
static inline long xc_pin_pfns(int ctl, uint64_t addr, size_t npages, uint64_t *pfns)
{
	long pin = mst_pin_raw(ctl, (void *)(uintptr_t)addr, npages * MST_PAGE, 0, NULL);
	struct memshare_extent *ext;
	struct memshare_pin_info info;
	uint64_t n;
	size_t pg = 0;

	if (pin < 0)
		return pin;
	ext = calloc(npages, sizeof(*ext));
	CHECK(ext != NULL, "calloc");
	n = mst_pin_extents((int)pin, ext, npages, &info);
	CHECK_EQ(info.nr_extents, n, "pin extents: all fetched");
	CHECK(info.flags & MEMSHARE_PIN_INFO_PHYS, "PIN_INFO without PHYS as root");
	for (uint64_t i = 0; i < n; i++) {
		CHECK_EQX(ext[i].offset, pg * MST_PAGE, "pin extent offset");
		CHECK(!(ext[i].phys_addr & (MST_PAGE - 1)) && !(ext[i].length & (MST_PAGE - 1)),
		      "pin extent %llu not page-aligned", (unsigned long long)i);
		for (uint64_t k = 0; k < ext[i].length / MST_PAGE; k++)
			pfns[pg++] = ext[i].phys_addr / MST_PAGE + k;
	}
	CHECK_EQ(pg, npages, "pages covered by the pin's extents");
	free(ext);
	return pin;
}

/* ------------------------------------------------------------------ */
/* The cross-check */

/* xc_check() options */
#define XC_NO_PIN	(1U << 0)	/* the range cannot be pinned: want -EFAULT */
#define XC_NO_PAGEMAP	(1U << 1)	/* pagemap is blind to it (VM_PFNMAP) */
#define XC_NO_READ	(1U << 2)	/* do not compare XLATE_READ data */
#define XC_RDONLY	(1U << 3)	/* the process may not write: PTEs !WRITE */

/*
 * The library's two backends (ms_xlate_addrs) agree with the module's raw
 * entries @be for @addrs: present, PFN and physical address; the module
 * backend also on the VMA kind and level.  XC_NO_PAGEMAP: the pagemap
 * backend says not present.
 */
static inline void xc_check_lib(const uint64_t *addrs, size_t np, const xc_ent *be,
				unsigned int opts, const char *what)
{
	static const int backends[] = { MS_BACKEND_MODULE, MS_BACKEND_PAGEMAP };
	struct ms_xlate_entry *out = calloc(np, sizeof(*out));

	CHECK(out != NULL, "calloc");
	for (int b = 0; b < 2; b++) {
		MS_OPTS(ms_xlate_opts, o, .backend = backends[b]);
		const char *bn = ms_backend_name(backends[b]);
		struct ms_xlate *x = NULL;
		int r = ms_xlate_new(&o, &x);

		if (r < 0)
			FAIL("%s: ms_xlate_new(backend %s) (got %s, want 0)", what, bn, mst_res(r));
		CHECK_EQ(ms_xlate_backend(x), backends[b], "ms_xlate_backend() of a forced backend");
		r = ms_xlate_addrs(x, addrs, np, out);
		if (r < 0)
			FAIL("%s: ms_xlate_addrs(backend %s, %zu) (got %s, want 0)", what, bn, np,
			     mst_res(r));
		for (size_t i = 0; i < np; i++) {
			const xc_ent *l = &out[i].e;
			bool blind = backends[b] == MS_BACKEND_PAGEMAP && (opts & XC_NO_PAGEMAP);

			CHECK(out[i].known & MS_KNOWN_PRESENT, "%s: library %s page %zu: PRESENT not known",
			      what, bn, i);
			if (blind) {
				CHECK(!(l->flags & MEMSHARE_XF_PRESENT),
				      "%s: library pagemap backend sees page %zu of a VM_PFNMAP: %s", what,
				      i, xc_str(l));
				continue;
			}
			CHECK((l->flags & (MEMSHARE_XF_MAPPED | MEMSHARE_XF_PRESENT)) ==
			      (MEMSHARE_XF_MAPPED | MEMSHARE_XF_PRESENT),
			      "%s: library %s page %zu not MAPPED|PRESENT: %s", what, bn, i, xc_str(l));
			CHECK(out[i].known & MS_KNOWN_PFN, "%s: library %s page %zu: PFN not known", what,
			      bn, i);
			if (l->pfn != be[i].pfn || l->paddr != be[i].paddr)
				FAIL("%s: library %s page %zu: pfn 0x%llx paddr 0x%llx, module 0x%llx 0x%llx",
				     what, bn, i, (unsigned long long)l->pfn,
				     (unsigned long long)l->paddr, (unsigned long long)be[i].pfn,
				     (unsigned long long)be[i].paddr);
			if (backends[b] == MS_BACKEND_MODULE)
				CHECK(l->vma_kind == be[i].vma_kind && l->level == be[i].level,
				      "%s: library module backend page %zu: %s, raw ioctl: %s", what, i,
				      xc_str(l), xc_str(&be[i]));
		}
		ms_xlate_free(x);
	}
	free(out);
}


/*
 * Everything about the @len bytes at @addr (page-aligned, every page
 * present, as the caller made it) of the calling process, as root:
 *  - batch (one address per page, at a page offset that differs per page)
 *    and range forms of the module are valid, present, of VMA kind
 *    @kind, and agree on every page's PFN;
 *  - pagemap shows the same PFN for every page (or, XC_NO_PAGEMAP, shows
 *    it as neither present nor swapped, with no PFN: pagemap skips
 *    VM_PFNMAP VMAs);
 *  - a pin of the range has the same PFN for every page (or, XC_NO_PIN,
 *    fails with -EFAULT);
 *  - XLATE_READ returns the 8 bytes the process reads at each address;
 *  - the library's module and pagemap backends say the same (xc_check_lib).
 * The module's entries of the batch are stored in @out (if non-NULL),
 * translated while the range was pinned.
 */
static inline void xc_check(int ctl, const char *what, void *addr, size_t len, uint32_t kind,
			    unsigned int opts, xc_ent *out)
{
	size_t np = len / MST_PAGE;
	uint64_t *addrs = calloc(np, 8), *pm = calloc(np, 8), *pinpfn = calloc(np, 8);
	xc_ent *be = calloc(np, sizeof(*be));
	uintptr_t a0 = (uintptr_t)addr;
	long pin = -1;
	size_t n;

	CHECK(addrs && pm && pinpfn && be, "calloc");
	CHECK(!(a0 & (MST_PAGE - 1)) && np, "xc_check wants page-aligned ranges");
	NOTE("%s: %zu pages at %p", what, np, addr);

	/* the pin first: the pages cannot move while the three views are taken */
	if (opts & XC_NO_PIN) {
		CHECK_ERR(xc_pin_pfns(ctl, a0, np, pinpfn), EFAULT,
			  "PIN of a range GUP cannot pin");
	} else {
		pin = xc_pin_pfns(ctl, a0, np, pinpfn);
		if (pin < 0)
			FAIL("%s: PIN of the range (got %s, want a pin fd)", what, mst_res(pin));
	}

	for (size_t i = 0; i < np; i++)
		addrs[i] = a0 + i * MST_PAGE + ((i * 8 * 37) & (MST_PAGE - 8));
	xc_batch(ctl, 0, MEMSHARE_XLATE_PAGE | ((opts & XC_NO_READ) ? 0 : MEMSHARE_XLATE_READ),
		 addrs, np, be);
	xc_pagemap(0, a0, np, pm);

	for (size_t i = 0; i < np; i++) {
		xc_ent *e = &be[i];
		char w[160];

		snprintf(w, sizeof(w), "%s: page %zu", what, i);
		XC_VALID(e, true, true, w);
		CHECK_EQX(e->vaddr, addrs[i], "batch entry vaddr == the address asked");
		CHECK((e->flags & (MEMSHARE_XF_MAPPED | MEMSHARE_XF_PRESENT | MEMSHARE_XF_PHYS)) ==
		      (MEMSHARE_XF_MAPPED | MEMSHARE_XF_PRESENT | MEMSHARE_XF_PHYS),
		      "%s: not MAPPED|PRESENT|PHYS: %s", w, xc_str(e));
		CHECK(e->vma_kind == kind, "%s: vma_kind %u, want %u: %s", w, e->vma_kind, kind,
		      xc_str(e));
		CHECK(e->flags & MEMSHARE_XF_USER, "%s: no XF_USER: %s", w, xc_str(e));
		CHECK(!(e->flags & MEMSHARE_XF_GLOBAL), "%s: user page XF_GLOBAL: %s", w, xc_str(e));
		if (opts & XC_RDONLY)
			CHECK(!(e->flags & MEMSHARE_XF_WRITE), "%s: XF_WRITE in a read-only mapping: %s",
			      w, xc_str(e));
		/* the raw leaf: hardware present, PFN = the module's */
		uint64_t leaf = e->entries[xc_ent_idx(e->level)];
		uint64_t lpfn = (leaf & XC_ADDR_BITS & ~(e->page_size - 1)) >> 12;

		CHECK(leaf & XC_PTE_P, "%s: raw leaf entry 0x%llx has no present bit", w,
		      (unsigned long long)leaf);
		CHECK(!!(leaf & XC_PTE_RW) == !!(e->flags & MEMSHARE_XF_WRITE),
		      "%s: XF_WRITE does not match the raw entry's RW bit: %s", w, xc_str(e));
		CHECK_EQX(lpfn + ((e->vaddr & (e->page_size - 1)) >> 12), e->pfn,
			  "raw leaf entry's address bits + page index in the leaf == pfn");
		if (e->level != MEMSHARE_LEVEL_PTE)
			CHECK(leaf & XC_PTE_PSE, "%s: huge leaf without PSE: %s", w, xc_str(e));
		/* the upper levels are tables, present */
		for (int l = 0; l < xc_ent_idx(e->level); l++)
			CHECK(e->entries[l] & XC_PTE_P, "%s: table entry %d (0x%llx) not present", w, l,
			      (unsigned long long)e->entries[l]);
		/* pagemap */
		if (opts & XC_NO_PAGEMAP) {
			CHECK(!(pm[i] & (PM_PRESENT | PM_SWAP | PM_PFN_MASK)),
			      "%s: pagemap 0x%llx, want not present, not swapped, no PFN (pagemap skips VM_PFNMAP)",
			      w, (unsigned long long)pm[i]);
		} else {
			CHECK(pm[i] & PM_PRESENT, "%s: pagemap 0x%llx not present, module: %s", w,
			      (unsigned long long)pm[i], xc_str(e));
			if ((pm[i] & PM_PFN_MASK) != e->pfn)
				FAIL("%s: pagemap PFN 0x%llx != module PFN 0x%llx (%s)", w,
				     (unsigned long long)(pm[i] & PM_PFN_MASK),
				     (unsigned long long)e->pfn, xc_str(e));
		}
		/* the pin */
		if (!(opts & XC_NO_PIN) && pinpfn[i] != e->pfn)
			FAIL("%s: pin PFN 0x%llx != module PFN 0x%llx (%s)", w,
			     (unsigned long long)pinpfn[i], (unsigned long long)e->pfn, xc_str(e));
		/* the kernel's read at paddr */
		if (!(opts & XC_NO_READ)) {
			uint64_t mine;

			memcpy(&mine, (void *)(uintptr_t)addrs[i], 8);
			CHECK(e->flags & MEMSHARE_XF_DATA, "%s: no XF_DATA with XLATE_READ: %s", w,
			      xc_str(e));
			if (e->data != mine)
				FAIL("%s: XLATE_READ data 0x%llx != the process's 0x%llx at 0x%llx", w,
				     (unsigned long long)e->data, (unsigned long long)mine,
				     (unsigned long long)addrs[i]);
		}
	}

	/* the range form: same PFN for every page, contiguous inside an extent */
	xc_ent *ext = xc_range(ctl, 0, MEMSHARE_XLATE_PAGE, a0, a0 + len, 7, &n, true);
	size_t pg = 0;

	for (size_t k = 0; k < n; k++) {
		xc_ent *x = &ext[k];

		CHECK(x->flags & MEMSHARE_XF_PRESENT, "%s: extent %zu not present: %s", what, k,
		      xc_str(x));
		CHECK(x->vma_kind == kind, "%s: extent %zu vma_kind %u, want %u", what, k,
		      x->vma_kind, kind);
		for (uint64_t j = 0; j < x->length / MST_PAGE; j++, pg++) {
			CHECK(pg < np, "extents cover more than the range");
			if (x->pfn + j != be[pg].pfn)
				FAIL("%s: extent %zu (%s) page %llu: pfn 0x%llx, batch says 0x%llx", what,
				     k, xc_str(x), (unsigned long long)j,
				     (unsigned long long)(x->pfn + j), (unsigned long long)be[pg].pfn);
			uint64_t mask = MEMSHARE_XF_PRESENT | MEMSHARE_XF_WRITE | MEMSHARE_XF_HUGE |
					MEMSHARE_XF_THP | MEMSHARE_XF_SPECIAL | MEMSHARE_XF_ZERO_PAGE;

			CHECK((x->flags & mask) == (be[pg].flags & mask) && x->level == be[pg].level,
			      "%s: extent %zu flags/level differ from page %zu's batch entry: %s vs %s",
			      what, k, pg, xc_str(x), xc_str(&be[pg]));
		}
		/* a run ends where the next page is not contiguous or differs */
		if (k + 1 < n && ext[k + 1].flags == x->flags && ext[k + 1].level == x->level &&
		    ext[k + 1].vma_start == x->vma_start)
			CHECK(ext[k + 1].pfn != x->pfn + x->length / MST_PAGE,
			      "%s: extents %zu and %zu are one physical run with equal attributes: %s %s",
			      what, k, k + 1, xc_str(x), xc_str(&ext[k + 1]));
	}
	CHECK_EQ(pg, np, "pages covered by the range form");
	xc_check_lib(addrs, np, be, opts, what);
	NOTE("%s: %zu extents; first %s", what, n, xc_str(&ext[0]));
	free(ext);
	if (out)
		memcpy(out, be, np * sizeof(*be));
	if (pin >= 0)
		close((int)pin);
	free(addrs);
	free(pm);
	free(pinpfn);
	free(be);
}

/* The page's compound state: order @order, this page's @index in it. */
static inline void xc_check_compound(const xc_ent *e, uint32_t order, uint64_t index,
				     const char *what)
{
	CHECK(e->flags & MEMSHARE_XF_PAGE, "%s: no XF_PAGE with XLATE_PAGE: %s", what, xc_str(e));
	CHECK(e->page.order == order, "%s: page.order %u, want %u", what, e->page.order, order);
	CHECK(e->page.index == index, "%s: page.index %llu, want %llu", what,
	      (unsigned long long)e->page.index, (unsigned long long)index);
	if (order) {
		uint64_t want = index ? MEMSHARE_PS_TAIL : MEMSHARE_PS_HEAD;

		CHECK((e->page.flags & (MEMSHARE_PS_HEAD | MEMSHARE_PS_TAIL)) == want,
		      "%s: page.flags 0x%llx, want %s", what, (unsigned long long)e->page.flags,
		      index ? "TAIL" : "HEAD");
	} else {
		CHECK(!(e->page.flags & (MEMSHARE_PS_HEAD | MEMSHARE_PS_TAIL)),
		      "%s: small page with HEAD/TAIL: 0x%llx", what, (unsigned long long)e->page.flags);
	}
}

/*
 * The module's page.flags agree with /proc/kpageflags on the bits that do
 * not change while the page is mapped and pinned.
 */
static inline void xc_check_kpageflags(const xc_ent *e, const char *what)
{
	const uint64_t stable = (1ULL << KPF_ANON) | (1ULL << KPF_HEAD) | (1ULL << KPF_TAIL) |
				(1ULL << KPF_HUGE) | (1ULL << KPF_THP) | (1ULL << KPF_ZERO_PAGE);
	uint64_t k = xc_kpage("/proc/kpageflags", e->pfn);

	CHECK(e->flags & MEMSHARE_XF_PAGE, "%s: no XF_PAGE", what);
	if ((k & stable) != (e->page.flags & stable))
		FAIL("%s: module page.flags 0x%llx, /proc/kpageflags 0x%llx (differ in 0x%llx)", what,
		     (unsigned long long)e->page.flags, (unsigned long long)k,
		     (unsigned long long)((k ^ e->page.flags) & stable));
}

/* Whether the CPU has NX (so that data pages are reported XF_NX). */
static inline bool xc_cpu_nx(void)
{
	char line[4096];
	bool nx = false;
	FILE *f = fopen("/proc/cpuinfo", "r");

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "flags", 5)) {
			nx = strstr(line, " nx") != NULL;
			break;
		}
	fclose(f);
	return nx;
}

/*
 * The file path the module gives (MEMSHARE_XLATE_PATHS) for the VMA of
 * @addr of the caller, into @buf; "" for MEMSHARE_NO_PATH.  Returns the
 * entry.
 */
static inline xc_ent xc_path(int ctl, uint64_t addr, char *buf, size_t size)
{
	struct memshare_xlate x;
	char strtab[4096];
	xc_ent e;
	long r;

	memset(strtab, 0x5a, sizeof(strtab));
	memset(&e, 0, sizeof(e));
	xc_init(&x, 0, MEMSHARE_XLATE_PATHS);
	x.addrs_ptr = (uintptr_t)&addr;
	x.entries_ptr = (uintptr_t)&e;
	x.count = 1;
	x.strtab_ptr = (uintptr_t)strtab;
	x.strtab_size = sizeof(strtab);
	r = mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x);
	if (r < 0)
		FAIL("XLATE with PATHS (got %s, want 0)", mst_res(r));
	buf[0] = 0;
	if (e.path_offset == MEMSHARE_NO_PATH)
		return e;
	CHECK(e.path_offset < x.strtab_used && x.strtab_used <= sizeof(strtab),
	      "path_offset %u, strtab_used %u", e.path_offset, x.strtab_used);
	CHECK(memchr(strtab + e.path_offset, 0, x.strtab_used - e.path_offset) != NULL,
	      "path at %u not NUL-terminated within strtab_used %u", e.path_offset, x.strtab_used);
	snprintf(buf, size, "%s", strtab + e.path_offset);
	return e;
}

/* ------------------------------------------------------------------ */
/* Test environment */

static char xc_ramfs_dir[256];

static inline void xc_ramfs_umount(void)
{
	if (xc_ramfs_dir[0] && umount2(xc_ramfs_dir, MNT_DETACH) < 0)
		printf("# umount %s: %s\n", xc_ramfs_dir, strerror(errno));
}

/*
 * A file of @npages pages holding mst_pattern(@seed) on a ramfs mounted
 * in the test's directory (a file system whose pages are page cache, not
 * shmem: /tmp in the guest is tmpfs).  Returns an O_RDWR fd; *path gets
 * its absolute path.
 */
static inline int xc_ramfs_file(size_t npages, uint32_t seed, char *path, size_t size)
{
	size_t len = npages * MST_PAGE;
	uint8_t *b = malloc(len);
	int fd;

	CHECK(b != NULL, "malloc");
	CHECK(getcwd(xc_ramfs_dir, sizeof(xc_ramfs_dir) - 8) != NULL, "getcwd");
	strcat(xc_ramfs_dir, "/ramfs");
	if (mkdir(xc_ramfs_dir, 0755) < 0 && errno != EEXIST)
		FAIL("mkdir(%s) (got -%s)", xc_ramfs_dir, mst_errname(errno));
	if (mount("ramfs", xc_ramfs_dir, "ramfs", 0, NULL) < 0) {
		int e = errno;

		xc_ramfs_dir[0] = 0;
		SKIP("cannot mount a ramfs (mount: %s)", strerror(e));
	}
	atexit(xc_ramfs_umount);
	snprintf(path, size, "%s/xfile", xc_ramfs_dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		FAIL("open(%s) (got -%s)", path, mst_errname(errno));
	mst_pattern(b, len, seed);
	CHECK_EQ(pwrite(fd, b, len, 0), len, "pwrite of the file's contents");
	free(b);
	return fd;
}

/*
 * The cross-check of a shared memory (shmem) range the caller mapped
 * MAP_SHARED and wrote: VMA kind SHMEM, shared, writable, not anonymous
 * pages as /proc/kpageflags, pagemap's "file page" bit (shmem pages are
 * page cache).
 */
static inline void xc_check_shmem(int ctl, const char *what, void *m, size_t len)
{
	size_t np = len / MST_PAGE;
	xc_ent *e = calloc(np, sizeof(*e));
	uint64_t *pm = calloc(np, 8);

	CHECK(e && pm, "calloc");
	xc_check(ctl, what, m, len, MEMSHARE_VMA_SHMEM, 0, e);
	xc_pagemap(0, (uintptr_t)m, np, pm);
	for (size_t i = 0; i < np; i++) {
		char w[96];

		snprintf(w, sizeof(w), "%s: page %zu", what, i);
		CHECK(e[i].vma_flags & MEMSHARE_VMA_F_SHARED, "%s: VMA not SHARED (0x%x)", w,
		      e[i].vma_flags);
		CHECK(e[i].flags & MEMSHARE_XF_WRITE, "%s: not writable: %s", w, xc_str(&e[i]));
		CHECK(!(e[i].page.flags & MEMSHARE_PS_ANON), "%s: shmem page with PS_ANON (0x%llx)", w,
		      (unsigned long long)e[i].page.flags);
		CHECK(e[i].page.flags & MEMSHARE_PS_SWAPBACKED, "%s: shmem page without SWAPBACKED (0x%llx)",
		      w, (unsigned long long)e[i].page.flags);
		xc_check_kpageflags(&e[i], w);
		CHECK(pm[i] & PM_FILE, "%s: pagemap 0x%llx lacks the file-page bit", w,
		      (unsigned long long)pm[i]);
	}
	free(e);
	free(pm);
}

/* Fails the test unless the module translates (MEMSHARE_FEAT_XLATE). */
static inline int xc_ctl(void)
{
	int ctl = mst_ctl();
	struct memshare_version v = mst_version(ctl);

	if (!(v.features & MEMSHARE_FEAT_XLATE))
		FAIL("the module lacks MEMSHARE_FEAT_XLATE (features 0x%llx)",
		     (unsigned long long)v.features);
	return ctl;
}

#endif /* XCHECK_H */
