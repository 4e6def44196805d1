// SPDX-License-Identifier: MIT
/* PIN_ACCESS outside the pinned range is -EINVAL for every op, and does
 * nothing: offset past the end, length past the end by one byte, an
 * offset + length that wraps; the buffer side of TO/FROM_BUFFER past the
 * buffer's end.  The exact end works. */
#include "mstest.h"

#define ULEN (3 * MST_PAGE)
#define BLEN (2 * MST_PAGE)

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	uint8_t *m = mst_anon(ULEN, 0x10);
	uint64_t plen = ULEN - 100;
	int pin = mst_pin(ctl, m + 50, plen, MEMSHARE_PIN_WRITE);
	int buf = mst_create(ctl, BLEN, MEMSHARE_BACKEND_VMALLOC, MEMSHARE_MAP_LAZY);
	uint64_t ranges[][2] = { { plen + 1, 0 }, { plen, 1 }, { 0, plen + 1 }, { 1, plen },
				 { plen - 10, 11 }, { UINT64_MAX, 1 }, { 5, UINT64_MAX - 4 },
				 { 1ULL << 63, 1ULL << 63 } };
	uint8_t *src = calloc(1, ULEN + 64);

	CHECK(src != NULL, "calloc");
	for (uint32_t op = 0; op <= MEMSHARE_ACCESS_FROM_BUFFER; op++)
	for (unsigned r = 0; r < sizeof(ranges) / sizeof(ranges[0]); r++) {
		bool b = op >= MEMSHARE_ACCESS_TO_BUFFER;
		char what[128];

		snprintf(what, sizeof(what), "PIN_ACCESS op %u [%llu, +%llu) of a %llu-byte pin", op,
			 (unsigned long long)ranges[r][0], (unsigned long long)ranges[r][1],
			 (unsigned long long)plen);
		CHECK_ERR(mst_pin_access(pin, op, ranges[r][0], ranges[r][1],
					 op == MEMSHARE_ACCESS_FILL ? 0x99 : 0,
					 op == MEMSHARE_ACCESS_WRITE ? src : NULL, b ? buf : 0, 0, NULL),
			  EINVAL, what);
	}
	CHECK(mst_find_not(m, ULEN, 0x10) < 0, "a rejected PIN_ACCESS stored bytes");

	/* the buffer side */
	uint64_t bsides[][2] = { { BLEN - 10, 11 }, { BLEN + 1, 0 }, { 1, BLEN }, { UINT64_MAX, 2 } };
	for (uint32_t op = MEMSHARE_ACCESS_TO_BUFFER; op <= MEMSHARE_ACCESS_FROM_BUFFER; op++)
	for (unsigned r = 0; r < sizeof(bsides) / sizeof(bsides[0]); r++) {
		char what[128];

		snprintf(what, sizeof(what), "op %u: buffer side [%llu, +%llu) of a %lu-byte buffer", op,
			 (unsigned long long)bsides[r][0], (unsigned long long)bsides[r][1], BLEN);
		CHECK_ERR(mst_pin_access(pin, op, 0, bsides[r][1], 0, NULL, buf, bsides[r][0], NULL),
			  EINVAL, what);
	}
	CHECK_EQX(mst_kcrc(buf, 0, BLEN), ms_crc32c(src, BLEN), "a rejected TO_BUFFER stored bytes");

	/* the exact ends */
	CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_FILL, plen - 1, 1, 0x20, NULL, 0, 0, NULL),
		 "FILL of the last byte");
	CHECK_EQX(m[50 + plen - 1], 0x20, "last pinned byte");
	CHECK_EQX(m[50 + plen], 0x10, "byte after the pinned range");
	CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_TO_BUFFER, plen - BLEN, BLEN, 0, NULL, buf, 0,
				NULL), "TO_BUFFER of the last BLEN bytes into the whole buffer");
	CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_CRC32C, plen, 0, 0, NULL, 0, 0, NULL),
		 "CRC32C of 0 bytes at the end");
	close(pin);
	close(buf);
	munmap(m, ULEN);
	free(src);
	PASS();
}
