// SPDX-License-Identifier: MIT
/* PIN with length 0 is -EINVAL (at a mapped, an unmapped and a NULL
 * address, any flags), and pins nothing. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	uint8_t *m = mst_anon(MST_PAGE, 0);
	struct memshare_version v0 = mst_version(ctl);

	for (uint32_t f = 0; f <= MEMSHARE_PIN_FLAGS; f++) {
		char what[96];

		snprintf(what, sizeof(what), "PIN length 0 at a mapped page, flags 0x%x", f);
		CHECK_ERR(mst_pin_raw(ctl, m, 0, f, NULL), EINVAL, what);
		snprintf(what, sizeof(what), "PIN length 0 at NULL, flags 0x%x", f);
		CHECK_ERR(mst_pin_raw(ctl, NULL, 0, f, NULL), EINVAL, what);
	}
	CHECK_ERR(mst_pin_raw(ctl, m + 17, 0, 0, NULL), EINVAL, "PIN length 0 at an odd address");
	struct memshare_version v1 = mst_version(ctl);
	CHECK_EQ(v1.nr_pins, v0.nr_pins, "nr_pins after the rejected PINs");
	munmap(m, MST_PAGE);
	PASS();
}
