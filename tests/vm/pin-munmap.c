// SPDX-License-Identifier: MIT
/* A pin holds the pages, not the mapping: after munmap() (and a new
 * mapping at the same address) the kernel still reads and writes the old
 * pages through the pin; closing the pin fd then releases them (module
 * counters and /proc/vmstat nr_foll_pin_acquired == released). */
#include "mstest.h"

#define LEN (16 * MST_PAGE)

int main(void)
{
	MST_INIT();
	mst_require_root();	/* /proc/sys/vm/stat_refresh */
	int ctl = mst_ctl();
	struct memshare_version v0 = mst_version(ctl);
	uint8_t *old = malloc(LEN);
	uint8_t *m = mst_anon(LEN, 0);

	CHECK(old != NULL, "malloc");
	mst_check_foll_pins_balanced("before the test");
	mst_pattern(m, LEN, 5);
	memcpy(old, m, LEN);
	int pin = mst_pin(ctl, m + 10, LEN - 10, MEMSHARE_PIN_WRITE | MEMSHARE_PIN_LONGTERM);
	struct memshare_version v1 = mst_version(ctl);
	CHECK_EQ(v1.nr_pins, v0.nr_pins + 1, "nr_pins with the pin");
	CHECK_EQ(v1.pinned_pages, v0.pinned_pages + 16, "pinned_pages with the pin");

	mst_unmap(m, LEN);
	CHECK_EQX(mst_pin_kcrc(pin, 0, LEN - 10), ms_crc32c(old + 10, LEN - 10),
		  "kernel CRC of the pinned pages after munmap");

	/* a new mapping at the same address has other pages */
	uint8_t *n = mmap(m, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
			  -1, 0);
	CHECK(n == m, "mmap(MAP_FIXED) at the old address (got %p, want %p)", (void *)n, (void *)m);
	memset(n, 0x77, LEN);
	CHECK_EQX(mst_pin_kcrc(pin, 0, LEN - 10), ms_crc32c(old + 10, LEN - 10),
		  "kernel CRC after a new mapping at the same address (still the old pages)");
	CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_FILL, 0, LEN - 10, 0x42, NULL, 0, 0, NULL),
		 "FILL of the unmapped pinned pages");
	CHECK(mst_find_not(n, LEN, 0x77) < 0, "the kernel's FILL of the old pages reached the new mapping");
	memset(old + 10, 0x42, LEN - 10);
	CHECK_EQX(mst_pin_kcrc(pin, 0, LEN - 10), ms_crc32c(old + 10, LEN - 10),
		  "kernel CRC of the old pages after FILL");
	mst_check_pins_back(ctl, &v1, "counters while only the pin holds the pages");

	close(pin);
	mst_check_pins_back(ctl, &v0, "nr_pins/pinned_pages after close");
	mst_check_foll_pins_balanced("after close");
	munmap(n, LEN);
	free(old);
	PASS();
}
