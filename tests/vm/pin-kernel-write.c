// SPDX-License-Identifier: MIT
/* Seed 000: the driver writes a string into the user's buffer.  A write pin
 * of anonymous memory at an odd address; PIN_ACCESS WRITE stores a string
 * across a page boundary through the pinned pages (kmap_local_page), and
 * the process sees exactly it, with every other byte unchanged; the pin's
 * CRC agrees.  Also at offset 0 of the pinned range. */
#include "mstest.h"

#define LEN (3 * MST_PAGE)

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	static const char msg[] = "hello from the kernel (seed 000), through a pinned page";
	uint8_t *m = mst_anon(LEN, 0x11);
	uint8_t *want = malloc(LEN);
	uint8_t *p = m + 100;			/* pinned range: [100, LEN - 7) */
	uint64_t plen = LEN - 107, nr = 0;
	/* the string straddles the first page boundary */
	uint64_t off = MST_PAGE - 100 - 20;

	CHECK(want != NULL, "malloc");
	memset(want, 0x11, LEN);
	int pin = (int)CHECK_OK(mst_pin_raw(ctl, p, plen, MEMSHARE_PIN_WRITE, &nr), "PIN write");
	CHECK_EQ(nr, 3, "PIN nr_pages for [100, 3 pages - 7)");

	CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_WRITE, off, sizeof(msg), 0, msg, 0, 0, NULL),
		 "PIN_ACCESS WRITE of the string across a page boundary");
	memcpy(want + 100 + off, msg, sizeof(msg));
	CHECK(!memcmp(m + 100 + off, msg, sizeof(msg)),
	      "the process does not see the kernel's string (got \"%.20s...\")",
	      (char *)(m + 100 + off));
	for (size_t i = 0; i < LEN; i++)
		if (m[i] != want[i])
			FAIL("byte %zu after the kernel's write (got 0x%02x, want 0x%02x)",
			     i, m[i], want[i]);
	CHECK_EQX(mst_pin_kcrc(pin, 0, plen), ms_crc32c(p, plen), "pin CRC after the kernel's write");

	/* at offset 0: the pinned address, 100 bytes into its page */
	CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_WRITE, 0, 5, 0, "seed0", 0, 0, NULL),
		 "PIN_ACCESS WRITE at offset 0");
	CHECK(!memcmp(m + 100, "seed0", 5), "the write at offset 0 landed elsewhere");
	CHECK_EQX(m[99], 0x11, "byte before the pinned range");
	/* the last byte of the pinned range */
	CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_WRITE, plen - 1, 1, 0, "!", 0, 0, NULL),
		 "PIN_ACCESS WRITE of the last byte");
	CHECK_EQX(m[LEN - 8], '!', "last pinned byte");
	CHECK_EQX(m[LEN - 7], 0x11, "byte after the pinned range");
	close(pin);
	munmap(m, LEN);
	free(want);
	PASS();
}
