// SPDX-License-Identifier: MIT
/* Memory that GUP never pins is refused with the kernel's errno, passed
 * through: a VM_IO|VM_PFNMAP mapping (the [vvar] page of the vDSO) is
 * -EFAULT for every flag combination, and pins nothing. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	FILE *f = fopen("/proc/self/maps", "r");
	char line[256];
	unsigned long lo = 0, hi = 0;

	CHECK(f != NULL, "fopen(/proc/self/maps)");
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "[vvar]") && sscanf(line, "%lx-%lx", &lo, &hi) == 2)
			break;
	fclose(f);
	if (!lo)
		SKIP("no [vvar] mapping in /proc/self/maps");
	struct memshare_version v0 = mst_version(ctl);
	for (uint32_t fl = 0; fl <= MEMSHARE_PIN_FLAGS; fl++) {
		char what[96];

		snprintf(what, sizeof(what), "PIN of the [vvar] mapping (VM_PFNMAP), flags 0x%x", fl);
		CHECK_ERR(mst_pin_raw(ctl, (void *)lo, MST_PAGE, fl, NULL), EFAULT, what);
	}
	mst_check_pins_back(ctl, &v0, "nr_pins after the refused pins");
	PASS();
}
