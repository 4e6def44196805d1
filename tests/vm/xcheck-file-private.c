// SPDX-License-Identifier: MIT
/* Triple cross-check, a private file mapping (a file on a ramfs: page
 * cache, not shmem).  Read-faulted, every page maps the file's page cache
 * page: VMA kind FILE (not SHARED), PTE not writable, a page with PS_FILE
 * and not PS_ANON, pagemap's "file page" bit set; the module's path is
 * the file's.  After the process writes the first half, those pages are
 * private anonymous copies (new PFNs, PS_ANON, pagemap not "file page",
 * writable) in the same FILE VMA, and the second half keeps its page
 * cache PFNs.  Module, pagemap and a pin agree on every PFN each time. */
#include "xcheck.h"

#define NP 16
#define LEN (NP * MST_PAGE)

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = xc_ctl();
	char path[300], mpath[300];
	int fd = xc_ramfs_file(NP, 4, path, sizeof(path));
	uint8_t *m = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	xc_ent e[NP], c[NP];
	uint64_t pm[NP];

	CHECK(m != MAP_FAILED, "mmap(MAP_PRIVATE) of the file (got -%s)", mst_errname(errno));
	mst_touch_read(m, LEN);
	xc_check(ctl, "file private, read", m, LEN, MEMSHARE_VMA_FILE, XC_RDONLY, e);
	xc_pagemap(0, (uintptr_t)m, NP, pm);
	for (int i = 0; i < NP; i++) {
		char w[64];

		snprintf(w, sizeof(w), "file private page %d", i);
		CHECK_EQ(e[i].level, MEMSHARE_LEVEL_PTE, "file page level");
		CHECK(!(e[i].vma_flags & MEMSHARE_VMA_F_SHARED), "%s: VMA SHARED", w);
		CHECK_EQ(e[i].vma_pgoff, 0, "vma_pgoff of a mapping from offset 0");
		CHECK((e[i].page.flags & (MEMSHARE_PS_FILE | MEMSHARE_PS_ANON)) == MEMSHARE_PS_FILE,
		      "%s: page.flags 0x%llx, want FILE, not ANON", w, (unsigned long long)e[i].page.flags);
		xc_check_kpageflags(&e[i], w);
		CHECK(pm[i] & PM_FILE, "%s: pagemap 0x%llx lacks the file-page bit", w,
		      (unsigned long long)pm[i]);
	}
	xc_path(ctl, (uintptr_t)m, mpath, sizeof(mpath));
	CHECK(!strcmp(mpath, path), "XLATE_PATHS path \"%s\", want \"%s\"", mpath, path);

	/* COW of the first half */
	mst_pattern(m, LEN / 2, 5);
	xc_check(ctl, "file private, half written", m, LEN, MEMSHARE_VMA_FILE, 0, c);
	xc_pagemap(0, (uintptr_t)m, NP, pm);
	for (int i = 0; i < NP; i++) {
		char w[64];
		bool cow = i < NP / 2;

		snprintf(w, sizeof(w), "file private page %d after %s", i, cow ? "a write" : "no write");
		CHECK_EQ(c[i].vma_kind, MEMSHARE_VMA_FILE, "VMA kind after COW");
		if (cow) {
			CHECK(c[i].pfn != e[i].pfn, "%s: PFN 0x%llx unchanged by COW", w,
			      (unsigned long long)c[i].pfn);
			CHECK(c[i].flags & MEMSHARE_XF_WRITE, "%s: COW copy not writable: %s", w,
			      xc_str(&c[i]));
			CHECK((c[i].page.flags & (MEMSHARE_PS_FILE | MEMSHARE_PS_ANON)) == MEMSHARE_PS_ANON,
			      "%s: page.flags 0x%llx, want ANON, not FILE", w,
			      (unsigned long long)c[i].page.flags);
			CHECK(!(pm[i] & PM_FILE), "%s: pagemap 0x%llx says file page", w,
			      (unsigned long long)pm[i]);
		} else {
			CHECK_EQX(c[i].pfn, e[i].pfn, "unwritten page keeps its page cache PFN");
			CHECK(!(c[i].flags & MEMSHARE_XF_WRITE), "%s: writable: %s", w, xc_str(&c[i]));
			CHECK(pm[i] & PM_FILE, "%s: pagemap 0x%llx lacks the file-page bit", w,
			      (unsigned long long)pm[i]);
		}
		xc_check_kpageflags(&c[i], w);
	}
	mst_unmap(m, LEN);
	close(fd);
	PASS();
}
