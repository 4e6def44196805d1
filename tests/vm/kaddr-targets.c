// SPDX-License-Identifier: MIT
/* Every self-test target of /sys/kernel/debug/memshare/targets (a kmalloc
 * object, a vmalloc object, a module global, alloc_pages pages, a kmap'd
 * page, kernel text, rodata and data, this thread's kernel stack, a struct
 * page, a fixmap and a cpu entry area address) is classified in its region,
 * resolved by the region's method in agreement with the page table walk,
 * and has the page state its kind implies. */
#include "mstest.h"
#include <sys/mount.h>

#define TARGETS "/sys/kernel/debug/memshare/targets"

static const char *const region_names[] = {
	"unknown", "user", "direct-map", "vmalloc", "module", "kernel-text",
	"kernel-rodata", "kernel-data", "fixmap", "vmemmap", "cpu-entry-area",
	"kernel-image",
};
#define NR_REGIONS (sizeof(region_names) / sizeof(region_names[0]))

static int region_of(const char *name)
{
	for (unsigned i = 0; i < NR_REGIONS; i++)
		if (!strcmp(name, region_names[i]))
			return (int)i;
	FAIL("unknown region name '%s' in " TARGETS, name);
}

static struct memshare_kaddr kaddr(int ctl, uint64_t addr, const char *name)
{
	struct memshare_kaddr k;
	char what[96];

	memset(&k, 0xa5, sizeof(k));
	k.size = sizeof(k);
	k.flags = 0;
	k.addr = addr;
	memset(k.__reserved, 0, sizeof(k.__reserved));
	snprintf(what, sizeof(what), "KADDR of %s 0x%llx", name, (unsigned long long)addr);
	CHECK_OK(mst_ioctl(ctl, MEMSHARE_IOC_KADDR, &k), what);
	CHECK_EQX(k.addr, addr, "addr is unchanged");
	return k;
}

#define F(k, f) (((k).kflags & (f)) != 0)

