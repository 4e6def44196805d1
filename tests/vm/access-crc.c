// SPDX-License-Identifier: MIT
/* ACCESS CRC32C: the kernel's CRC-32C of any range (unaligned, across
 * pages, whole buffer) equals ms_crc32c() over the mapping; "123456789"
 * gives 0xe3069283; for both backends. */
#include "mstest.h"

#define LEN (5 * MST_PAGE)

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	static uint8_t pat[LEN];

	CHECK_EQX(ms_crc32c("123456789", 9), 0xe3069283, "ms_crc32c(\"123456789\") (library)");
	for (uint32_t backend = 0; backend <= 1; backend++) {
		int fd = mst_create(ctl, LEN, backend, MEMSHARE_MAP_LAZY);
		uint8_t *m = mst_map(fd, 0, LEN);

		memcpy(m + 3, "123456789", 9);
		CHECK_EQX(mst_kcrc(fd, 3, 9), 0xe3069283, "kernel CRC32C of \"123456789\"");

		mst_pattern(pat, LEN, 99 + backend);
		memcpy(m, pat, LEN);
		struct { uint64_t off, len; } r[] = {
			{ 0, LEN }, { 0, 1 }, { LEN - 1, 1 }, { 1, LEN - 1 }, { 0, LEN - 1 },
			{ MST_PAGE - 3, 7 }, { 100, 3 * MST_PAGE + 17 }, { 2 * MST_PAGE, MST_PAGE },
			{ 4095, 4097 },
		};
		for (unsigned i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
			char what[96];
			uint32_t want = ms_crc32c(m + r[i].off, r[i].len);

			snprintf(what, sizeof(what), "backend %u: kernel CRC32C of [%" PRIu64 ", +%" PRIu64 ")",
				 backend, r[i].off, r[i].len);
			CHECK_EQX(mst_kcrc(fd, r[i].off, r[i].len), want, what);
		}
		/* the library's wrapper */
		uint32_t crc = 0;
		CHECK_OK(ms_kcrc32c(fd, 0, LEN, &crc), "ms_kcrc32c");
		CHECK_EQX(crc, ms_crc32c(pat, LEN), "ms_kcrc32c of the whole buffer");
		/* a single changed byte changes the kernel's CRC */
		m[LEN / 2] ^= 1;
		CHECK(mst_kcrc(fd, 0, LEN) != crc, "kernel CRC unchanged after a store in the mapping");
		mst_unmap(m, LEN);
		close(fd);
	}
	PASS();
}
