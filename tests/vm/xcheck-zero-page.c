// SPDX-License-Identifier: MIT
/* Triple cross-check, the shared zero page: private anonymous memory
 * (MADV_NOHUGEPAGE) that was only read maps the zero page everywhere.
 * Module, pagemap and a read-only pin agree on the PFN, the same for every
 * page; the module says PRESENT, XF_ZERO_PAGE|XF_SPECIAL, not writable,
 * and PS_ZERO_PAGE as /proc/kpageflags; XLATE_READ reads zeroes. */
#include "xcheck.h"

#define NP 16

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = xc_ctl();
	uint8_t *m = mmap(NULL, NP * MST_PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	xc_ent e[NP];

	CHECK(m != MAP_FAILED, "mmap");
	CHECK(madvise(m, NP * MST_PAGE, MADV_NOHUGEPAGE) == 0, "madvise(MADV_NOHUGEPAGE)");
	mst_touch_read(m, NP * MST_PAGE);
	xc_check(ctl, "zero page", m, NP * MST_PAGE, MEMSHARE_VMA_ANON, XC_RDONLY, e);
	for (int i = 0; i < NP; i++) {
		char w[64];

		snprintf(w, sizeof(w), "zero page mapping, page %d", i);
		CHECK((e[i].flags & (MEMSHARE_XF_ZERO_PAGE | MEMSHARE_XF_SPECIAL)) ==
		      (MEMSHARE_XF_ZERO_PAGE | MEMSHARE_XF_SPECIAL), "%s: want ZERO_PAGE|SPECIAL: %s",
		      w, xc_str(&e[i]));
		CHECK_EQX(e[i].pfn, e[0].pfn, "every page maps the same zero page");
		CHECK_EQX(e[i].data, 0, "XLATE_READ of the zero page");
		CHECK(e[i].page.flags & MEMSHARE_PS_ZERO_PAGE, "%s: page.flags 0x%llx lack ZERO_PAGE", w,
		      (unsigned long long)e[i].page.flags);
		xc_check_kpageflags(&e[i], w);
	}
	PASS();
}
