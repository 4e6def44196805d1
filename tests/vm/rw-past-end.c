// SPDX-License-Identifier: MIT
/* At and after the end: read returns 0, write fails with ENOSPC; a write
 * straddling the end is short (only the bytes that fit); a read straddling
 * the end returns what is left. */
#include "mstest.h"

#define LEN (2 * MST_PAGE)

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	char b[256];

	for (uint32_t backend = 0; backend <= 1; backend++) {
		int fd = mst_create(ctl, LEN, backend, MEMSHARE_MAP_LAZY);

		memset(b, 'x', sizeof(b));
		CHECK_EQ(pread(fd, b, sizeof(b), LEN), 0, "pread at the end");
		CHECK_EQ(pread(fd, b, sizeof(b), LEN + 1), 0, "pread after the end");
		CHECK_EQ(pread(fd, b, sizeof(b), 1LL << 40), 0, "pread far after the end");
		CHECK_ERR(SYSRES(pwrite(fd, b, 1, LEN)), ENOSPC, "pwrite at the end");
		CHECK_ERR(SYSRES(pwrite(fd, b, sizeof(b), LEN + 100)), ENOSPC, "pwrite after the end");
		CHECK_ERR(SYSRES(pwrite(fd, b, sizeof(b), 1LL << 40)), ENOSPC, "pwrite far after the end");

		/* with the file position at the end */
		CHECK_EQ(lseek(fd, 0, SEEK_END), LEN, "lseek SEEK_END");
		CHECK_EQ(read(fd, b, 10), 0, "read at the end");
		CHECK_ERR(SYSRES(write(fd, b, 10)), ENOSPC, "write at the end");
		CHECK_EQ(lseek(fd, 0, SEEK_CUR), LEN, "position after failed write");

		/* straddling: 100 bytes at LEN - 30 */
		memset(b, 'S', sizeof(b));
		CHECK_EQ(pwrite(fd, b, 100, LEN - 30), 30, "pwrite straddling the end (short)");
		CHECK_EQ(lseek(fd, LEN - 30, SEEK_SET), LEN - 30, "lseek");
		CHECK_EQ(write(fd, b, 100), 30, "write straddling the end (short)");
		CHECK_EQ(lseek(fd, 0, SEEK_CUR), LEN, "position after a short write");
		memset(b, 0, sizeof(b));
		CHECK_EQ(pread(fd, b, 100, LEN - 30), 30, "pread straddling the end (short)");
		CHECK(mst_find_not(b, 30, 'S') < 0, "bytes written at the end");
		CHECK(mst_find_not(b + 30, 70, 0) < 0, "pread wrote past what it returned");
		uint8_t c;
		CHECK_EQ(pread(fd, &c, 1, LEN - 31), 1, "pread");
		CHECK_EQ(c, 0, "byte before the straddling write");
		close(fd);
	}
	PASS();
}
