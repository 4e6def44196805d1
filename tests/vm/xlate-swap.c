// SPDX-License-Identifier: MIT
/* Swapped-out pages: a 64 MiB zram device (the guest's zram module) is
 * made swap (mkswap, swapon(2)); 16 written private anonymous pages are
 * paged out with MADV_PAGEOUT until the module reports them swapped.  A
 * swapped page is MAPPED, not PRESENT, XF_SWAP with swap_type = the zram
 * swap's index in /proc/swaps and a non-zero swap_offset (distinct per
 * page), no PFN, at level PTE; pagemap says swapped, not present, with the
 * same type and offset.  Read again, the pages come back with their
 * contents, PRESENT.  swapoff and the zram reset at exit; skipped if zram
 * or swap cannot be set up. */
#include "xcheck.h"
#include <sys/swap.h>
#include <sys/syscall.h>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif
#define NP 16
#define LEN (NP * MST_PAGE)
#define DEV "/dev/zram0"

static bool loaded_zram, swapped_on;

static void cleanup(void)
{
	if (swapped_on && swapoff(DEV) < 0)
		printf("# swapoff %s: %s\n", DEV, strerror(errno));
	if (mst_exists("/sys/block/zram0/reset"))
		mst_write_file("/sys/block/zram0/reset", "1");
	if (loaded_zram && syscall(SYS_delete_module, "zram", O_NONBLOCK) < 0)
		printf("# rmmod zram: %s\n", strerror(errno));
}

/* Index of DEV in /proc/swaps (its swap type), or -1. */
static int swap_index(void)
{
	FILE *f = fopen("/proc/swaps", "r");
	char line[256];
	int idx = -1, n = 0;

	CHECK(f != NULL, "fopen(/proc/swaps)");
	CHECK(fgets(line, sizeof(line), f) != NULL, "/proc/swaps header");
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, DEV " ", strlen(DEV) + 1) || !strncmp(line, DEV "\t", strlen(DEV) + 1))
			idx = n;
		n++;
	}
	fclose(f);
	return idx;
}

