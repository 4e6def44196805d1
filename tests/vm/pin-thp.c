// SPDX-License-Identifier: MIT
/* Pinning transparent huge pages: a 2 MiB-aligned anonymous region with
 * MADV_HUGEPAGE, backed by THPs (AnonHugePages in smaps, else skipped);
 * a write pin of one whole THP is one extent of 2 MiB at a 2 MiB-aligned
 * physical address (pagemap); a pin at an odd offset across two THPs has
 * the extents pagemap shows; the kernel's writes through the pin are seen
 * by the process across the THP boundary, and its CRC matches the
 * process's stores. */
#include "mstest.h"

#define HP (2UL << 20)

/* AnonHugePages (kB) of the mapping that contains @addr. */
static long anon_huge_kb(const void *addr)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512];
	bool in = false;
	long kb = -1;

	CHECK(f != NULL, "fopen(/proc/self/smaps)");
	while (fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;

		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2) {
			in = (uintptr_t)addr >= lo && (uintptr_t)addr < hi;
			continue;
		}
		if (in && sscanf(line, "AnonHugePages: %ld kB", &kb) == 1)
			break;
	}
	fclose(f);
	return kb;
}

int main(void)
{
	MST_INIT();
	mst_require_root();	/* pagemap PFNs */
	int ctl = mst_ctl();
	char mode[128] = "";

	mst_read_file("/sys/kernel/mm/transparent_hugepage/enabled", mode, sizeof(mode));
	if (!mode[0] || strstr(mode, "[never]"))
		SKIP("THP unavailable or disabled (transparent_hugepage/enabled: \"%s\")", mode);
	uint8_t *raw = mmap(NULL, 4 * HP, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(raw != MAP_FAILED, "mmap 8 MiB");
	uint8_t *m = (uint8_t *)(((uintptr_t)raw + HP - 1) & ~(HP - 1));
	CHECK(madvise(m, 2 * HP, MADV_HUGEPAGE) == 0, "madvise(MADV_HUGEPAGE) (got -%s)",
	      mst_errname(errno));
	mst_pattern(m, 2 * HP, 21);
	long kb = anon_huge_kb(m);
	if (kb < 4096)
		SKIP("no THPs for the region (AnonHugePages %ld kB; memory fragmented?)", kb);

	/* one whole THP: one extent */
	int pin = mst_pin(ctl, m, HP, MEMSHARE_PIN_WRITE | MEMSHARE_PIN_LONGTERM);
	struct memshare_extent e[2];
	struct memshare_pin_info info;
	CHECK_EQ(mst_pin_extents(pin, e, 2, &info), 1, "extents of one pinned THP");
	CHECK_EQ(info.nr_pages, 512, "nr_pages of one THP");
	CHECK_EQ(e[0].offset, 0, "extent offset");
	CHECK_EQ(e[0].length, HP, "extent length: the whole THP");
	CHECK_EQX(e[0].phys_addr, mst_pagemap_pfn(m) * MST_PAGE, "extent phys_addr (pagemap)");
	CHECK_EQX(e[0].phys_addr & (HP - 1), 0, "THP phys_addr 2 MiB aligned");
	close(pin);

	/* across the two THPs, odd offset */
	uint8_t *p = m + HP - 3 * MST_PAGE - 7;
	uint64_t plen = 6 * MST_PAGE + 100;
	pin = mst_pin(ctl, p, plen, MEMSHARE_PIN_WRITE);
	uint64_t n = mst_check_extents_pagemap(pin, p, plen, "pin across two THPs");
	CHECK(n == 1 || n == 2, "extents across two THPs (got %llu, want 1 or 2)",
	      (unsigned long long)n);
	CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_FILL, 3 * MST_PAGE, 2 * MST_PAGE, 0xc3, NULL, 0,
				0, NULL), "FILL across the THP boundary");
	CHECK(mst_find_not(m + HP - 7, 2 * MST_PAGE, 0xc3) < 0,
	      "the process does not see the kernel's FILL across the THP boundary");
	mst_pattern(p, plen, 22);
	CHECK_EQX(mst_pin_kcrc(pin, 0, plen), ms_crc32c(p, plen), "kernel CRC of the process's stores");
	close(pin);

	kb = anon_huge_kb(m);
	NOTE("AnonHugePages after the pins: %ld kB", kb);
	munmap(raw, 4 * HP);
	PASS();
}
