// SPDX-License-Identifier: MIT
/* The process's stores after the pin are seen by the kernel through the
 * pinned pages: CRC-32C of the whole range and of odd sub-ranges across
 * page boundaries match the user's own CRC, for a read-only and a write
 * pin, short- and long-term. */
#include "mstest.h"

#define LEN (5 * MST_PAGE)

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	uint32_t flagsets[] = { 0, MEMSHARE_PIN_WRITE, MEMSHARE_PIN_LONGTERM,
				MEMSHARE_PIN_WRITE | MEMSHARE_PIN_LONGTERM };

	for (unsigned f = 0; f < 4; f++) {
		/* faulted in first: a read-only pin of untouched anonymous
		 * memory would pin the shared zero page */
		uint8_t *m = mst_anon(LEN, 0);
		uint8_t *p = m + 333;
		uint64_t plen = LEN - 333 - 1000;
		int pin = mst_pin(ctl, p, plen, flagsets[f]);
		char what[96];

		mst_pattern(m, LEN, 40 + f);	/* after the pin */
		snprintf(what, sizeof(what), "flags 0x%x: kernel CRC of the whole pinned range",
			 flagsets[f]);
		CHECK_EQX(mst_pin_kcrc(pin, 0, plen), ms_crc32c(p, plen), what);
		uint64_t offs[][2] = { { 1, MST_PAGE }, { MST_PAGE - 333 - 1, 2 },
				       { 4000, 2 * MST_PAGE + 17 }, { plen - 1, 1 } };
		for (unsigned i = 0; i < 4; i++) {
			snprintf(what, sizeof(what), "flags 0x%x: kernel CRC of [%llu, +%llu)",
				 flagsets[f], (unsigned long long)offs[i][0],
				 (unsigned long long)offs[i][1]);
			CHECK_EQX(mst_pin_kcrc(pin, offs[i][0], offs[i][1]),
				  ms_crc32c(p + offs[i][0], offs[i][1]), what);
		}
		/* and again after another store */
		p[plen / 2] ^= 0xff;
		CHECK_EQX(mst_pin_kcrc(pin, 0, plen), ms_crc32c(p, plen),
			  "kernel CRC after one more store");
		close(pin);
		munmap(m, LEN);
	}
	PASS();
}
