// SPDX-License-Identifier: MIT
/* A mapping cannot grow with mremap (VM_DONTEXPAND): EFAULT, in place or
 * moving, even when the buffer has the pages. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();

	for (uint32_t backend = 0; backend <= 1; backend++)
	for (uint32_t policy = 0; policy <= 1; policy++) {
		int fd = mst_create(ctl, 8 * MST_PAGE, backend, policy);
		uint8_t *m = mst_map(fd, 0, 2 * MST_PAGE);
		void *r;

		m[0] = 1;
		r = mremap(m, 2 * MST_PAGE, 4 * MST_PAGE, 0);
		CHECK_ERR(r == MAP_FAILED ? -errno : 0, EFAULT, "mremap grow in place");
		r = mremap(m, 2 * MST_PAGE, 4 * MST_PAGE, MREMAP_MAYMOVE);
		CHECK_ERR(r == MAP_FAILED ? -errno : 0, EFAULT, "mremap grow MAYMOVE");
		r = mremap(m, 2 * MST_PAGE, 16 * MST_PAGE, MREMAP_MAYMOVE);
		CHECK_ERR(r == MAP_FAILED ? -errno : 0, EFAULT, "mremap grow past the buffer");
		CHECK_EQ(m[0], 1, "mapping intact after failed mremap");
		CHECK_EQ(mst_binfo(fd).nr_mappings, 1, "nr_mappings after failed mremap");
		mst_unmap(m, 2 * MST_PAGE);
		close(fd);
	}
	PASS();
}
