// SPDX-License-Identifier: MIT
/* ACCESS with offset + length overflowing 64 bits -> EINVAL (not a wrap to
 * a small in-range end). */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	int fd = mst_create(ctl, 4 * MST_PAGE, 0, 0);
	struct { uint64_t off, len; } bad[] = {
		{ UINT64_MAX, 1 }, { UINT64_MAX - 10, 100 }, { MST_PAGE, UINT64_MAX },
		{ 1, UINT64_MAX }, { UINT64_MAX, UINT64_MAX }, { 1ULL << 63, 1ULL << 63 },
		{ UINT64_MAX - MST_PAGE + 1, MST_PAGE + 16 },
	};
	const char *ops[] = { "CRC32C", "FILL", "WRITE" };
	static uint8_t src[64];

	for (uint32_t op = 0; op <= 2; op++)
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char what[128];

		snprintf(what, sizeof(what), "ACCESS %s offset 0x%" PRIx64 " length 0x%" PRIx64,
			 ops[op], bad[i].off, bad[i].len);
		CHECK_ERR(mst_access(fd, op, bad[i].off, bad[i].len, 0x11,
				     op == MEMSHARE_ACCESS_WRITE ? src : NULL, NULL), EINVAL, what);
	}
	uint8_t b[4 * MST_PAGE];
	CHECK_EQ(pread(fd, b, sizeof(b), 0), sizeof(b), "pread");
	CHECK(mst_find_not(b, sizeof(b), 0) < 0, "an overflowing ACCESS stored bytes");
	close(fd);
	PASS();
}
