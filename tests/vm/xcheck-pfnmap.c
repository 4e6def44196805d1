// SPDX-License-Identifier: MIT
/* Cross-check of a VM_IO/VM_PFNMAP mapping: the [vvar] pages of the vDSO
 * (the only such mapping the guest has without devices), after
 * clock_gettime() faulted them in.  For every present page the module
 * says VMA kind PFNMAP with VMA_F_IO, a PFN (with a special PTE,
 * XF_SPECIAL, where the VMA is VM_PFNMAP; 7.x makes it VM_MIXEDMAP)
 * that the range form agrees with and, where the VMA is VM_PFNMAP,
 * neither page state nor data even with XLATE_PAGE|XLATE_READ (the
 * module does not look behind such entries: the PFN may be MMIO).  The
 * legitimate differences, asserted exactly: a pin of the page fails with
 * -EFAULT (GUP refuses VM_IO/VM_PFNMAP), and where the
 * VMA is VM_PFNMAP pagemap shows the page as neither present nor swapped,
 * with no PFN (the page walk skips VM_PFNMAP VMAs), where it is not
 * (VM_IO|VM_MIXEDMAP) pagemap shows the module's PFN. */
#include "xcheck.h"
#include <time.h>

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = xc_ctl();
	FILE *f = fopen("/proc/self/maps", "r");
	char line[256];
	unsigned long lo = 0, hi = 0;
	struct timespec ts;
	int present = 0;

	for (int i = 0; i < 4; i++)
		clock_gettime(i, &ts);
	CHECK(f != NULL, "fopen(/proc/self/maps)");
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "[vvar]") && sscanf(line, "%lx-%lx", &lo, &hi) == 2)
			break;
	fclose(f);
	if (!lo)
		SKIP("no [vvar] mapping in /proc/self/maps");

	for (unsigned long a = lo; a < hi; a += MST_PAGE) {
		xc_ent e = xc_one(ctl, 0, MEMSHARE_XLATE_PAGE, a);
		char w[64];

		snprintf(w, sizeof(w), "[vvar] page 0x%lx", a);
		XC_VALID(&e, true, true, w);
		CHECK(e.flags & MEMSHARE_XF_MAPPED, "%s: not MAPPED: %s", w, xc_str(&e));
		CHECK_EQ(e.vma_kind, MEMSHARE_VMA_PFNMAP, "[vvar] VMA kind");
		CHECK(e.vma_flags & MEMSHARE_VMA_F_IO, "%s: vma_flags 0x%x lack IO", w, e.vma_flags);
		CHECK_EQX(e.vma_start, lo, "[vvar] vma_start");
		CHECK_EQX(e.vma_end, hi, "[vvar] vma_end");
		NOTE("%s: %s", w, xc_str(&e));
		if (!(e.flags & MEMSHARE_XF_PRESENT))
			continue;
		present++;
		CHECK(e.pfn != 0, "%s: no PFN", w);
		bool pfnmap = e.vma_flags & MEMSHARE_VMA_F_PFNMAP;
		/* VM_PFNMAP: vmf_insert_pfn() makes special PTEs; a VM_MIXEDMAP
		 * vvar (newer kernels) maps pages with struct page */
		CHECK(!pfnmap || (e.flags & MEMSHARE_XF_SPECIAL), "%s: no XF_SPECIAL: %s", w,
		      xc_str(&e));
		CHECK(pfnmap || (e.vma_flags & MEMSHARE_VMA_F_MIXEDMAP),
		      "%s: VM_IO without VM_PFNMAP or VM_MIXEDMAP (0x%x)", w, e.vma_flags);
		xc_check(ctl, w, (void *)a, MST_PAGE, MEMSHARE_VMA_PFNMAP,
			 XC_NO_PIN | XC_RDONLY | XC_NO_READ | (pfnmap ? XC_NO_PAGEMAP : 0), NULL);

		/* the module does not look behind VM_PFNMAP entries (the PFN may
		 * be MMIO): no struct page state, no XLATE_READ */
		xc_ent d = xc_one(ctl, 0, MEMSHARE_XLATE_READ | MEMSHARE_XLATE_PAGE, a);
		CHECK_EQX(d.pfn, e.pfn, "PFN with XLATE_READ|XLATE_PAGE");
		CHECK(!pfnmap || !(d.flags & (MEMSHARE_XF_DATA | MEMSHARE_XF_PAGE)),
		      "%s: XF_DATA/XF_PAGE through a VM_PFNMAP/VM_IO mapping: %s", w, xc_str(&d));
	}
	CHECK(present > 0, "no [vvar] page present after clock_gettime()");
	PASS();
}
