// SPDX-License-Identifier: MIT
/* PIN_INFO with flags or a reserved field non-zero is -EINVAL; the output
 * fields are ignored on input and overwritten. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	uint8_t *m = mst_anon(2 * MST_PAGE, 0x14);
	int pin = mst_pin(ctl, m + 10, MST_PAGE, MEMSHARE_PIN_LONGTERM);
	struct memshare_pin_info i;

	for (int k = 0; k < 3; k++) {
		memset(&i, 0, sizeof(i));
		i.size = sizeof(i);
		if (k == 0)
			i.flags = MEMSHARE_PIN_INFO_PHYS;
		else
			i.__reserved[k - 1] = 1ULL << 63;
		CHECK_ERR(mst_ioctl(pin, MEMSHARE_IOC_PIN_INFO, &i), EINVAL,
			  k == 0 ? "PIN_INFO flags PHYS on input" : "PIN_INFO __reserved[] non-zero");
	}
	memset(&i, 0xa5, sizeof(i));
	i.size = sizeof(i);
	i.flags = 0;
	i.extents_ptr = 0;
	memset(i.__reserved, 0, sizeof(i.__reserved));
	CHECK_OK(mst_ioctl(pin, MEMSHARE_IOC_PIN_INFO, &i), "PIN_INFO with garbage in the outputs");
	CHECK_EQX(i.addr, (uintptr_t)m + 10, "addr");
	CHECK_EQ(i.length, MST_PAGE, "length");
	CHECK_EQ(i.nr_pages, 2, "nr_pages (4096 bytes at offset 10)");
	CHECK_EQX(i.pin_flags, MEMSHARE_PIN_LONGTERM, "pin_flags");
	CHECK_EQ(i.first_offset, 10, "first_offset");
	CHECK_EQ(i.extents_count, 0, "extents_count without extents_ptr");
	CHECK(i.nr_extents >= 1 && i.nr_extents <= 2, "nr_extents (got %llu, want 1 or 2)",
	      (unsigned long long)i.nr_extents);
	close(pin);
	munmap(m, 2 * MST_PAGE);
	PASS();
}
