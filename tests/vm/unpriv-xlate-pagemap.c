// SPDX-License-Identifier: MIT
/* The library's pagemap backend without CAP_SYS_ADMIN (uid 1000): own
 * written pages are MAPPED and PRESENT (known), but pagemap hides PFNs, so
 * pfn and paddr are 0 and XF_PHYS is clear, as with the module backend;
 * both backends agree on present/not present for a written and a
 * never-touched page; MS_XLATE_READ with the pagemap backend is
 * -EOPNOTSUPP. */
#include "xcheck.h"

#define NP 8

int main(void)
{
	MST_INIT();
	mst_require_unpriv();
	uint8_t *m = mmap(NULL, 2 * NP * MST_PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t addrs[2 * NP];
	struct ms_xlate_entry out[2][2 * NP];
	static const int backends[] = { MS_BACKEND_PAGEMAP, MS_BACKEND_MODULE };

	CHECK(m != MAP_FAILED, "mmap");
	memset(m, 0x77, NP * MST_PAGE);	/* the first half only */
	for (int i = 0; i < 2 * NP; i++)
		addrs[i] = (uintptr_t)m + i * MST_PAGE + 17;
	for (int b = 0; b < 2; b++) {
		MS_OPTS(ms_xlate_opts, o, .backend = backends[b]);
		struct ms_xlate *x = NULL;

		CHECK_OK(ms_xlate_new(&o, &x), "ms_xlate_new as uid 1000");
		CHECK_EQ(ms_xlate_backend(x), backends[b], "ms_xlate_backend()");
		CHECK_OK(ms_xlate_addrs(x, addrs, 2 * NP, out[b]), "ms_xlate_addrs as uid 1000");
		ms_xlate_free(x);
	}
	for (int i = 0; i < 2 * NP; i++) {
		const struct ms_xlate_entry *p = &out[0][i], *k = &out[1][i];
		bool touched = i < NP;
		char w[64];

		snprintf(w, sizeof(w), "page %d (%s)", i, touched ? "written" : "untouched");
		CHECK(p->known & MS_KNOWN_PRESENT, "%s: pagemap backend: PRESENT not known", w);
		CHECK_EQ(!!(p->e.flags & MEMSHARE_XF_PRESENT), touched, "pagemap backend: PRESENT");
		CHECK_EQ(!!(k->e.flags & MEMSHARE_XF_PRESENT), touched, "module backend: PRESENT");
		CHECK(p->e.flags & MEMSHARE_XF_MAPPED, "%s: pagemap backend: not MAPPED", w);
		CHECK(!(p->e.flags & MEMSHARE_XF_PHYS) && !p->e.pfn && !p->e.paddr,
		      "%s: pagemap backend as uid 1000 shows a PFN: %s", w, xc_str(&p->e));
		CHECK(!(k->e.flags & MEMSHARE_XF_PHYS) && !k->e.pfn && !k->e.paddr,
		      "%s: module backend as uid 1000 shows a PFN: %s", w, xc_str(&k->e));
	}
	MS_OPTS(ms_xlate_opts, ro, .backend = MS_BACKEND_PAGEMAP, .flags = MS_XLATE_READ);
	struct ms_xlate *x = NULL;
	CHECK_ERR(ms_xlate_new(&ro, &x), EOPNOTSUPP, "ms_xlate_new(pagemap, MS_XLATE_READ)");
	PASS();
}
