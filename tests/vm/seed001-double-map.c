// SPDX-License-Identifier: MIT
/* Seed scenario 1: a buffer mapped twice aliases: a write() through the fd
 * is seen in both mappings, a store in one is seen in the other and is
 * returned by read(), and both mappings show (pagemap) the buffer's PFNs
 * from BUF_INFO. */
#include "mstest.h"

#define NP 4
#define LEN (NP * MST_PAGE)

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();

	for (uint32_t backend = 0; backend <= 1; backend++)
	for (uint32_t policy = 0; policy <= 1; policy++) {
		int fd = mst_create(ctl, LEN, backend, policy);
		uint8_t *a = mst_map(fd, 0, LEN);
		uint8_t *b = mst_map(fd, 0, LEN);
		char what[64];

		snprintf(what, sizeof(what), "backend %u policy %u", backend, policy);
		CHECK(a != b, "%s: both mappings at the same address", what);
		CHECK_EQ(mst_binfo(fd).nr_mappings, 2, "nr_mappings with two mappings");

		const char msg[] = "written through the fd";
		CHECK_EQ(pwrite(fd, msg, sizeof(msg), MST_PAGE + 7), sizeof(msg), "pwrite");
		CHECK(!memcmp(a + MST_PAGE + 7, msg, sizeof(msg)), "%s: write() not seen in mapping A", what);
		CHECK(!memcmp(b + MST_PAGE + 7, msg, sizeof(msg)), "%s: write() not seen in mapping B", what);

		for (int i = 0; i < NP; i++) {
			a[i * MST_PAGE + 100] = (uint8_t)(0xa0 + i);
			CHECK_EQX(b[i * MST_PAGE + 100], 0xa0 + i, "store in A seen in B");
			b[i * MST_PAGE + 200] = (uint8_t)(0xb0 + i);
			CHECK_EQX(a[i * MST_PAGE + 200], 0xb0 + i, "store in B seen in A");
			uint8_t r[2];
			CHECK_EQ(pread(fd, &r[0], 1, i * MST_PAGE + 100), 1, "pread");
			CHECK_EQ(pread(fd, &r[1], 1, i * MST_PAGE + 200), 1, "pread");
			CHECK_EQX(r[0], 0xa0 + i, "store in A returned by read()");
			CHECK_EQX(r[1], 0xb0 + i, "store in B returned by read()");
		}

		uint64_t pfns[NP];
		mst_pfns(fd, 0, pfns, NP);
		mst_check_pagemap(a, LEN, pfns, "mapping A");
		mst_check_pagemap(b, LEN, pfns, "mapping B");
		CHECK_EQX(mst_kcrc(fd, 0, LEN), ms_crc32c(a, LEN), "kernel CRC vs mapping A");

		mst_unmap(a, LEN);
		mst_unmap(b, LEN);
		close(fd);
	}
	PASS();
}
