// SPDX-License-Identifier: MIT
/* mprotect(PROT_NONE) on written private anonymous pages: the kernel keeps
 * the PTEs with their PFNs.  The module says PRESENT (pte_present()) and
 * PROTNONE, not WRITE, not USER, not GLOBAL (on x86 the PROT_NONE bit is
 * the global bit), the same PFN as before; the raw PTE has the hardware
 * present bit clear and _PAGE_PROTNONE set, and its address bits are the
 * PFN or, with x86's L1TF inversion of non-present entries, its
 * complement.  pagemap says present with the same PFN.  A pin fails with
 * -EFAULT; mprotect back to read/write gives the same PFNs, writable. */
#include "xcheck.h"

#define NP 8
#define LEN (NP * MST_PAGE)

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = xc_ctl();
	uint8_t *m = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t addrs[NP], pm[NP];
	xc_ent b[NP], e[NP];
	int inverted = 0;

	CHECK(m != MAP_FAILED, "mmap");
	CHECK(madvise(m, LEN, MADV_NOHUGEPAGE) == 0, "madvise");
	mst_pattern(m, LEN, 19);
	for (int i = 0; i < NP; i++)
		addrs[i] = (uintptr_t)m + i * MST_PAGE;
	xc_batch(ctl, 0, 0, addrs, NP, b);
	CHECK(mprotect(m, LEN, PROT_NONE) == 0, "mprotect(PROT_NONE)");
	xc_batch(ctl, 0, MEMSHARE_XLATE_PAGE, addrs, NP, e);
	xc_pagemap(0, (uintptr_t)m, NP, pm);
	for (int i = 0; i < NP; i++) {
		char w[64];
		uint64_t pte = e[i].entries[MEMSHARE_ENT_PTE];

		snprintf(w, sizeof(w), "PROT_NONE page %d", i);
		XC_VALID(&e[i], true, true, w);
		CHECK((e[i].flags & (MEMSHARE_XF_MAPPED | MEMSHARE_XF_PRESENT | MEMSHARE_XF_PROTNONE |
				     MEMSHARE_XF_WRITE | MEMSHARE_XF_USER | MEMSHARE_XF_GLOBAL |
				     MEMSHARE_XF_SWAP)) ==
		      (MEMSHARE_XF_MAPPED | MEMSHARE_XF_PRESENT | MEMSHARE_XF_PROTNONE),
		      "%s: want MAPPED|PRESENT|PROTNONE, not WRITE/USER/GLOBAL/SWAP: %s", w,
		      xc_str(&e[i]));
		CHECK_EQ(e[i].level, MEMSHARE_LEVEL_PTE, "PROT_NONE page level");
		CHECK_EQX(e[i].pfn, b[i].pfn, "PFN unchanged by mprotect(PROT_NONE)");
		CHECK(!(pte & XC_PTE_P) && (pte & XC_PTE_PROTNONE) && !(pte & (XC_PTE_RW | XC_PTE_US)),
		      "%s: raw PTE 0x%llx: want P, RW, US clear, PROTNONE set", w,
		      (unsigned long long)pte);
		uint64_t bits = (pte & XC_ADDR_BITS) >> 12;
		uint64_t inv = (~pte & XC_ADDR_BITS) >> 12;
		CHECK(bits == e[i].pfn || inv == e[i].pfn,
		      "%s: raw PTE 0x%llx address bits are neither pfn 0x%llx nor its complement", w,
		      (unsigned long long)pte, (unsigned long long)e[i].pfn);
		inverted += inv == e[i].pfn;
		CHECK((pm[i] & (PM_PRESENT | PM_SWAP)) == PM_PRESENT, "%s: pagemap 0x%llx not present",
		      w, (unsigned long long)pm[i]);
		CHECK_EQX(pm[i] & PM_PFN_MASK, e[i].pfn, "pagemap PFN of a PROT_NONE page == module's");
	}
	NOTE("raw PROT_NONE PTEs with inverted address bits (L1TF): %d of %d", inverted, NP);
	CHECK_ERR(mst_pin_raw(ctl, m, LEN, 0, NULL), EFAULT, "PIN of PROT_NONE memory");
	CHECK(mprotect(m, LEN, PROT_READ | PROT_WRITE) == 0, "mprotect back");
	m[0] ^= 1;
	xc_batch(ctl, 0, 0, addrs, NP, e);
	for (int i = 0; i < NP; i++) {
		CHECK_EQX(e[i].pfn, b[i].pfn, "PFN after mprotect back");
		CHECK((e[i].flags & (MEMSHARE_XF_PRESENT | MEMSHARE_XF_PROTNONE | MEMSHARE_XF_USER)) ==
		      (MEMSHARE_XF_PRESENT | MEMSHARE_XF_USER), "page %d after mprotect back: %s", i,
		      xc_str(&e[i]));
	}
	PASS();
}
