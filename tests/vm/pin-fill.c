// SPDX-License-Identifier: MIT
/* PIN_ACCESS FILL stores the byte in exactly [offset, offset + length) of
 * the pinned range, across pages, at odd offsets; the bytes around are
 * unchanged. */
#include "mstest.h"

#define LEN (6 * MST_PAGE)

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	uint8_t *m = mst_anon(LEN, 0xa5);
	uint8_t *p = m + 77;
	uint64_t plen = LEN - 77 - 3;
	int pin = mst_pin(ctl, p, plen, MEMSHARE_PIN_WRITE);
	uint64_t cases[][2] = { { 0, 1 }, { 5, 3 * MST_PAGE + 1 }, { MST_PAGE - 77, MST_PAGE },
				{ plen - 4097, 4097 }, { 0, plen } };

	for (unsigned c = 0; c < 5; c++) {
		uint8_t byte = (uint8_t)(0x30 + c);
		uint64_t off = cases[c][0], len = cases[c][1];

		memset(m, 0xa5, LEN);
		CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_FILL, off, len, byte, NULL, 0, 0, NULL),
			 "PIN_ACCESS FILL");
		for (uint64_t i = 0; i < LEN; i++) {
			uint64_t rel = i - 77;
			uint8_t want = (i >= 77 && rel >= off && rel < off + len) ? byte : 0xa5;

			if (m[i] != want)
				FAIL("FILL [%llu, +%llu) of the range at +77: byte %llu (got 0x%02x, want 0x%02x)",
				     (unsigned long long)off, (unsigned long long)len,
				     (unsigned long long)i, m[i], want);
		}
	}
	close(pin);
	munmap(m, LEN);
	PASS();
}
