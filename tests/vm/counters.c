// SPDX-License-Identifier: MIT
/* VERSION's live counters follow every buffer: total_bytes, nr_buffers,
 * nr_named, nr_mappings go up with CREATE/mmap and back down exactly. */
#include "mstest.h"

static void expect(int ctl, const struct memshare_version *v0, int64_t dbytes, int dbufs,
		   int dnamed, int dmaps, const char *what)
{
	struct memshare_version v = mst_version(ctl);
	char w[128];

	snprintf(w, sizeof(w), "%s: total_bytes", what);
	CHECK_EQ(v.total_bytes, v0->total_bytes + dbytes, w);
	snprintf(w, sizeof(w), "%s: nr_buffers", what);
	CHECK_EQ(v.nr_buffers, v0->nr_buffers + dbufs, w);
	snprintf(w, sizeof(w), "%s: nr_named", what);
	CHECK_EQ(v.nr_named, v0->nr_named + dnamed, w);
	snprintf(w, sizeof(w), "%s: nr_mappings", what);
	CHECK_EQ(v.nr_mappings, v0->nr_mappings + dmaps, w);
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	struct memshare_version v0 = mst_version(ctl);

	int a = mst_create(ctl, 3 * MST_PAGE - 1, MEMSHARE_BACKEND_VMALLOC, MEMSHARE_MAP_LAZY);
	expect(ctl, &v0, 3 * MST_PAGE, 1, 0, 0, "anonymous 3 pages");
	int b = mst_create(ctl, 64 << 10, MEMSHARE_BACKEND_CONTIG, MEMSHARE_MAP_EAGER);
	expect(ctl, &v0, 3 * MST_PAGE + (64 << 10), 2, 0, 0, "+ contig 64K");
	int n = mst_create_named(ctl, "mst_counters", 5 * MST_PAGE, 0, 0);
	expect(ctl, &v0, 8 * MST_PAGE + (64 << 10), 3, 1, 0, "+ named 5 pages");

	void *ma = mst_map(a, 0, 3 * MST_PAGE);
	void *mb = mst_map(b, 0, 64 << 10);
	void *mn = mst_map(n, 0, MST_PAGE);
	void *mn2 = mst_map(n, MST_PAGE, MST_PAGE);
	expect(ctl, &v0, 8 * MST_PAGE + (64 << 10), 3, 1, 4, "4 mappings");

	close(a);
	expect(ctl, &v0, 8 * MST_PAGE + (64 << 10), 3, 1, 4, "close of a mapped fd");
	mst_unmap(ma, 3 * MST_PAGE);
	expect(ctl, &v0, 5 * MST_PAGE + (64 << 10), 2, 1, 3, "munmap of the last reference");
	mst_unmap(mb, 64 << 10);
	close(b);
	expect(ctl, &v0, 5 * MST_PAGE, 1, 1, 2, "contig gone");
	mst_destroy(ctl, "mst_counters");
	expect(ctl, &v0, 5 * MST_PAGE, 1, 0, 2, "named destroyed, still mapped");
	mst_unmap(mn, MST_PAGE);
	mst_unmap(mn2, MST_PAGE);
	expect(ctl, &v0, 5 * MST_PAGE, 1, 0, 0, "named unmapped, fd open");
	close(n);
	expect(ctl, &v0, 0, 0, 0, 0, "everything released");

	/* a named buffer with no fd at all is still counted */
	MS_OPTS(ms_create_opts, o, .name = "mst_counters2", .no_fd = 1);
	mst_track("mst_counters2");
	CHECK_EQ(ms_create(ctl, MST_PAGE, &o), 0, "ms_create no_fd");
	expect(ctl, &v0, MST_PAGE, 1, 1, 0, "named without fd");
	mst_destroy(ctl, "mst_counters2");
	expect(ctl, &v0, 0, 0, 0, 0, "at the end");
	PASS();
}
