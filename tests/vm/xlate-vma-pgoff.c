// SPDX-License-Identifier: MIT
/* vma_pgoff is the file offset of vma_start in pages for a VMA with a file,
 * and 0 for anonymous memory (whose vm_pgoff is internal), as
 * /proc/PID/maps shows it. */
#include "xcheck.h"

int main(void)
{
	MST_INIT();
	int ctl = xc_ctl();
	char path[] = "/tmp/xlate-pgoff-XXXXXX";
	int fd = mkstemp(path);

	CHECK(fd >= 0, "mkstemp: %s", strerror(errno));
	unlink(path);
	CHECK_OK(ftruncate(fd, 8 * MST_PAGE) ? -errno : 0, "ftruncate");
	uint8_t *f = mmap(NULL, 2 * MST_PAGE, PROT_READ, MAP_SHARED, fd, 3 * MST_PAGE);
	CHECK(f != MAP_FAILED, "mmap of the file at offset 3 pages: %s", strerror(errno));
	uint8_t *m = mst_anon(4 * MST_PAGE, 1);

	xc_ent e = xc_one(ctl, 0, 0, (uintptr_t)f + MST_PAGE);
	CHECK(e.flags & MEMSHARE_XF_MAPPED, "file mapping: %s", xc_str(&e));
	CHECK_EQ(e.vma_start, (uintptr_t)f, "file vma_start");
	CHECK_EQ(e.vma_pgoff, 3, "file vma_pgoff (pages)");

	e = xc_one(ctl, 0, 0, (uintptr_t)m + 2 * MST_PAGE);
	CHECK_EQ(e.vma_kind, MEMSHARE_VMA_ANON, "anonymous vma_kind");
	CHECK_EQ(e.vma_pgoff, 0, "anonymous vma_pgoff");
	PASS();
}
