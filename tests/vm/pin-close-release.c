// SPDX-License-Identifier: MIT
/* Closing a pin fd unpins: VERSION's nr_pins and pinned_pages go up by one
 * pin and its pages and back exactly; /proc/vmstat nr_foll_pin_acquired
 * grows by the pages pinned and nr_foll_pin_released catches up on close;
 * a dup()ed fd keeps the pin until the last close. */
#include "mstest.h"

#define LEN (40 * MST_PAGE)

int main(void)
{
	MST_INIT();
	mst_require_root();	/* /proc/sys/vm/stat_refresh */
	int ctl = mst_ctl();
	uint8_t *m = mst_anon(LEN, 1);
	uint64_t a0, r0, a1, r1, nr;

	mst_check_foll_pins_balanced("before the test");
	struct memshare_version v0 = mst_version(ctl);
	CHECK_EQX(v0.features & MEMSHARE_FEAT_PIN, MEMSHARE_FEAT_PIN, "features: PIN");
	mst_foll_pins(&a0, &r0);
	int pin = (int)CHECK_OK(mst_pin_raw(ctl, m + 1, LEN - 1, MEMSHARE_PIN_WRITE, &nr), "PIN");
	CHECK_EQ(nr, 40, "nr_pages");
	mst_foll_pins(&a1, &r1);
	CHECK_EQ(a1 - a0, 40, "nr_foll_pin_acquired growth for a pin of 40 pages");
	CHECK_EQ(r1 - r0, 0, "nr_foll_pin_released growth while pinned");
	struct memshare_version v1 = mst_version(ctl);
	CHECK_EQ(v1.nr_pins, v0.nr_pins + 1, "nr_pins with one pin");
	CHECK_EQ(v1.pinned_pages, v0.pinned_pages + 40, "pinned_pages with one pin");

	int dup_fd = dup(pin);
	CHECK(dup_fd >= 0, "dup");
	close(pin);
	struct memshare_version v2 = mst_version(ctl);
	CHECK_EQ(v2.nr_pins, v1.nr_pins, "nr_pins after closing one of two fds");
	CHECK_OK(mst_pin_access(dup_fd, MEMSHARE_ACCESS_FILL, 0, 10, 9, NULL, 0, 0, NULL),
		 "FILL through the dup()ed fd");
	CHECK_EQX(m[1], 9, "FILL through the dup()ed fd reached the memory");
	close(dup_fd);
	mst_check_pins_back(ctl, &v0, "nr_pins/pinned_pages after the last close");
	mst_foll_pins(&a1, &r1);
	CHECK_EQ(r1 - r0, 40, "nr_foll_pin_released growth after the last close");
	mst_check_foll_pins_balanced("after the last close");
	munmap(m, LEN);
	PASS();
}
