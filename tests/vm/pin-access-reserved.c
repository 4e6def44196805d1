// SPDX-License-Identifier: MIT
/* PIN_ACCESS with flags or a reserved field non-zero is -EINVAL and does
 * nothing; crc32c is output only (ignored on input). */
#include "mstest.h"

#define LEN MST_PAGE

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	uint8_t *m = mst_anon(LEN, 0x13);
	int pin = mst_pin(ctl, m, LEN, MEMSHARE_PIN_WRITE);
	struct memshare_pin_access a;

	for (int i = 0; i < 34; i++) {
		char what[64];

		memset(&a, 0, sizeof(a));
		a.size = sizeof(a);
		a.op = MEMSHARE_ACCESS_FILL;
		a.fill = 0xfe;
		a.length = LEN;
		if (i < 32) {
			a.flags = 1U << i;
			snprintf(what, sizeof(what), "PIN_ACCESS flags 0x%x", a.flags);
		} else {
			a.__reserved[i - 32] = 1;
			snprintf(what, sizeof(what), "PIN_ACCESS __reserved[%d] = 1", i - 32);
		}
		CHECK_ERR(mst_ioctl(pin, MEMSHARE_IOC_PIN_ACCESS, &a), EINVAL, what);
	}
	CHECK(mst_find_not(m, LEN, 0x13) < 0, "a rejected FILL stored bytes");

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.op = MEMSHARE_ACCESS_CRC32C;
	a.length = LEN;
	a.crc32c = 0xdeadbeef;
	CHECK_OK(mst_ioctl(pin, MEMSHARE_IOC_PIN_ACCESS, &a), "CRC32C with garbage in crc32c");
	CHECK_EQX(a.crc32c, ms_crc32c(m, LEN), "crc32c output");
	close(pin);
	munmap(m, LEN);
	PASS();
}
