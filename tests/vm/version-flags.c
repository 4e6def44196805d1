// SPDX-License-Identifier: MIT
/* MEMSHARE_IOC_VERSION with unknown flags -> EINVAL. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	uint32_t bad[] = { 1, 2, 1U << 31 };

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct memshare_version v;
		char what[64];

		memset(&v, 0, sizeof(v));
		v.size = sizeof(v);
		v.flags = bad[i];
		snprintf(what, sizeof(what), "VERSION flags 0x%x", bad[i]);
		CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_VERSION, &v), EINVAL, what);
	}
	PASS();
}
