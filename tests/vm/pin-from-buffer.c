// SPDX-License-Identifier: MIT
/* PIN_ACCESS FROM_BUFFER copies from a memshare buffer at buf_offset into
 * [offset, offset + length) of a write pin, exactly: odd offsets and lengths
 * on both sides, spanning pages, both backends; the process sees the bytes,
 * its other bytes are unchanged. */
#include "mstest.h"

#define ULEN (7 * MST_PAGE)
#define BLEN (8 * MST_PAGE)

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	uint8_t *m = mst_anon(ULEN, 0);
	uint8_t *p = m + 4095;
	uint64_t plen = ULEN - 4095 - 2;
	uint8_t *pat = malloc(BLEN), *want = malloc(ULEN);
	uint64_t cases[][3] = {	/* offset, buf_offset, length */
		{ 0, 0, 1 }, { 1, 4095, 2 }, { 2 * MST_PAGE - 3, 13, 2 * MST_PAGE + 7 },
		{ plen - 5 * MST_PAGE - 1, 3 * MST_PAGE - 1, 5 * MST_PAGE + 1 }, { 0, 2, plen },
	};

	CHECK(pat && want, "malloc");
	mst_pattern(pat, BLEN, 99);
	for (uint32_t backend = 0; backend <= 1; backend++) {
		int buf = mst_create(ctl, BLEN, backend, MEMSHARE_MAP_EAGER);
		int pin = mst_pin(ctl, p, plen, MEMSHARE_PIN_WRITE |
				  (backend ? MEMSHARE_PIN_LONGTERM : 0));

		CHECK_EQ(pwrite(buf, pat, BLEN, 0), BLEN, "pwrite of the pattern to the buffer");
		for (unsigned c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
			uint64_t off = cases[c][0], boff = cases[c][1], len = cases[c][2];
			char what[128];

			memset(m, 0x5a, ULEN);
			snprintf(what, sizeof(what), "backend %u: FROM_BUFFER buffer %llu -> [%llu, +%llu)",
				 backend, (unsigned long long)boff, (unsigned long long)off,
				 (unsigned long long)len);
			CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_FROM_BUFFER, off, len, 0, NULL, buf,
						boff, NULL), what);
			memset(want, 0x5a, ULEN);
			memcpy(want + 4095 + off, pat + boff, len);
			for (uint64_t i = 0; i < ULEN; i++)
				if (m[i] != want[i])
					FAIL("%s: user byte %llu (got 0x%02x, want 0x%02x)", what,
					     (unsigned long long)i, m[i], want[i]);
		}
		close(pin);
		close(buf);
	}
	munmap(m, ULEN);
	free(pat);
	free(want);
	PASS();
}
