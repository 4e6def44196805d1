// SPDX-License-Identifier: MIT
/* PIN_ACCESS WRITE from a bad user_ptr (NULL, unmapped, a kernel address,
 * a source whose second half is unmapped) is -EFAULT; the pin stays usable
 * and is released normally. */
#include "mstest.h"

#define LEN (4 * MST_PAGE)

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	uint8_t *m = mst_anon(LEN, 0x18);
	uint8_t *src = mst_anon(2 * MST_PAGE, 0x66);
	int pin = mst_pin(ctl, m, LEN, MEMSHARE_PIN_WRITE);

	CHECK_ERR(mst_pin_access(pin, MEMSHARE_ACCESS_WRITE, 0, 10, 0, NULL, 0, 0, NULL), EFAULT,
		  "WRITE from NULL");
	CHECK_ERR(mst_pin_access(pin, MEMSHARE_ACCESS_WRITE, 0, 10, 0, (void *)0xffffffff81000000UL,
				 0, 0, NULL), EFAULT, "WRITE from a kernel address");
	CHECK(munmap(src + MST_PAGE, MST_PAGE) == 0, "munmap");
	CHECK_ERR(mst_pin_access(pin, MEMSHARE_ACCESS_WRITE, 7, 2 * MST_PAGE, 0, src, 0, 0, NULL),
		  EFAULT, "WRITE from a source whose second page is unmapped");
	CHECK_ERR(mst_pin_access(pin, MEMSHARE_ACCESS_WRITE, 0, 1, 0, src + MST_PAGE, 0, 0, NULL),
		  EFAULT, "WRITE from an unmapped page");
	/* still usable */
	CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_WRITE, 1, 100, 0, src, 0, 0, NULL),
		 "WRITE from a good source");
	CHECK(mst_find_not(m + 1, 100, 0x66) < 0, "WRITE after the EFAULTs");
	CHECK_EQX(mst_pin_kcrc(pin, 0, LEN), ms_crc32c(m, LEN), "kernel CRC");
	close(pin);
	munmap(m, LEN);
	munmap(src, MST_PAGE);
	PASS();
}
