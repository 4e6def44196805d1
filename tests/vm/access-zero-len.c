// SPDX-License-Identifier: MIT
/* ACCESS with length 0 succeeds: CRC32C gives 0 (the CRC of nothing), FILL
 * and WRITE store nothing. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	int fd = mst_create(ctl, 2 * MST_PAGE, 0, 0);
	struct memshare_access a = { .size = sizeof(a), .op = MEMSHARE_ACCESS_CRC32C,
				     .offset = 100, .length = 0, .crc32c = 0xdeadbeef };

	CHECK_EQX(ms_crc32c("", 0), 0, "ms_crc32c of nothing");
	CHECK_OK(mst_ioctl(fd, MEMSHARE_IOC_ACCESS, &a), "ACCESS CRC32C length 0");
	CHECK_EQX(a.crc32c, 0, "CRC32C of length 0 (output overwritten)");
	a.offset = 0;
	a.crc32c = 0x12345678;
	CHECK_OK(mst_ioctl(fd, MEMSHARE_IOC_ACCESS, &a), "ACCESS CRC32C offset 0 length 0");
	CHECK_EQX(a.crc32c, 0, "CRC32C of length 0 at offset 0");
	CHECK_OK(mst_access(fd, MEMSHARE_ACCESS_FILL, 5, 0, 0xff, NULL, NULL), "ACCESS FILL length 0");
	uint8_t x = 0x77;
	CHECK_OK(mst_access(fd, MEMSHARE_ACCESS_WRITE, 5, 0, 0, &x, NULL), "ACCESS WRITE length 0");
	uint8_t b[2 * MST_PAGE];
	CHECK_EQ(pread(fd, b, sizeof(b), 0), sizeof(b), "pread");
	CHECK(mst_find_not(b, sizeof(b), 0) < 0, "a length-0 FILL/WRITE stored bytes");
	close(fd);
	PASS();
}
