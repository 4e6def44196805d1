// SPDX-License-Identifier: MIT
/* PIN of a range whose end wraps around 2^64 is -EINVAL (also within
 * max_pin_size: a mapped address near the top is impossible, but the check
 * comes first), and pins nothing. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	uint8_t *m = mst_anon(MST_PAGE, 0);
	struct memshare_version v0 = mst_version(ctl);
	struct { uint64_t addr, len; } cases[] = {
		{ UINT64_MAX, 2 }, { UINT64_MAX - MST_PAGE + 1, MST_PAGE + 1 },
		{ UINT64_MAX - 99, 100 + 1 }, { (uintptr_t)m, UINT64_MAX },
		{ (uintptr_t)m, UINT64_MAX - (uintptr_t)m + 1 }, { 1ULL << 63, 1ULL << 63 },
	};

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct memshare_pin p = { .size = sizeof(p), .addr = cases[i].addr,
					  .length = cases[i].len, .fd = -1 };
		char what[128];

		snprintf(what, sizeof(what), "PIN addr 0x%llx length 0x%llx (end wraps)",
			 (unsigned long long)cases[i].addr, (unsigned long long)cases[i].len);
		CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_PIN, &p), EINVAL, what);
		CHECK_EQ((int64_t)p.fd, -1, "fd after a rejected PIN");
	}
	struct memshare_version v1 = mst_version(ctl);
	CHECK_EQ(v1.nr_pins, v0.nr_pins, "nr_pins after the rejected PINs");
	munmap(m, MST_PAGE);
	PASS();
}
