// SPDX-License-Identifier: MIT
/* Pinning a mapping of a memshare buffer (vmalloc lazy, contig eager),
 * short- and long-term: the kernel's writes through the pin are the
 * buffer's bytes (the buffer's own ACCESS CRC and read()); the buffer's
 * ACCESS FILL is seen through the pin; the pinned pages are the buffer's
 * pages (extents vs BUF_INFO PFNs); the buffer object goes with its fd
 * and mapping while the pinned pages live on until the pin is closed. */
#include "mstest.h"

#define NP 24
#define LEN (NP * MST_PAGE)

int main(void)
{
	MST_INIT();
	mst_require_root();	/* PFNs */
	int ctl = mst_ctl();
	struct memshare_version v0 = mst_version(ctl);

	for (uint32_t backend = 0; backend <= 1; backend++) {
		uint32_t policy = backend ? MEMSHARE_MAP_EAGER : MEMSHARE_MAP_LAZY;
		uint32_t flags = MEMSHARE_PIN_WRITE | (backend ? MEMSHARE_PIN_LONGTERM : 0);
		int fd = mst_create(ctl, LEN, backend, policy);
		uint8_t *m = mst_map(fd, 0, LEN);
		uint64_t pfns[NP];
		char what[96];

		mst_pfns(fd, 0, pfns, NP);
		int pin = mst_pin(ctl, m + 2 * MST_PAGE + 1, LEN - 4 * MST_PAGE, flags);
		struct memshare_extent e[NP];
		struct memshare_pin_info info;
		uint64_t n = mst_pin_extents(pin, e, NP, &info);
		uint64_t covered = 0;
		for (uint64_t i = 0; i < n; i++) {
			uint64_t pg = (e[i].offset + 2 * MST_PAGE + 1) / MST_PAGE;

			snprintf(what, sizeof(what), "backend %u: extent %llu phys_addr", backend,
				 (unsigned long long)i);
			CHECK_EQX(e[i].phys_addr, pfns[pg] * MST_PAGE + (i ? 0 : 1), what);
			covered += e[i].length;
		}
		CHECK_EQ(covered, LEN - 4 * MST_PAGE, "extents cover the pinned range");
		if (backend)
			CHECK_EQ(n, 1, "contig buffer: one extent");

		CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_FILL, 100, 3 * MST_PAGE, 0x7e, NULL, 0, 0,
					NULL), "FILL through the pin of the mapping");
		uint8_t *want = calloc(1, LEN);
		CHECK(want != NULL, "calloc");
		memset(want + 2 * MST_PAGE + 1 + 100, 0x7e, 3 * MST_PAGE);
		snprintf(what, sizeof(what), "backend %u: buffer's kernel CRC after FILL through the pin",
			 backend);
		CHECK_EQX(mst_kcrc(fd, 0, LEN), ms_crc32c(want, LEN), what);
		CHECK_OK(mst_access(fd, MEMSHARE_ACCESS_FILL, 5 * MST_PAGE, MST_PAGE, 0x11, NULL, NULL),
			 "buffer ACCESS FILL");
		memset(want + 5 * MST_PAGE, 0x11, MST_PAGE);
		CHECK_EQX(mst_pin_kcrc(pin, 0, LEN - 4 * MST_PAGE),
			  ms_crc32c(want + 2 * MST_PAGE + 1, LEN - 4 * MST_PAGE),
			  "pin CRC after the buffer's FILL");

		/* the pin outlives the fd and the mapping */
		close(fd);
		mst_unmap(m, LEN);
		struct memshare_version v1 = mst_version(ctl);
		CHECK_EQ(v1.nr_buffers, v0.nr_buffers, "nr_buffers: the buffer is gone with fd and mapping");
		CHECK_EQX(mst_pin_kcrc(pin, 0, LEN - 4 * MST_PAGE),
			  ms_crc32c(want + 2 * MST_PAGE + 1, LEN - 4 * MST_PAGE),
			  "pin CRC after the buffer was freed (its pinned pages live on)");
		close(pin);
		free(want);
	}
	mst_check_pins_back(ctl, &v0, "counters after the test");
	mst_check_foll_pins_balanced("after the test");
	PASS();
}
