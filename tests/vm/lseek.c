// SPDX-License-Identifier: MIT
/* lseek SEEK_SET/CUR/END inside [0, length]; any result outside -> EINVAL
 * and the position is unchanged. */
#include "mstest.h"

#define LEN (3 * MST_PAGE)

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	int fd = mst_create(ctl, LEN - 100, 0, 0);	/* rounds to LEN */

	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 0, "initial position");
	CHECK_EQ(lseek(fd, 100, SEEK_SET), 100, "SEEK_SET 100");
	CHECK_EQ(lseek(fd, 50, SEEK_CUR), 150, "SEEK_CUR +50");
	CHECK_EQ(lseek(fd, -150, SEEK_CUR), 0, "SEEK_CUR -150");
	CHECK_EQ(lseek(fd, 0, SEEK_END), LEN, "SEEK_END 0 (length rounded up)");
	CHECK_EQ(lseek(fd, -1, SEEK_END), LEN - 1, "SEEK_END -1");
	CHECK_EQ(lseek(fd, -(off_t)LEN, SEEK_END), 0, "SEEK_END -length");
	CHECK_EQ(lseek(fd, LEN, SEEK_SET), LEN, "SEEK_SET length");

	CHECK_EQ(lseek(fd, 1000, SEEK_SET), 1000, "SEEK_SET 1000");
	struct { off_t off; int whence; const char *what; } bad[] = {
		{ LEN + 1, SEEK_SET, "SEEK_SET length+1" },
		{ 1LL << 40, SEEK_SET, "SEEK_SET 2^40" },
		{ -1, SEEK_SET, "SEEK_SET -1" },
		{ 1, SEEK_END, "SEEK_END +1" },
		{ -(off_t)LEN - 1, SEEK_END, "SEEK_END -length-1" },
		{ LEN, SEEK_CUR, "SEEK_CUR +length from 1000" },
		{ -1001, SEEK_CUR, "SEEK_CUR -1001 from 1000" },
		{ INT64_MAX, SEEK_CUR, "SEEK_CUR INT64_MAX" },
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_ERR(SYSRES(lseek(fd, bad[i].off, bad[i].whence)), EINVAL, bad[i].what);
		CHECK_EQ(lseek(fd, 0, SEEK_CUR), 1000, "position after a rejected lseek");
	}

	/* the position is what read/write use */
	CHECK_EQ(lseek(fd, LEN - 2, SEEK_SET), LEN - 2, "SEEK_SET length-2");
	CHECK_EQ(write(fd, "zz", 2), 2, "write at length-2");
	uint8_t *m = mst_map(fd, 0, LEN);
	CHECK(m[LEN - 2] == 'z' && m[LEN - 1] == 'z', "write went to the lseek position");
	mst_unmap(m, LEN);
	close(fd);
	PASS();
}
