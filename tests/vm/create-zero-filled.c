// SPDX-License-Identifier: MIT
/* New buffers are zero-filled, even when the memory was just used by a
 * buffer full of 0xff (for every backend and policy). */
#include "mstest.h"

#define LEN (256 * 1024)

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	static uint8_t zeros[LEN];
	uint32_t zcrc = ms_crc32c(zeros, LEN);

	for (uint32_t backend = 0; backend <= 1; backend++)
	for (uint32_t policy = 0; policy <= 1; policy++)
	for (int round = 0; round < 2; round++) {
		int fd = mst_create(ctl, LEN, backend, policy);
		uint8_t *p = mst_map(fd, 0, LEN);
		long nz = mst_find_not(p, LEN, 0);

		if (nz >= 0)
			FAIL("backend %u policy %u round %d: byte %ld of a new buffer (got 0x%02x, want 0)",
			     backend, policy, round, nz, p[nz]);
		CHECK_EQX(mst_kcrc(fd, 0, LEN), zcrc, "kernel CRC of a new buffer (zeros)");
		uint8_t b[64];
		CHECK_EQ(pread(fd, b, sizeof(b), LEN - 64), 64, "pread of the last 64 bytes");
		CHECK(mst_find_not(b, 64, 0) < 0, "read() of a new buffer: non-zero bytes");
		/* dirty it, then free it for the next round to reuse */
		memset(p, 0xff, LEN);
		mst_unmap(p, LEN);
		close(fd);
	}
	PASS();
}
