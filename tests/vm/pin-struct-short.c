// SPDX-License-Identifier: MIT
/* A struct size below the first published version is -EINVAL for PIN,
 * PIN_INFO and PIN_ACCESS, and does nothing. */
#include "mstest.h"

static void check_short(int fd, unsigned long cmd, const char *name, const void *s,
			size_t ssize, uint32_t ver0)
{
	uint32_t sizes[] = { 0, 4, 8, ver0 - 8, ver0 - 1 };

	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char what[96];

		snprintf(what, sizeof(what), "%s with size %u (VER0 %u)", name, sizes[i], ver0);
		CHECK_ERR(mst_ioctl_sized(fd, cmd, s, ssize, ssize, sizes[i], -1, NULL), EINVAL,
			  what);
	}
}

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	uint8_t *m = mst_anon(MST_PAGE, 0x15);
	struct memshare_version v0 = mst_version(ctl);

	CHECK_EQ(sizeof(struct memshare_pin), MEMSHARE_PIN_SIZE_VER0, "sizeof(struct memshare_pin)");
	CHECK_EQ(sizeof(struct memshare_pin_info), MEMSHARE_PIN_INFO_SIZE_VER0,
		 "sizeof(struct memshare_pin_info)");
	CHECK_EQ(sizeof(struct memshare_pin_access), MEMSHARE_PIN_ACCESS_SIZE_VER0,
		 "sizeof(struct memshare_pin_access)");
	CHECK_EQ(sizeof(struct memshare_extent), 24, "sizeof(struct memshare_extent)");

	struct memshare_pin p = { .addr = (uintptr_t)m, .length = MST_PAGE };
	check_short(ctl, MEMSHARE_IOC_PIN, "PIN", &p, sizeof(p), MEMSHARE_PIN_SIZE_VER0);
	struct memshare_version v1 = mst_version(ctl);
	CHECK_EQ(v1.nr_pins, v0.nr_pins, "nr_pins after rejected PINs");

	int pin = mst_pin(ctl, m, MST_PAGE, MEMSHARE_PIN_WRITE);
	struct memshare_pin_info i = { 0 };
	check_short(pin, MEMSHARE_IOC_PIN_INFO, "PIN_INFO", &i, sizeof(i),
		    MEMSHARE_PIN_INFO_SIZE_VER0);
	struct memshare_pin_access a = { .op = MEMSHARE_ACCESS_FILL, .fill = 0xff,
					 .length = MST_PAGE };
	check_short(pin, MEMSHARE_IOC_PIN_ACCESS, "PIN_ACCESS", &a, sizeof(a),
		    MEMSHARE_PIN_ACCESS_SIZE_VER0);
	CHECK(mst_find_not(m, MST_PAGE, 0x15) < 0, "a rejected FILL stored bytes");
	close(pin);
	munmap(m, MST_PAGE);
	PASS();
}
