// SPDX-License-Identifier: MIT
/* An unprivileged user (uid 1000, no capabilities) may pin its own memory
 * and use the pin: short-term write pin, the kernel's WRITE seen, CRC of
 * its stores, copies to and from its own buffer; a long-term pin within
 * RLIMIT_MEMLOCK; the counters return. */
#include "mstest.h"

#define LEN (4 * MST_PAGE)

int main(void)
{
	MST_INIT();
	mst_require_unpriv();
	int ctl = mst_ctl();
	struct memshare_version v0 = mst_version(ctl);
	struct rlimit rl;
	uint8_t *m = mst_anon(LEN, 0x1b);
	int buf = mst_create(ctl, LEN, 0, 0);

	int pin = mst_pin(ctl, m + 1, LEN - 2, MEMSHARE_PIN_WRITE);
	CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_WRITE, 0, 6, 0, "uid1k", 0, 0, NULL), "WRITE");
	CHECK(!memcmp(m + 1, "uid1k", 6), "the kernel's WRITE");
	mst_pattern(m, LEN, 81);
	CHECK_EQX(mst_pin_kcrc(pin, 0, LEN - 2), ms_crc32c(m + 1, LEN - 2), "kernel CRC");
	CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_TO_BUFFER, 0, LEN - 2, 0, NULL, buf, 1, NULL),
		 "TO_BUFFER");
	CHECK_EQX(mst_kcrc(buf, 1, LEN - 2), ms_crc32c(m + 1, LEN - 2), "buffer CRC");
	CHECK_OK(mst_access(buf, MEMSHARE_ACCESS_FILL, 0, LEN, 0x2c, NULL, NULL), "buffer FILL");
	CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_FROM_BUFFER, 0, LEN - 2, 0, NULL, buf, 0, NULL),
		 "FROM_BUFFER");
	CHECK(mst_find_not(m + 1, LEN - 2, 0x2c) < 0, "FROM_BUFFER");
	close(pin);

	CHECK(getrlimit(RLIMIT_MEMLOCK, &rl) == 0, "getrlimit");
	if (rl.rlim_cur >= LEN) {
		pin = mst_pin(ctl, m, LEN, MEMSHARE_PIN_WRITE | MEMSHARE_PIN_LONGTERM);
		close(pin);
	} else {
		NOTE("RLIMIT_MEMLOCK %llu < %lu: long-term pin not tried",
		     (unsigned long long)rl.rlim_cur, LEN);
	}
	close(buf);
	mst_check_pins_back(ctl, &v0, "counters after close");
	munmap(m, LEN);
	PASS();
}
