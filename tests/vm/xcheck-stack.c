// SPDX-License-Identifier: MIT
/* Triple cross-check, the main thread's stack: 16 pages of a local array,
 * written.  Module, pagemap and a pin agree on every PFN; VMA kind STACK
 * with VMA_F_GROWSDOWN, anonymous pages, the VMA being the [stack] line of
 * /proc/self/maps. */
#include "xcheck.h"

#define NP 16

static void stack_range(unsigned long *lo, unsigned long *hi)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[256];

	CHECK(f != NULL, "fopen(/proc/self/maps)");
	*lo = *hi = 0;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "[stack]") && sscanf(line, "%lx-%lx", lo, hi) == 2)
			break;
	fclose(f);
	CHECK(*lo, "no [stack] in /proc/self/maps");
}

static __attribute__((noinline)) void run(int ctl)
{
	volatile uint8_t buf[(NP + 1) * MST_PAGE];
	uint8_t *m = (uint8_t *)(((uintptr_t)buf + MST_PAGE - 1) & ~(MST_PAGE - 1));
	unsigned long lo, hi;
	xc_ent e[NP];

	mst_pattern(m, NP * MST_PAGE, 14);
	xc_check(ctl, "stack", m, NP * MST_PAGE, MEMSHARE_VMA_STACK, 0, e);
	stack_range(&lo, &hi);
	for (int i = 0; i < NP; i++) {
		CHECK(e[i].vma_flags & MEMSHARE_VMA_F_GROWSDOWN, "stack page %d: no GROWSDOWN (0x%x)", i,
		      e[i].vma_flags);
		CHECK(e[i].page.flags & MEMSHARE_PS_ANON, "stack page %d: not PS_ANON", i);
		CHECK_EQX(e[i].vma_end, hi, "stack vma_end == [stack]'s end in maps");
		CHECK(e[i].vma_start <= lo, "stack page %d: vma_start 0x%llx above [stack]'s 0x%lx", i,
		      (unsigned long long)e[i].vma_start, lo);
	}
	buf[0] = 1;
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	run(xc_ctl());
	PASS();
}
