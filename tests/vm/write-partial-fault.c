// SPDX-License-Identifier: MIT
/*
 * Found by msfuzz ("write() changed bytes past its return value").
 *
 * write()/pwrite() on a buffer fd from a user buffer that becomes
 * unreadable part-way must not change the bytes it does not report as
 * written.  ms_buf_write() copies with copy_from_user(), which zero-fills
 * the part of the destination it could not copy: the bytes after the short
 * count (up to the 1 MiB chunk), or all of them when it returns -EFAULT,
 * are zeroed in the shared buffer, for every mapper to see.
 */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	int fd = mst_create(ctl, 2 * MST_PAGE, 0, 0);
	uint8_t *src, pat[2 * MST_PAGE], got[2 * MST_PAGE];
	int bad = 0;
	long r;

	/* The buffer holds 0xaa everywhere. */
	memset(pat, 0xaa, sizeof(pat));
	CHECK_EQ(pwrite(fd, pat, sizeof(pat), 0), sizeof(pat), "pwrite 0xaa");

	/* A source whose second page is not mapped. */
	src = mmap(NULL, 2 * MST_PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(src != MAP_FAILED, "mmap");
	CHECK(munmap(src + MST_PAGE, MST_PAGE) == 0, "munmap");
	memset(src, 0x55, MST_PAGE);

	/* 1. Short write: 100 readable bytes, then the hole. */
	r = SYSRES(pwrite(fd, src + MST_PAGE - 100, 300, 0));
	NOTE("pwrite of 300 bytes, 100 readable: %s", mst_res(r));
	CHECK_EQ(pread(fd, got, sizeof(got), 0), sizeof(got), "pread");
	for (size_t i = r > 0 ? (size_t)r : 0; i < 300; i++)
		if (got[i] != 0xaa) {
			printf("BUG: byte %zu after a write of 300 bytes at 0 that "
			       "returned %s is %#x, want 0xaa (unchanged)\n", i,
			       mst_res(r), got[i]);
			bad = 1;
			break;
		}

	/* 2. Failed write: nothing readable. */
	CHECK_EQ(pwrite(fd, pat, sizeof(pat), 0), sizeof(pat), "pwrite 0xaa");
	r = SYSRES(pwrite(fd, src + MST_PAGE, 300, 1000));
	NOTE("pwrite from an unmapped page: %s", mst_res(r));
	CHECK_EQ(pread(fd, got, sizeof(got), 0), sizeof(got), "pread");
	for (size_t i = 1000; i < 1300; i++)
		if (got[i] != 0xaa) {
			printf("BUG: byte %zu after a write of 300 bytes at 1000 that "
			       "returned %s is %#x, want 0xaa (unchanged)\n", i,
			       mst_res(r), got[i]);
			bad = 1;
			break;
		}
	if (bad)
		FAIL("write() changes bytes past its return value");
	PASS();
}
