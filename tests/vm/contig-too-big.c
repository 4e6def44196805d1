// SPDX-License-Identifier: MIT
/* A contig buffer larger than the allocator can give -> ENOMEM, with a
 * kernel log line from memshare saying why (and no allocation warning: the
 * runner fails on WARNING), and nothing is left allocated.
 *
 * Without MEMSHARE_FEAT_CONTIG_LARGE the limit is max_contig_bytes (one
 * buddy block): max_contig_bytes + 4K must fail.  With it, max_contig_bytes
 * is max_buffer_bytes and the kernel searches System RAM for a free or
 * movable range aligned to its (power of two) size, as
 * alloc_contig_pages() does: a size for which /proc/iomem has no such
 * window must fail. */
#include "mstest.h"

/* Is there a len-aligned window of len bytes inside one System RAM range? */
static bool ram_has_window(uint64_t len)
{
	FILE *f = fopen("/proc/iomem", "r");
	char line[256];
	bool found = false;

	if (!f)
		FAIL("open /proc/iomem (got -%s)", mst_errname(errno));
	while (fgets(line, sizeof(line), f)) {
		unsigned long long s, e;

		if (line[0] == ' ' || !strstr(line, ": System RAM"))
			continue;
		if (sscanf(line, "%llx-%llx", &s, &e) != 2)
			continue;
		if (!s && !e)
			FAIL("/proc/iomem shows no addresses (not root?)");
		uint64_t w = (s + len - 1) / len * len;
		if (w + len - 1 <= e)
			found = true;
	}
	fclose(f);
	return found;
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	struct memshare_version v0 = mst_version(ctl);
	static char log[65536];
	uint64_t len;

	if (!(v0.features & MEMSHARE_FEAT_CONTIG_LARGE)) {
		len = v0.max_contig_bytes + MST_PAGE;
		if (len > v0.max_buffer_bytes)
			SKIP("max_contig_bytes %llu >= max_buffer_bytes: no size is both valid and too big",
			     (unsigned long long)v0.max_contig_bytes);
	} else {
		/* the largest power of two a CREATE accepts */
		uint64_t room = v0.max_total_bytes - v0.total_bytes;
		uint64_t max = v0.max_contig_bytes < room ? v0.max_contig_bytes : room;

		for (len = 1ULL << 62; len > max; len >>= 1)
			;
		if (ram_has_window(len))
			SKIP("the guest's RAM has a %llu-byte aligned window: a contig buffer of any valid size may succeed (use a guest with less memory)",
			     (unsigned long long)len);
	}

	int km = mst_kmsg_open();
	for (uint32_t policy = 0; policy <= 1; policy++) {
		char what[128];

		snprintf(what, sizeof(what), "CREATE contig %" PRIu64 " bytes (max_contig %llu, features 0x%llx) policy %u",
			 len, (unsigned long long)v0.max_contig_bytes,
			 (unsigned long long)v0.features, policy);
		CHECK_ERR(mst_create_raw(ctl, len, MEMSHARE_BACKEND_CONTIG, policy), ENOMEM, what);
	}
	struct memshare_version v1 = mst_version(ctl);
	CHECK_EQ(v1.nr_buffers, v0.nr_buffers, "nr_buffers after ENOMEM");
	CHECK_EQ(v1.total_bytes, v0.total_bytes, "total_bytes after ENOMEM");

	if (km < 0)
		SKIP("cannot read /dev/kmsg to check the log line: %s", strerror(errno));
	if (!mst_kmsg_find(km, log, sizeof(log), 1000, "memshare", "contig", NULL))
		FAIL("no kernel log line from memshare about the contig ENOMEM; log:\n%s", log);
	NOTE("log: %s", log);
	PASS();
}
