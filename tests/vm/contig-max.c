// SPDX-License-Identifier: MIT
/* The largest contig buffers work: exactly max_contig_bytes when that is
 * one buddy block; with MEMSHARE_FEAT_CONTIG_LARGE, a buffer of 16 MiB,
 * beyond the buddy allocator's largest block (4 MiB on x86-64).  Both are
 * physically contiguous and usable. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	struct memshare_version v = mst_version(ctl);
	uint64_t len = v.max_contig_bytes;

	if (v.features & MEMSHARE_FEAT_CONTIG_LARGE)
		len = 16 << 20;
	if (len > (16 << 20))
		SKIP("max_contig_bytes %llu without CONTIG_LARGE is more than this test allocates",
		     (unsigned long long)len);
	long fd = mst_create_raw(ctl, len, MEMSHARE_BACKEND_CONTIG, MEMSHARE_MAP_LAZY);
	if (fd == -ENOMEM) {
		/* fragmentation: compact and retry once */
		mst_write_file("/proc/sys/vm/compact_memory", "1");
		fd = mst_create_raw(ctl, len, MEMSHARE_BACKEND_CONTIG, MEMSHARE_MAP_LAZY);
	}
	if (fd < 0)
		FAIL("CREATE contig of %llu bytes (features 0x%llx, max_contig %llu) (got %s, want an fd)",
		     (unsigned long long)len, (unsigned long long)v.features,
		     (unsigned long long)v.max_contig_bytes, mst_res(fd));
	uint64_t np = len / MST_PAGE;
	uint64_t *pfns = calloc(np, 8);
	mst_pfns((int)fd, 0, pfns, np);
	for (uint64_t i = 1; i < np; i++)
		if (pfns[i] != pfns[0] + i)
			FAIL("PFN of page %llu of a %llu-byte contig buffer (got 0x%llx, want 0x%llx)",
			     (unsigned long long)i, (unsigned long long)len,
			     (unsigned long long)pfns[i], (unsigned long long)(pfns[0] + i));
	CHECK_EQX(mst_binfo((int)fd).phys_addr, pfns[0] << 12, "phys_addr == first PFN << 12");
	uint8_t *m = mst_map((int)fd, 0, len);
	CHECK(mst_find_not(m, len, 0) < 0, "large contig buffer not zero-filled");
	m[len - 1] = 0x5a;
	uint8_t b = 0;
	CHECK_EQ(pread((int)fd, &b, 1, (off_t)len - 1), 1, "pread of the last byte");
	CHECK_EQX(b, 0x5a, "last byte");
	mst_check_pagemap(m, 16 * MST_PAGE, pfns, "first pages of the large contig mapping");
	mst_unmap(m, len);
	close((int)fd);
	free(pfns);
	PASS();
}
