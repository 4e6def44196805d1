// SPDX-License-Identifier: MIT
/* KADDR on an address in every 8 GiB of the kernel half (at a pseudo-random
 * page in it) and in every 2 MiB of the top 2 GiB (kernel image, modules,
 * fixmap): each answer is consistent (region bounds hold the address, a
 * mapped one has a leaf level, page size and pfn that agree, an unmapped
 * one no page), and nothing makes a kernel report (the runner checks the
 * log). */
#include "mstest.h"

static uint64_t rnd_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static unsigned long counts[12], mapped;

static void check(int ctl, uint64_t addr)
{
	struct memshare_kaddr k;

	memset(&k, 0, sizeof(k));
	k.size = sizeof(k);
	k.addr = addr;
	if (mst_ioctl(ctl, MEMSHARE_IOC_KADDR, &k) < 0)
		FAIL("KADDR of 0x%llx (got -%s, want success)", (unsigned long long)addr,
		     mst_errname(errno));
	CHECK(k.region <= MEMSHARE_KR_KERNEL_IMAGE, "region %u of 0x%llx", k.region,
	      (unsigned long long)addr);
	counts[k.region]++;
	if (k.region != MEMSHARE_KR_UNKNOWN)
		CHECK(k.region_start <= addr && addr < k.region_end,
		      "0x%llx in its region %u [0x%llx, 0x%llx)", (unsigned long long)addr,
		      k.region, (unsigned long long)k.region_start,
		      (unsigned long long)k.region_end);
	CHECK(k.region != MEMSHARE_KR_USER, "kernel address 0x%llx classified USER",
	      (unsigned long long)addr);
	if (!(k.kflags & MEMSHARE_KA_MAPPED)) {
		CHECK(!(k.kflags & (MEMSHARE_KA_AGREE | MEMSHARE_KA_HUGE | MEMSHARE_KA_WRITE)),
		      "unmapped 0x%llx: kflags 0x%llx", (unsigned long long)addr,
		      (unsigned long long)k.kflags);
		CHECK_EQ(k.page_size, 0, "page_size of an unmapped address");
		return;
	}
	mapped++;
	uint64_t want = k.level == MEMSHARE_LEVEL_PTE ? 4096 :
			k.level == MEMSHARE_LEVEL_PMD ? 2UL << 20 :
			k.level == MEMSHARE_LEVEL_PUD ? 1UL << 30 : 0;
	CHECK(want && k.page_size == want, "0x%llx: level %u page_size %llu",
	      (unsigned long long)addr, k.level, (unsigned long long)k.page_size);
	CHECK_EQX(k.paddr, (k.pfn << 12) | (addr & 0xfff), "paddr = pfn << 12 | offset");
	CHECK(k.method != MEMSHARE_KM_NONE, "0x%llx: mapped but method NONE",
	      (unsigned long long)addr);
	CHECK(k.kflags & MEMSHARE_KA_AGREE, "0x%llx: region %u method %u: walk and method "
	      "disagree (kflags 0x%llx)", (unsigned long long)addr, k.region, k.method,
	      (unsigned long long)k.kflags);
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	struct memshare_kaddr k = { .size = sizeof(k) };

	/* 2^14 samples of the kernel half, with 4 or 5 levels */
	CHECK_OK(mst_ioctl(ctl, MEMSHARE_IOC_KADDR, &k), "KADDR of 0");
	unsigned shift = k.region_end > (1ULL << 47) ? 56 : 47;
	uint64_t base = ~0ULL << shift;
	uint64_t step = shift == 47 ? 1ULL << 33 : 1ULL << 42;

	for (uint64_t a = base; a >= base; a += step)
		check(ctl, a + ((rnd() % step) & ~0xfffULL));
	for (uint64_t a = -(2ULL << 30); a >= -(2ULL << 30); a += 2UL << 20)
		check(ctl, a + ((rnd() % (2UL << 20)) & ~0xfffULL));

	NOTE("%lu mapped; per region: unknown %lu direct-map %lu vmalloc %lu module %lu "
	     "text %lu rodata %lu data %lu fixmap %lu vmemmap %lu cea %lu image %lu",
	     mapped, counts[0], counts[2], counts[3], counts[4], counts[5], counts[6],
	     counts[7], counts[8], counts[9], counts[10], counts[11]);
	CHECK(counts[MEMSHARE_KR_DIRECT_MAP] && counts[MEMSHARE_KR_VMALLOC] &&
	      counts[MEMSHARE_KR_MODULE] && counts[MEMSHARE_KR_KERNEL_TEXT] &&
	      counts[MEMSHARE_KR_VMEMMAP], "the sweep met every main region");
	close(ctl);
	PASS();
}
