// SPDX-License-Identifier: MIT
/* ACCESS with a range past the end of the buffer -> EINVAL (every op). */
#include "mstest.h"

#define LEN (2 * MST_PAGE)

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	int fd = mst_create(ctl, LEN, 0, 0);
	static uint8_t src[2 * LEN];
	struct { uint64_t off, len; } bad[] = {
		{ 0, LEN + 1 }, { 1, LEN }, { LEN - 1, 2 }, { LEN, 1 }, { LEN + 1, 1 },
		{ 1ULL << 40, 1 }, { 0, 2 * LEN },
	};
	const char *ops[] = { "CRC32C", "FILL", "WRITE" };

	for (uint32_t op = 0; op <= 2; op++)
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char what[96];

		snprintf(what, sizeof(what), "ACCESS %s [%" PRIu64 ", +%" PRIu64 ") of %lu bytes",
			 ops[op], bad[i].off, bad[i].len, LEN);
		CHECK_ERR(mst_access(fd, op, bad[i].off, bad[i].len, 0x11,
				     op == MEMSHARE_ACCESS_WRITE ? src : NULL, NULL), EINVAL, what);
	}
	uint8_t b[LEN];
	CHECK_EQ(pread(fd, b, LEN, 0), LEN, "pread");
	CHECK(mst_find_not(b, LEN, 0) < 0, "rejected ACCESS FILL/WRITE stored bytes");
	/* the last byte exactly works */
	CHECK_OK(mst_access(fd, MEMSHARE_ACCESS_FILL, LEN - 1, 1, 0x11, NULL, NULL),
		 "ACCESS FILL of the last byte");
	close(fd);
	PASS();
}
