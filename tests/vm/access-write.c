// SPDX-License-Identifier: MIT
/* ACCESS WRITE: the kernel copies length bytes from user_ptr into the
 * range (unaligned, across pages), seen by the mapping; bytes around are
 * untouched. */
#include "mstest.h"

#define LEN (4 * MST_PAGE)

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	static uint8_t src[LEN], want[LEN];

	for (uint32_t backend = 0; backend <= 1; backend++)
	for (uint32_t policy = 0; policy <= 1; policy++) {
		int fd = mst_create(ctl, LEN, backend, policy);
		uint8_t *m = mst_map(fd, 0, LEN);
		struct { uint64_t off, len; } w[] = {
			{ 0, LEN }, { 1, 1 }, { MST_PAGE - 5, 10 }, { 77, 2 * MST_PAGE + 33 },
			{ LEN - 3, 3 },
		};

		memset(want, 0, LEN);
		for (unsigned i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
			char what[96];

			mst_pattern(src, LEN, i + 10 * backend + 100 * policy);
			snprintf(what, sizeof(what), "ACCESS WRITE [%" PRIu64 ", +%" PRIu64 ")",
				 w[i].off, w[i].len);
			CHECK_OK(mst_access(fd, MEMSHARE_ACCESS_WRITE, w[i].off, w[i].len, 0, src, NULL),
				 what);
			memcpy(want + w[i].off, src, w[i].len);
			for (size_t j = 0; j < LEN; j++)
				if (m[j] != want[j])
					FAIL("backend %u policy %u: after %s, mapping byte %zu (got 0x%02x, want 0x%02x)",
					     backend, policy, what, j, m[j], want[j]);
		}
		/* the source may itself be a mapping of the buffer */
		CHECK_OK(mst_access(fd, MEMSHARE_ACCESS_WRITE, 2 * MST_PAGE, MST_PAGE, 0, m, NULL),
			 "ACCESS WRITE from a mapping of the same buffer");
		CHECK(!memcmp(m + 2 * MST_PAGE, want, MST_PAGE), "copy from the buffer's own mapping");
		memcpy(want + 2 * MST_PAGE, want, MST_PAGE);
		CHECK_OK(ms_kwrite(fd, 5, "library", 7), "ms_kwrite");
		CHECK(!memcmp(m + 5, "library", 7), "ms_kwrite result");
		mst_unmap(m, LEN);
		close(fd);
	}
	PASS();
}
