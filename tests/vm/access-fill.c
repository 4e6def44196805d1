// SPDX-License-Identifier: MIT
/* ACCESS FILL: the kernel stores the byte (fill bits 0-7) in exactly the
 * range, seen by mappings and read(); bytes around it are untouched. */
#include "mstest.h"

#define LEN (4 * MST_PAGE)

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();

	for (uint32_t backend = 0; backend <= 1; backend++)
	for (uint32_t policy = 0; policy <= 1; policy++) {
		int fd = mst_create(ctl, LEN, backend, policy);
		uint8_t *m = mst_map(fd, 0, LEN);
		static uint8_t want[LEN], got[LEN];
		struct { uint64_t off, len; uint32_t fill; } f[] = {
			{ 0, LEN, 0x11 }, { 100, 5000, 0xa5 }, { MST_PAGE - 1, 2, 0xff },
			{ LEN - 1, 1, 0x00 }, { 3 * MST_PAGE, MST_PAGE, 0x7e },
		};

		memset(m, 0xcc, LEN);
		memset(want, 0xcc, LEN);
		for (unsigned i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
			char what[96];

			snprintf(what, sizeof(what), "ACCESS FILL 0x%02x [%" PRIu64 ", +%" PRIu64 ")",
				 f[i].fill, f[i].off, f[i].len);
			CHECK_OK(mst_access(fd, MEMSHARE_ACCESS_FILL, f[i].off, f[i].len, f[i].fill,
					    NULL, NULL), what);
			memset(want + f[i].off, (int)f[i].fill, f[i].len);
			for (size_t j = 0; j < LEN; j++)
				if (m[j] != want[j])
					FAIL("backend %u policy %u: after %s, mapping byte %zu (got 0x%02x, want 0x%02x)",
					     backend, policy, what, j, m[j], want[j]);
		}
		CHECK_EQ(pread(fd, got, LEN, 0), LEN, "pread");
		CHECK(!memcmp(got, want, LEN), "read() after FILLs differs");
		CHECK_OK(ms_kfill(fd, 10, 20, 0x5a), "ms_kfill");
		CHECK(mst_find_not(m + 10, 20, 0x5a) < 0 && m[9] == want[9] && m[30] == want[30],
		      "ms_kfill(10, 20, 0x5a) result");
		mst_unmap(m, LEN);
		close(fd);
	}
	PASS();
}
