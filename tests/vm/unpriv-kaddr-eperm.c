// SPDX-License-Identifier: MIT
/* Without CAP_SYS_ADMIN, KADDR is EPERM, for a kernel address and a user
 * one alike, and writes nothing back. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	mst_require_unpriv();
	int ctl = mst_ctl();
	uint64_t addrs[] = { 0, (uintptr_t)&addrs, 0xffffffff81000000ULL,
			     0xffff888000000000ULL, 0x8000000000000000ULL };

	for (unsigned i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		struct memshare_kaddr k = { .size = sizeof(k), .addr = addrs[i] };
		char what[64];

		snprintf(what, sizeof(what), "KADDR of 0x%llx unprivileged",
			 (unsigned long long)addrs[i]);
		CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_KADDR, &k), EPERM, what);
		CHECK_EQ(k.region, 0, "region after EPERM");
		CHECK_EQX(k.pfn, 0, "pfn after EPERM");
		CHECK_EQ(k.symbol[0], 0, "symbol after EPERM");
	}
	close(ctl);
	PASS();
}
