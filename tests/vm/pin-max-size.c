// SPDX-License-Identifier: MIT
/* A pin longer than the max_pin_size parameter (VERSION max_pin_bytes) is
 * -ENOMEM, checked before anything is pinned (the range need not be
 * mapped).  With the parameter lowered to 64K: 64K pins (at any offset),
 * 64K + 1 does not; the parameter takes K/M/G suffixes. */
#include "mstest.h"

#define PARAM "/sys/module/memshare/parameters/max_pin_size"

static char saved[64];

static void restore(void)
{
	if (saved[0] && mst_write_file(PARAM, saved) < 0)
		printf("# could not restore max_pin_size=%s\n", saved);
}

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	struct memshare_version v0 = mst_version(ctl);
	char buf[64];
	uint8_t *m = mst_anon(32 * MST_PAGE, 0x17);

	CHECK(mst_param("max_pin_size", buf, sizeof(buf)) > 0, "read parameter max_pin_size");
	CHECK_EQ(v0.max_pin_bytes, strtoull(buf, NULL, 0), "VERSION max_pin_bytes (= max_pin_size)");
	CHECK_ERR(mst_pin_raw(ctl, m, v0.max_pin_bytes + 1, 0, NULL), ENOMEM,
		  "PIN of max_pin_bytes + 1");
	CHECK_ERR(mst_pin_raw(ctl, m, 1ULL << 62, MEMSHARE_PIN_LONGTERM, NULL), ENOMEM,
		  "PIN of 2^62 bytes");
	mst_check_pins_back(ctl, &v0, "nr_pins after ENOMEM");

	mst_require_root();
	CHECK(mst_read_file(PARAM, saved, sizeof(saved)) > 0, "read " PARAM);
	atexit(restore);
	CHECK_OK(mst_write_file(PARAM, "64K"), "max_pin_size=64K");
	CHECK_EQ(mst_version(ctl).max_pin_bytes, 65536, "VERSION max_pin_bytes after max_pin_size=64K");
	close(mst_pin(ctl, m, 65536, 0));
	close(mst_pin(ctl, m + 4095, 65536, MEMSHARE_PIN_WRITE));	/* 17 pages */
	CHECK_ERR(mst_pin_raw(ctl, m, 65537, 0, NULL), ENOMEM, "PIN of 64K + 1 with max_pin_size=64K");
	CHECK_ERR(mst_pin_raw(ctl, m, 65537, MEMSHARE_PIN_WRITE | MEMSHARE_PIN_LONGTERM, NULL),
		  ENOMEM, "long-term write PIN of 64K + 1 with max_pin_size=64K");
	CHECK_ERR(mst_write_file(PARAM, "100"), EINVAL, "max_pin_size=100 (below a page)");
	CHECK_OK(mst_write_file(PARAM, "1M"), "max_pin_size=1M");
	CHECK_EQ(mst_version(ctl).max_pin_bytes, 1 << 20, "VERSION max_pin_bytes after max_pin_size=1M");
	mst_check_pins_back(ctl, &v0, "nr_pins after the test");
	munmap(m, 32 * MST_PAGE);
	PASS();
}
