// SPDX-License-Identifier: MIT
/* CREATE with an unknown mapping policy -> EINVAL. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	uint32_t bad[] = { 2, 3, 0x80000000u, UINT32_MAX };

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char what[64];

		snprintf(what, sizeof(what), "CREATE policy %u", bad[i]);
		CHECK_ERR(mst_create_raw(ctl, MST_PAGE, 0, bad[i]), EINVAL, what);
	}
	PASS();
}