static void setup_swap(void)
{
	char buf[64];

	if (mst_read_file("/proc/swaps", buf, sizeof(buf)) < 0)
		SKIP("no /proc/swaps (kernel without CONFIG_SWAP)");
	atexit(cleanup);
	if (!mst_exists("/sys/block/zram0")) {
		if (system("/lib/modules-extra/load zram num_devices=1 >/dev/null 2>&1") != 0)
			SKIP("zram could not be loaded (/lib/modules-extra/load zram)");
		loaded_zram = true;
		if (!mst_wait_path("/sys/block/zram0", true))
			SKIP("zram loaded but /sys/block/zram0 did not appear");
	}
	if (mst_write_file("/sys/block/zram0/disksize", "64M") < 0)
		SKIP("cannot set /sys/block/zram0/disksize (zram0 in use?)");
	if (!mst_wait_path(DEV, true))
		SKIP(DEV " did not appear");
	if (system("mkswap " DEV " >/dev/null 2>&1") != 0)
		SKIP("mkswap " DEV " failed");
	if (swapon(DEV, 0) < 0)
		SKIP("swapon(" DEV ") failed: %s", strerror(errno));
	swapped_on = true;
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = xc_ctl();

	setup_swap();
	int type = swap_index();
	CHECK(type >= 0, DEV " is not in /proc/swaps after swapon");

	uint8_t *m = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint8_t *want = malloc(LEN);
	uint64_t addrs[NP], pm[NP];
	xc_ent e[NP];
	int nswap = 0, tries;

	CHECK(m != MAP_FAILED && want, "mmap/malloc");
	CHECK(madvise(m, LEN, MADV_NOHUGEPAGE) == 0, "madvise");
	mst_pattern(m, LEN, 20);
	memcpy(want, m, LEN);
	for (int i = 0; i < NP; i++)
		addrs[i] = (uintptr_t)m + i * MST_PAGE;
	for (tries = 0; tries < 50; tries++) {
		if (madvise(m, LEN, MADV_PAGEOUT) < 0) {
			if (errno == EINVAL)
				SKIP("no MADV_PAGEOUT (kernel before 5.4)");
			FAIL("madvise(MADV_PAGEOUT) (got -%s)", mst_errname(errno));
		}
		xc_batch(ctl, 0, 0, addrs, NP, e);
		nswap = 0;
		for (int i = 0; i < NP; i++)
			nswap += !!(e[i].flags & MEMSHARE_XF_SWAP);
		if (nswap == NP)
			break;
		usleep(20000);
	}
	NOTE("%d of %d pages swapped out after %d MADV_PAGEOUT", nswap, NP, tries + 1);
	if (!nswap)
		FAIL("no page swapped out by MADV_PAGEOUT with %s as swap", DEV);
	xc_pagemap(0, (uintptr_t)m, NP, pm);
	xc_batch(ctl, 0, MEMSHARE_XLATE_PAGE, addrs, NP, e);
	for (int i = 0; i < NP; i++) {
		char w[64];

		snprintf(w, sizeof(w), "page %d", i);
		XC_VALID(&e[i], true, true, w);
		if (!(e[i].flags & MEMSHARE_XF_SWAP))
			continue;
		CHECK((e[i].flags & (MEMSHARE_XF_MAPPED | MEMSHARE_XF_PRESENT | MEMSHARE_XF_PHYS |
				     MEMSHARE_XF_MIGRATION)) == (MEMSHARE_XF_MAPPED | MEMSHARE_XF_PHYS),
		      "%s: swapped: want MAPPED|PHYS, not PRESENT: %s", w, xc_str(&e[i]));
		CHECK_EQ(e[i].level, MEMSHARE_LEVEL_PTE, "swap entry level");
		CHECK_EQ(e[i].swap_type, type, "swap_type == the zram swap's index in /proc/swaps");
		CHECK(e[i].swap_offset != 0, "%s: swap_offset 0 (the header page)", w);
		CHECK(e[i].entries[MEMSHARE_ENT_PTE] && !(e[i].entries[MEMSHARE_ENT_PTE] & XC_PTE_P),
		      "%s: raw PTE 0x%llx: want a non-zero entry without the present bit", w,
		      (unsigned long long)e[i].entries[MEMSHARE_ENT_PTE]);
		for (int j = 0; j < i; j++)
			if (e[j].flags & MEMSHARE_XF_SWAP)
				CHECK(e[j].swap_offset != e[i].swap_offset,
				      "pages %d and %d have the same swap_offset 0x%llx", j, i,
				      (unsigned long long)e[i].swap_offset);
		CHECK((pm[i] & (PM_PRESENT | PM_SWAP)) == PM_SWAP, "%s: pagemap 0x%llx, want swapped", w,
		      (unsigned long long)pm[i]);
		CHECK_EQ(PM_SWAP_TYPE(pm[i]), e[i].swap_type, "pagemap swap type == module's");
		CHECK_EQX(PM_SWAP_OFFSET(pm[i]), e[i].swap_offset, "pagemap swap offset == module's");
	}
	/* The CLI shows the swap entry as "swap TYPE:0xOFFSET". */
	for (int i = 0; i < NP; i++) {
		char cmd[128], out[1024], want_s[64];
		FILE *p;
		size_t n;

		if (!(e[i].flags & MEMSHARE_XF_SWAP))
			continue;
		snprintf(cmd, sizeof(cmd), "memshare xlate --pid %d 0x%llx", (int)getpid(),
			 (unsigned long long)addrs[i]);
		p = popen(cmd, "r");
		CHECK(p != NULL, "popen(%s)", cmd);
		n = fread(out, 1, sizeof(out) - 1, p);
		out[n] = 0;
		CHECK_EQ(pclose(p), 0, "memshare xlate exit status");
		snprintf(want_s, sizeof(want_s), "swap %u:0x%llx", e[i].swap_type,
			 (unsigned long long)e[i].swap_offset);
		CHECK(strstr(out, want_s) != NULL, "%s: output lacks '%s': %s", cmd, want_s, out);
		break;
	}
	CHECK(!memcmp(m, want, LEN), "contents differ after swap-in");
	xc_batch(ctl, 0, 0, addrs, NP, e);
	for (int i = 0; i < NP; i++)
		CHECK((e[i].flags & (MEMSHARE_XF_PRESENT | MEMSHARE_XF_SWAP)) == MEMSHARE_XF_PRESENT,
		      "page %d read back: %s", i, xc_str(&e[i]));
	mst_unmap(m, LEN);
	PASS();
}