/* What every mapped answer must satisfy. */
static void check_mapped(const char *name, uint64_t addr, const struct memshare_kaddr *k)
{
	char what[128];

	snprintf(what, sizeof(what), "%s: kflags 0x%llx MAPPED", name,
		 (unsigned long long)k->kflags);
	CHECK(F(*k, MEMSHARE_KA_MAPPED), "%s", what);
	switch (k->level) {
	case MEMSHARE_LEVEL_PTE:
		CHECK_EQ(k->page_size, 4096, "page_size of a PTE leaf");
		break;
	case MEMSHARE_LEVEL_PMD:
		CHECK_EQ(k->page_size, 2UL << 20, "page_size of a PMD leaf");
		break;
	case MEMSHARE_LEVEL_PUD:
		CHECK_EQ(k->page_size, 1UL << 30, "page_size of a PUD leaf");
		break;
	default:
		FAIL("%s: level %u of a mapped address", name, k->level);
	}
	CHECK_EQ(F(*k, MEMSHARE_KA_HUGE), k->level != MEMSHARE_LEVEL_PTE,
		 "KA_HUGE iff the leaf is above the PTE level");
	CHECK(k->entry & 1, "%s: the leaf entry 0x%llx is present", name,
	      (unsigned long long)k->entry);
	CHECK_EQX(k->paddr, (k->pfn << 12) | (addr & 0xfff), "paddr = pfn << 12 | offset");
	/* the entry's address bits hold the leaf's pfn */
	uint64_t leaf_pfn = (k->entry & 0x000ffffffffff000ULL & ~(k->page_size - 1)) >> 12;
	CHECK_EQX(leaf_pfn + ((addr & (k->page_size - 1)) >> 12), k->pfn,
		  "pfn from the leaf entry + offset");
	CHECK_EQ(F(*k, MEMSHARE_KA_WRITE), (k->entry >> 1) & 1, "KA_WRITE = entry bit 1 (RW)");
	CHECK_EQ(F(*k, MEMSHARE_KA_NX), k->entry >> 63, "KA_NX = entry bit 63");
	CHECK_EQ(F(*k, MEMSHARE_KA_GLOBAL), (k->entry >> 8) & 1, "KA_GLOBAL = entry bit 8");
	snprintf(what, sizeof(what), "%s: KA_AGREE (method %u)", name, k->method);
	CHECK(F(*k, MEMSHARE_KA_AGREE), "%s", what);
	/* The fixmap slot maps the local APIC's registers: no struct page. */
	if (strcmp(name, "fixmap"))
		CHECK(F(*k, MEMSHARE_KA_PAGE), "%s: KA_PAGE", name);
	/*
	 * A page with a reference.  Not the stack: without VMAP_STACK it is
	 * a non-compound high-order allocation, whose pages after the first
	 * have refcount 0 (PS_FREE).
	 */
	if (strcmp(name, "fixmap") && strcmp(name, "stack"))
		CHECK(!(k->page.flags & MEMSHARE_PS_FREE), "%s: page not free (flags 0x%llx)",
		      name, (unsigned long long)k->page.flags);
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	if (mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL) < 0 && errno != EBUSY)
		SKIP("cannot mount debugfs: %s", strerror(errno));

	/* Read in this thread: the "stack" target is in its kernel stack. */
	static char buf[8192];
	int n = mst_read_file(TARGETS, buf, sizeof(buf));
	if (n == -ENOENT)
		SKIP(TARGETS " does not exist (no CONFIG_DEBUG_FS?)");
	CHECK_OK(n, "read " TARGETS);

	int ctl = mst_ctl();
	unsigned seen = 0;
	char *save = NULL;
	for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[64], rname[64];
		unsigned long long addr;

		CHECK(sscanf(line, "%63s %llx %63s", name, &addr, rname) == 3,
		      "line '%s' of " TARGETS " is NAME 0xADDR REGION", line);
		int want = region_of(rname);
		struct memshare_kaddr k = kaddr(ctl, addr, name);

		NOTE("%s 0x%llx: region %u method %u kflags 0x%llx level %u pfn 0x%llx "
		     "page flags 0x%llx ref %u order %u index %llu sym '%.64s'", name, addr,
		     k.region, k.method, (unsigned long long)k.kflags, k.level,
		     (unsigned long long)k.pfn, (unsigned long long)k.page.flags,
		     k.page.refcount, k.page.order, (unsigned long long)k.page.index,
		     k.symbol);
		char what[128];
		snprintf(what, sizeof(what), "%s: region", name);
		CHECK_EQ(k.region, want, what);
		CHECK(k.region_start <= addr && addr < k.region_end,
		      "%s: 0x%llx in its region [0x%llx, 0x%llx)", name, addr,
		      (unsigned long long)k.region_start, (unsigned long long)k.region_end);
		CHECK_EQ(F(k, MEMSHARE_KA_CURRENT_STACK), !strcmp(name, "stack"),
			 "KA_CURRENT_STACK only for the stack target");

		/* The fixmap and cpu entry area slots may be unused. */
		bool optional = !strcmp(name, "fixmap") || !strcmp(name, "cpu-entry-area");
		if (optional && !F(k, MEMSHARE_KA_MAPPED)) {
			CHECK_EQ(k.method, MEMSHARE_KM_NONE, "method of an unmapped address");
			seen++;
			continue;
		}
		check_mapped(name, addr, &k);

		/* The region's method. */
		uint32_t method = MEMSHARE_KM_PAGE_TABLE;
		if (want == MEMSHARE_KR_DIRECT_MAP)
			method = MEMSHARE_KM_VIRT_TO_PAGE;
		else if ((want == MEMSHARE_KR_VMALLOC || want == MEMSHARE_KR_MODULE) &&
			 !F(k, MEMSHARE_KA_HUGE))
			method = MEMSHARE_KM_VMALLOC_TO_PAGE;
		snprintf(what, sizeof(what), "%s: method", name);
		CHECK_EQ(k.method, method, what);

		/* Per kind. */
		uint64_t pf = k.page.flags;
		if (!strcmp(name, "kmalloc")) {
			CHECK(pf & MEMSHARE_PS_SLAB, "kmalloc: PS_SLAB (flags 0x%llx)",
			      (unsigned long long)pf);
			CHECK(F(k, MEMSHARE_KA_WRITE) && F(k, MEMSHARE_KA_NX), "kmalloc: RW, NX");
		} else if (!strcmp(name, "alloc-pages") || !strcmp(name, "kmap")) {
			CHECK(k.page.refcount >= 1, "%s: refcount %u >= 1", name, k.page.refcount);
			CHECK(!(pf & (MEMSHARE_PS_SLAB | MEMSHARE_PS_HEAD | MEMSHARE_PS_TAIL)),
			      "%s: an order-0 non-slab page (flags 0x%llx)", name,
			      (unsigned long long)pf);
			CHECK_EQ(k.page.order, 0, "order of an order-0 page");
			CHECK(F(k, MEMSHARE_KA_WRITE), "%s: writable", name);
		} else if (!strcmp(name, "compound-tail")) {
			CHECK(pf & MEMSHARE_PS_TAIL, "compound-tail: PS_TAIL (flags 0x%llx)",
			      (unsigned long long)pf);
			CHECK(!(pf & MEMSHARE_PS_HEAD), "compound-tail: no PS_HEAD");
			CHECK_EQ(k.page.order, 2, "compound-tail: order");
			CHECK_EQ(k.page.index, 1, "compound-tail: index in the compound page");
			CHECK(k.page.refcount >= 1, "compound-tail: refcount %u >= 1",
			      k.page.refcount);
		} else if (!strcmp(name, "vmalloc") || !strcmp(name, "stack")) {
			CHECK(F(k, MEMSHARE_KA_WRITE) && F(k, MEMSHARE_KA_NX), "%s: RW, NX", name);
			CHECK(!(pf & MEMSHARE_PS_SLAB) || !strcmp(name, "stack"),
			      "%s: not a slab page", name);
		} else if (!strcmp(name, "module-global")) {
			CHECK(F(k, MEMSHARE_KA_WRITE) && F(k, MEMSHARE_KA_NX),
			      "module-global: RW, NX (module data)");
			CHECK(strstr(k.symbol, "memshare"), "module-global: symbol '%.64s' "
			      "names the module", k.symbol);
		} else if (!strcmp(name, "kernel-text")) {
			CHECK(!F(k, MEMSHARE_KA_NX) && !F(k, MEMSHARE_KA_WRITE),
			      "kernel-text: executable, read-only");
			CHECK(!strcmp(k.symbol, "kfree+0x0"),
			      "kernel-text: symbol '%.64s' is kfree+0x0", k.symbol);
		} else if (!strcmp(name, "kernel-rodata")) {
			CHECK(F(k, MEMSHARE_KA_NX) && !F(k, MEMSHARE_KA_WRITE),
			      "kernel-rodata: NX, read-only");
			CHECK(!strcmp(k.symbol, "_ctype+0x0"),
			      "kernel-rodata: symbol '%.64s' is _ctype+0x0", k.symbol);
		} else if (!strcmp(name, "kernel-data")) {
			CHECK(F(k, MEMSHARE_KA_NX) && F(k, MEMSHARE_KA_WRITE),
			      "kernel-data: NX, writable");
			CHECK(strstr(k.symbol, "jiffies"), "kernel-data: symbol '%.64s' "
			      "names jiffies", k.symbol);
		}
		seen++;
	}
	CHECK(seen >= 13, "targets listed (got %u, want >= 13)", seen);
	close(ctl);
	PASS();
}
