// SPDX-License-Identifier: MIT
/* mmap with offset + length past the end of the buffer -> EINVAL. */
#include "mstest.h"

#define NP 4

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();

	for (uint32_t backend = 0; backend <= 1; backend++)
	for (uint32_t policy = 0; policy <= 1; policy++) {
		int fd = mst_create(ctl, NP * MST_PAGE, backend, policy);
		struct { off_t off; size_t len; } bad[] = {
			{ 0, (NP + 1) * MST_PAGE }, { MST_PAGE, NP * MST_PAGE },
			{ NP * MST_PAGE, MST_PAGE }, { (NP - 1) * MST_PAGE, 2 * MST_PAGE },
			{ 100 * MST_PAGE, MST_PAGE }, { (off_t)1 << 44, MST_PAGE },
			{ 0, 1UL << 30 },
		};

		for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			char what[128];
			void *p = mmap(NULL, bad[i].len, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
				       bad[i].off);

			snprintf(what, sizeof(what),
				 "backend %u policy %u: mmap off %lld len %zu of a %lu-byte buffer",
				 backend, policy, (long long)bad[i].off, bad[i].len, NP * MST_PAGE);
			CHECK_ERR(p == MAP_FAILED ? -errno : 0, EINVAL, what);
		}
		CHECK_EQ(mst_binfo(fd).nr_mappings, 0, "nr_mappings after failed mmaps");
		/* the exact size works */
		void *p = mst_map(fd, 0, NP * MST_PAGE);
		mst_unmap(p, NP * MST_PAGE);
		close(fd);
	}
	PASS();
}
