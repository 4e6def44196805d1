// SPDX-License-Identifier: MIT
/* Triple cross-check, memshare buffers (vmalloc lazy and contig eager),
 * mapped with ms_map() and written: module, pagemap and a pin agree on
 * every PFN, and those are the buffer's own PFNs (MEMSHARE_IOC_BUF_INFO);
 * VMA kind MEMSHARE, shared, VM_MIXEDMAP|VM_DONTEXPAND, not VM_PFNMAP;
 * a contig buffer is one physical run (one extent in the range form). */
#include "xcheck.h"

#define NP 32
#define LEN (NP * MST_PAGE)

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = xc_ctl();

	for (uint32_t backend = 0; backend <= 1; backend++) {
		uint32_t policy = backend ? MEMSHARE_MAP_EAGER : MEMSHARE_MAP_LAZY;
		int fd = mst_create(ctl, LEN, backend, policy);
		void *v;
		uint64_t pfns[NP];
		xc_ent e[NP];
		char what[64];

		CHECK_OK(ms_map(fd, 0, LEN, PROT_READ | PROT_WRITE, &v), "ms_map");
		uint8_t *m = v;
		mst_pattern(m, LEN, 12 + backend);
		snprintf(what, sizeof(what), "memshare buffer, backend %u", backend);
		xc_check(ctl, what, m, LEN, MEMSHARE_VMA_MEMSHARE, 0, e);
		mst_pfns(fd, 0, pfns, NP);
		for (int i = 0; i < NP; i++) {
			CHECK_EQX(e[i].pfn, pfns[i], "module PFN == BUF_INFO PFN");
			CHECK((e[i].vma_flags & (MEMSHARE_VMA_F_SHARED | MEMSHARE_VMA_F_MIXEDMAP |
						 MEMSHARE_VMA_F_DONTEXPAND | MEMSHARE_VMA_F_PFNMAP)) ==
			      (MEMSHARE_VMA_F_SHARED | MEMSHARE_VMA_F_MIXEDMAP | MEMSHARE_VMA_F_DONTEXPAND),
			      "%s page %d: vma_flags 0x%x, want SHARED|MIXEDMAP|DONTEXPAND, not PFNMAP",
			      what, i, e[i].vma_flags);
			CHECK(!(e[i].page.flags & MEMSHARE_PS_ANON), "%s page %d: PS_ANON", what, i);
			CHECK_EQ(e[i].level, MEMSHARE_LEVEL_PTE, "memshare buffer page level");
		}
		if (backend == MEMSHARE_BACKEND_CONTIG) {
			size_t n;
			xc_ent *x = xc_range(ctl, 0, 0, (uintptr_t)m, (uintptr_t)m + LEN, 8, &n, true);

			CHECK_EQ(n, 1, "extents of a contig buffer's mapping (range form)");
			CHECK_EQX(x[0].pfn, pfns[0], "the extent's PFN");
			CHECK_EQ(x[0].length, LEN, "the extent's length");
			free(x);
		}
		CHECK_OK(ms_unmap(m, LEN), "ms_unmap");
		close(fd);
	}
	PASS();
}
