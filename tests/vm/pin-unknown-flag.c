// SPDX-License-Identifier: MIT
/* PIN with an unknown flag (any bit outside MEMSHARE_PIN_FLAGS) is -EINVAL,
 * with and without the known ones, and pins nothing. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	uint8_t *m = mst_anon(MST_PAGE, 0);
	struct memshare_version v0 = mst_version(ctl);

	for (int bit = 0; bit < 32; bit++) {
		uint32_t f = 1U << bit;
		char what[96];

		if (f & MEMSHARE_PIN_FLAGS)
			continue;
		snprintf(what, sizeof(what), "PIN flags 0x%x", f);
		CHECK_ERR(mst_pin_raw(ctl, m, MST_PAGE, f, NULL), EINVAL, what);
		snprintf(what, sizeof(what), "PIN flags 0x%x", f | MEMSHARE_PIN_FLAGS);
		CHECK_ERR(mst_pin_raw(ctl, m, MST_PAGE, f | MEMSHARE_PIN_FLAGS, NULL), EINVAL, what);
	}
	CHECK_ERR(mst_pin_raw(ctl, m, MST_PAGE, 0xffffffffu, NULL), EINVAL, "PIN flags 0xffffffff");
	struct memshare_version v1 = mst_version(ctl);
	CHECK_EQ(v1.nr_pins, v0.nr_pins, "nr_pins after the rejected PINs");
	/* the known flags work */
	for (uint32_t f = 0; f <= MEMSHARE_PIN_FLAGS; f++)
		close(mst_pin(ctl, m, MST_PAGE, f));
	munmap(m, MST_PAGE);
	PASS();
}
