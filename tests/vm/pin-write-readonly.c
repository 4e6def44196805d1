// SPDX-License-Identifier: MIT
/* A write pin (MEMSHARE_PIN_WRITE, FOLL_WRITE) of a PROT_READ mapping, or of
 * a range with one read-only page, is -EFAULT, short- and long-term, and
 * pins nothing; a read-only pin of the same range works and reads it. */
#include "mstest.h"

#define LEN (4 * MST_PAGE)

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	uint8_t *m = mst_anon(LEN, 0x3d);
	struct memshare_version v0 = mst_version(ctl);

	CHECK(mprotect(m + 2 * MST_PAGE, MST_PAGE, PROT_READ) == 0, "mprotect one page PROT_READ");
	CHECK_ERR(mst_pin_raw(ctl, m, LEN, MEMSHARE_PIN_WRITE, NULL), EFAULT,
		  "write PIN over a PROT_READ page");
	CHECK_ERR(mst_pin_raw(ctl, m, LEN, MEMSHARE_PIN_WRITE | MEMSHARE_PIN_LONGTERM, NULL), EFAULT,
		  "long-term write PIN over a PROT_READ page");
	CHECK(mprotect(m, LEN, PROT_READ) == 0, "mprotect all PROT_READ");
	CHECK_ERR(mst_pin_raw(ctl, m + 1, 10, MEMSHARE_PIN_WRITE, NULL), EFAULT,
		  "write PIN of a PROT_READ mapping");
	/* PROT_NONE: no pin at all */
	CHECK(mprotect(m + 3 * MST_PAGE, MST_PAGE, PROT_NONE) == 0, "mprotect PROT_NONE");
	CHECK_ERR(mst_pin_raw(ctl, m + 3 * MST_PAGE, MST_PAGE, 0, NULL), EFAULT,
		  "read PIN of a PROT_NONE page");
	mst_check_pins_back(ctl, &v0, "nr_pins/pinned_pages after the EFAULTs");

	int pin = mst_pin(ctl, m, 3 * MST_PAGE, 0);
	CHECK_EQX(mst_pin_kcrc(pin, 0, 3 * MST_PAGE), ms_crc32c(m, 3 * MST_PAGE),
		  "kernel CRC through a read-only pin of a PROT_READ mapping");
	close(pin);
	pin = mst_pin(ctl, m, 3 * MST_PAGE, MEMSHARE_PIN_LONGTERM);
	close(pin);
	munmap(m, LEN);
	PASS();
}
