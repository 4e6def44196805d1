// SPDX-License-Identifier: MIT
/* Triple cross-check, shared memory from memfd_create(): a MAP_SHARED
 * mapping of the memfd, written.  Module, pagemap and a pin agree on every
 * PFN; VMA kind SHMEM, shared, writable, swap-backed non-anonymous pages
 * (as /proc/kpageflags), pagemap's "file page" bit; a second mapping of
 * the memfd maps the same PFNs. */
#include "xcheck.h"

#define LEN (16 * MST_PAGE)

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = xc_ctl();
	int fd = memfd_create("xcheck", MFD_CLOEXEC);

	CHECK(fd >= 0, "memfd_create (got -%s)", mst_errname(errno));
	CHECK(ftruncate(fd, LEN) == 0, "ftruncate");
	uint8_t *m = mst_map(fd, 0, LEN);
	mst_pattern(m, LEN, 8);
	xc_check_shmem(ctl, "memfd", m, LEN);

	uint8_t *m2 = mst_map(fd, 0, LEN);
	mst_touch_read(m2, LEN);
	for (size_t i = 0; i < LEN / MST_PAGE; i++) {
		xc_ent a = xc_one(ctl, 0, 0, (uintptr_t)m + i * MST_PAGE);
		xc_ent b = xc_one(ctl, 0, 0, (uintptr_t)m2 + i * MST_PAGE);

		CHECK_EQX(b.pfn, a.pfn, "two mappings of a memfd: same PFN");
	}
	mst_unmap(m2, LEN);
	mst_unmap(m, LEN);
	close(fd);
	PASS();
}
