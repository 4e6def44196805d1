// SPDX-License-Identifier: MIT
/* PIN_ACCESS TO_BUFFER copies [offset, offset + length) of the pinned range
 * to a memshare buffer at buf_offset, exactly: odd offsets and lengths on
 * both sides, spanning pages, both backends; the buffer's other bytes are
 * unchanged (checked with pread and the buffer's own kernel CRC).  A
 * read-only pin may copy out. */
#include "mstest.h"

#define ULEN (7 * MST_PAGE)
#define BLEN (8 * MST_PAGE)

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	uint8_t *m = mst_anon(ULEN, 0);
	uint8_t *p = m + 999;
	uint64_t plen = ULEN - 999 - 5;
	uint8_t *want = malloc(BLEN), *got = malloc(BLEN);
	uint64_t cases[][3] = {	/* offset, buf_offset, length */
		{ 0, 0, 1 }, { 3, 4093, 5 }, { MST_PAGE - 999, 1, 2 * MST_PAGE + 3 },
		{ 17, BLEN - (3 * MST_PAGE + 11), 3 * MST_PAGE + 11 }, { 0, 1234, plen },
	};

	CHECK(want && got, "malloc");
	mst_pattern(m, ULEN, 7);
	for (uint32_t backend = 0; backend <= 1; backend++) {
		int buf = mst_create(ctl, BLEN, backend, MEMSHARE_MAP_LAZY);
		int pin = mst_pin(ctl, p, plen, backend ? 0 : MEMSHARE_PIN_WRITE);

		for (unsigned c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
			uint64_t off = cases[c][0], boff = cases[c][1], len = cases[c][2];
			char what[128];

			CHECK_OK(mst_access(buf, MEMSHARE_ACCESS_FILL, 0, BLEN, 0xee, NULL, NULL),
				 "buffer ACCESS FILL");
			snprintf(what, sizeof(what), "backend %u: TO_BUFFER [%llu, +%llu) -> buffer %llu",
				 backend, (unsigned long long)off, (unsigned long long)len,
				 (unsigned long long)boff);
			CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_TO_BUFFER, off, len, 0, NULL, buf,
						boff, NULL), what);
			memset(want, 0xee, BLEN);
			memcpy(want + boff, p + off, len);
			CHECK_EQ(pread(buf, got, BLEN, 0), BLEN, "pread of the buffer");
			for (uint64_t i = 0; i < BLEN; i++)
				if (got[i] != want[i])
					FAIL("%s: buffer byte %llu (got 0x%02x, want 0x%02x)", what,
					     (unsigned long long)i, got[i], want[i]);
			CHECK_EQX(mst_kcrc(buf, 0, BLEN), ms_crc32c(want, BLEN), "buffer's kernel CRC");
		}
		close(pin);
		close(buf);
	}
	munmap(m, ULEN);
	free(want);
	free(got);
	PASS();
}
