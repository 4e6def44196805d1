// SPDX-License-Identifier: MIT
/* PIN of a range with an unmapped part is -EFAULT and all or nothing: a
 * hole in the middle, at the end, at the start, a NULL address, a kernel
 * address, a non-canonical one; with every flag combination; nothing
 * stays pinned (module counters, and as root /proc/vmstat
 * nr_foll_pin_acquired == nr_foll_pin_released, although the pages before
 * the hole were pinned on the way). */
#include "mstest.h"

#define NP 2048	/* more than one pin_user_pages_fast() batch */

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	size_t len = NP * MST_PAGE;
	uint8_t *m = mst_anon(len, 1);
	bool root = geteuid() == 0;

	if (root)
		mst_check_foll_pins_balanced("before the test");
	struct memshare_version v0 = mst_version(ctl);
	/* a hole: page 1500 */
	CHECK(munmap(m + 1500 * MST_PAGE, MST_PAGE) == 0, "munmap of one page");
	for (uint32_t f = 0; f <= MEMSHARE_PIN_FLAGS; f++) {
		char what[128];

		snprintf(what, sizeof(what), "PIN of %d pages with page 1500 unmapped, flags 0x%x", NP, f);
		CHECK_ERR(mst_pin_raw(ctl, m, len, f, NULL), EFAULT, what);
		snprintf(what, sizeof(what), "PIN ending in the hole, flags 0x%x", f);
		CHECK_ERR(mst_pin_raw(ctl, m + 7, 1500 * MST_PAGE, f, NULL), EFAULT, what);
		snprintf(what, sizeof(what), "PIN starting in the hole, flags 0x%x", f);
		CHECK_ERR(mst_pin_raw(ctl, m + 1500 * MST_PAGE + 100, 2 * MST_PAGE, f, NULL), EFAULT,
			  what);
		snprintf(what, sizeof(what), "PIN at NULL, flags 0x%x", f);
		CHECK_ERR(mst_pin_raw(ctl, NULL, MST_PAGE, f, NULL), EFAULT, what);
		snprintf(what, sizeof(what), "PIN of a kernel address, flags 0x%x", f);
		CHECK_ERR(mst_pin_raw(ctl, (void *)0xffffffff81000000UL, MST_PAGE, f, NULL), EFAULT,
			  what);
		snprintf(what, sizeof(what), "PIN of a non-canonical address, flags 0x%x", f);
		CHECK_ERR(mst_pin_raw(ctl, (void *)0x0000800000000000UL, MST_PAGE, f, NULL), EFAULT,
			  what);
	}
	mst_check_pins_back(ctl, &v0, "nr_pins/pinned_pages after the EFAULTs");
	if (root)
		mst_check_foll_pins_balanced("after the EFAULTs");
	/* both sides of the hole still pin */
	close(mst_pin(ctl, m, 1500 * MST_PAGE, MEMSHARE_PIN_WRITE));
	close(mst_pin(ctl, m + 1501 * MST_PAGE, (NP - 1501) * MST_PAGE, MEMSHARE_PIN_WRITE));
	PASS();
}
