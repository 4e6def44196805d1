// SPDX-License-Identifier: MIT
/* Pinning shared memory of a memfd (shmem): a MAP_SHARED mapping pinned
 * long-term for writing (shmem needs no writeback, so the kernel allows
 * it on every version): the kernel's writes through the pin are seen by
 * read() of the memfd and by a second mapping of it; pwrite()s to the
 * memfd are seen by the kernel's CRC; a MAP_PRIVATE mapping pinned for
 * writing gets its own copy: the memfd is unchanged. */
#include "mstest.h"

#define LEN (10 * MST_PAGE)

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	int mfd = memfd_create("mst-pin", MFD_CLOEXEC);
	uint8_t *pat = malloc(LEN), *back = malloc(LEN);

	CHECK(mfd >= 0, "memfd_create (got -%s)", mst_errname(errno));
	CHECK(pat && back, "malloc");
	CHECK_EQ(ftruncate(mfd, LEN), 0, "ftruncate");
	mst_pattern(pat, LEN, 61);
	CHECK_EQ(pwrite(mfd, pat, LEN, 0), LEN, "pwrite");
	uint8_t *m = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
	uint8_t *m2 = mmap(NULL, LEN, PROT_READ, MAP_SHARED, mfd, 0);
	CHECK(m != MAP_FAILED && m2 != MAP_FAILED, "mmap of the memfd");

	uint8_t *p = m + MST_PAGE + 11;
	uint64_t plen = 7 * MST_PAGE;
	int pin = mst_pin(ctl, p, plen, MEMSHARE_PIN_WRITE | MEMSHARE_PIN_LONGTERM);
	CHECK_EQX(mst_pin_kcrc(pin, 0, plen), ms_crc32c(pat + MST_PAGE + 11, plen),
		  "kernel CRC of the pinned memfd pages");
	CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_FILL, MST_PAGE, 3 * MST_PAGE + 1, 0xd1, NULL, 0, 0,
				NULL), "FILL through the pin");
	memset(pat + 2 * MST_PAGE + 11, 0xd1, 3 * MST_PAGE + 1);
	CHECK_EQ(pread(mfd, back, LEN, 0), LEN, "pread of the memfd");
	CHECK(!memcmp(back, pat, LEN), "read() of the memfd does not show the kernel's FILL");
	CHECK(!memcmp(m2, pat, LEN), "another mapping of the memfd does not show the kernel's FILL");
	/* the file's side to the pin */
	CHECK_EQ(pwrite(mfd, "0123456789", 10, 4 * MST_PAGE - 5), 10, "pwrite across a page boundary");
	memcpy(pat + 4 * MST_PAGE - 5, "0123456789", 10);
	CHECK_EQX(mst_pin_kcrc(pin, 0, plen), ms_crc32c(pat + MST_PAGE + 11, plen),
		  "kernel CRC after pwrite() to the memfd");
	close(pin);

	/* MAP_PRIVATE: a write pin breaks COW; the file keeps its bytes */
	uint8_t *pm = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE, mfd, 0);
	CHECK(pm != MAP_FAILED, "mmap(MAP_PRIVATE) of the memfd");
	pin = mst_pin(ctl, pm, LEN, MEMSHARE_PIN_WRITE | MEMSHARE_PIN_LONGTERM);
	CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_FILL, 0, LEN, 0x00, NULL, 0, 0, NULL),
		 "FILL through a pin of a MAP_PRIVATE mapping");
	CHECK(mst_find_not(pm, LEN, 0) < 0, "the private mapping does not show the kernel's FILL");
	CHECK_EQ(pread(mfd, back, LEN, 0), LEN, "pread of the memfd");
	CHECK(!memcmp(back, pat, LEN), "the kernel's FILL through a private mapping reached the memfd");
	close(pin);
	munmap(pm, LEN);
	munmap(m, LEN);
	munmap(m2, LEN);
	close(mfd);
	free(pat);
	free(back);
	PASS();
}
