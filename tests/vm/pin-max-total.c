// SPDX-License-Identifier: MIT
/* All pins together are bounded by the max_pin_total parameter: with it at
 * 64K, one 64K pin fits and a second pin of one more page is -ENOMEM while
 * the first is held, and fits again once it is closed.  The pinned-page
 * counter is exact afterwards. */
#include "mstest.h"

#define PARAM "/sys/module/memshare/parameters/max_pin_total"

static char saved[64];

static void restore(void)
{
	if (saved[0] && mst_write_file(PARAM, saved) < 0)
		printf("# could not restore max_pin_total=%s\n", saved);
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	struct memshare_version v0 = mst_version(ctl);
	uint8_t *m = mst_anon(32 * MST_PAGE, 0x29);
	int a;

	CHECK(mst_read_file(PARAM, saved, sizeof(saved)) > 0, "read " PARAM);
	CHECK_EQ(strtoull(saved, NULL, 0), 4ULL << 30, "default max_pin_total (4G)");
	atexit(restore);
	CHECK_OK(mst_write_file(PARAM, "64K"), "max_pin_total=64K");

	a = mst_pin(ctl, m, 65536, 0);
	CHECK_ERR(mst_pin_raw(ctl, m + 65536, MST_PAGE, 0, NULL), ENOMEM,
		  "second PIN over max_pin_total=64K");
	CHECK_ERR(mst_pin_raw(ctl, m, 65536, MEMSHARE_PIN_LONGTERM, NULL), ENOMEM,
		  "long-term PIN over max_pin_total=64K");
	CHECK_EQ(mst_version(ctl).pinned_pages, v0.pinned_pages + 16,
		 "pinned_pages after the refused pins");
	close(a);
	close(mst_pin(ctl, m + 65536, MST_PAGE, 0));
	mst_check_pins_back(ctl, &v0, "nr_pins after the test");
	munmap(m, 32 * MST_PAGE);
	PASS();
}
