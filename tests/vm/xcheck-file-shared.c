// SPDX-License-Identifier: MIT
/* Triple cross-check, a shared file mapping (a file on a ramfs: page
 * cache, not shmem), written through the mapping.  Module, pagemap and a
 * pin agree on every PFN; the module says VMA kind FILE with VMA_F_SHARED,
 * writable dirty PTEs, page cache pages (PS_FILE, not PS_ANON) that keep
 * the PFNs they had when only read, the file's path; a second shared
 * mapping of the file, at an offset, maps the very same PFNs
 * (vma_pgoff = the offset), which read() sees written. */
#include "xcheck.h"

#define NP 16
#define LEN (NP * MST_PAGE)

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = xc_ctl();
	char path[300], mpath[300];
	int fd = xc_ramfs_file(NP, 6, path, sizeof(path));
	uint8_t *m = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	xc_ent r[NP], e[NP], s[NP / 2];
	uint64_t pm[NP];

	CHECK(m != MAP_FAILED, "mmap(MAP_SHARED) of the file (got -%s)", mst_errname(errno));
	mst_touch_read(m, LEN);
	xc_check(ctl, "file shared, read", m, LEN, MEMSHARE_VMA_FILE, 0, r);
	mst_pattern(m, LEN, 7);
	xc_check(ctl, "file shared, written", m, LEN, MEMSHARE_VMA_FILE, 0, e);
	xc_pagemap(0, (uintptr_t)m, NP, pm);
	for (int i = 0; i < NP; i++) {
		char w[64];

		snprintf(w, sizeof(w), "file shared page %d", i);
		CHECK_EQX(e[i].pfn, r[i].pfn, "page cache PFN unchanged by writing a shared mapping");
		CHECK((e[i].flags & (MEMSHARE_XF_WRITE | MEMSHARE_XF_DIRTY)) ==
		      (MEMSHARE_XF_WRITE | MEMSHARE_XF_DIRTY), "%s: want WRITE|DIRTY: %s", w,
		      xc_str(&e[i]));
		CHECK(e[i].vma_flags & MEMSHARE_VMA_F_SHARED, "%s: VMA not SHARED (0x%x)", w,
		      e[i].vma_flags);
		CHECK((e[i].page.flags & (MEMSHARE_PS_FILE | MEMSHARE_PS_ANON)) == MEMSHARE_PS_FILE,
		      "%s: page.flags 0x%llx, want FILE, not ANON", w, (unsigned long long)e[i].page.flags);
		xc_check_kpageflags(&e[i], w);
		CHECK(pm[i] & PM_FILE, "%s: pagemap 0x%llx lacks the file-page bit", w,
		      (unsigned long long)pm[i]);
	}
	xc_path(ctl, (uintptr_t)m + 3 * MST_PAGE, mpath, sizeof(mpath));
	CHECK(!strcmp(mpath, path), "XLATE_PATHS path \"%s\", want \"%s\"", mpath, path);

	/* a second mapping of the second half */
	uint8_t *m2 = mmap(NULL, LEN / 2, PROT_READ, MAP_SHARED, fd, LEN / 2);
	CHECK(m2 != MAP_FAILED, "second mmap (got -%s)", mst_errname(errno));
	mst_touch_read(m2, LEN / 2);
	xc_check(ctl, "file shared, second mapping", m2, LEN / 2, MEMSHARE_VMA_FILE, XC_RDONLY, s);
	for (int i = 0; i < NP / 2; i++) {
		CHECK_EQX(s[i].pfn, e[NP / 2 + i].pfn, "second mapping: same page cache PFN");
		CHECK_EQ(s[i].vma_pgoff, NP / 2, "second mapping: vma_pgoff");
		CHECK(s[i].page.mapcount >= 2, "second mapping page %d: mapcount %d, want >= 2", i,
		      s[i].page.mapcount);
	}
	uint8_t b[64];
	CHECK_EQ(pread(fd, b, sizeof(b), 5 * MST_PAGE), sizeof(b), "pread");
	CHECK(!memcmp(b, m + 5 * MST_PAGE, sizeof(b)), "read() does not see the mapping's stores");
	mst_unmap(m2, LEN / 2);
	mst_unmap(m, LEN);
	close(fd);
	PASS();
}
