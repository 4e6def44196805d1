// SPDX-License-Identifier: MIT
/* Buffers together may not exceed max_total_bytes: the CREATE that would go
 * over fails with ENOMEM, one that fits exactly works.
 *
 * Reaching the default limit (2 GiB) is not possible in the guest, so the
 * test lowers max_total_size through sysfs when the parameter is writable,
 * and restores it at exit; else it is skipped. */
#include "mstest.h"

#define PARAM "/sys/module/memshare/parameters/max_total_size"

static char saved[64];

static void restore(void)
{
	if (saved[0] && mst_write_file(PARAM, saved) < 0)
		printf("# could not restore max_total_size=%s\n", saved);
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	struct memshare_version v0 = mst_version(ctl);
	struct stat st;
	char val[64];

	if (stat(PARAM, &st) < 0 || !(st.st_mode & S_IWUSR))
		SKIP("max_total_size is not writable at run time and reaching %llu bytes needs more RAM than the guest has",
		     (unsigned long long)v0.max_total_bytes);
	if (mst_read_file(PARAM, saved, sizeof(saved)) <= 0)
		FAIL("read %s", PARAM);
	atexit(restore);

	uint64_t limit = v0.total_bytes + (1 << 20);
	snprintf(val, sizeof(val), "%" PRIu64, limit);
	CHECK_OK(mst_write_file(PARAM, val), "write max_total_size");
	struct memshare_version v1 = mst_version(ctl);
	CHECK_EQ(v1.max_total_bytes, limit, "VERSION max_total_bytes after writing the parameter");

	int a = mst_create(ctl, 512 << 10, MEMSHARE_BACKEND_VMALLOC, MEMSHARE_MAP_LAZY);
	CHECK_ERR(mst_create_raw(ctl, 1 << 20, MEMSHARE_BACKEND_VMALLOC, 0), ENOMEM,
		  "CREATE 1M with 512K left under max_total");
	CHECK_ERR(mst_create_raw(ctl, (512 << 10) + 1, MEMSHARE_BACKEND_VMALLOC, 0), ENOMEM,
		  "CREATE 512K+1 (rounds to 512K+4K) with 512K left");
	CHECK_ERR(mst_create_raw(ctl, 1 << 20, MEMSHARE_BACKEND_CONTIG, 0), ENOMEM,
		  "CREATE contig 1M with 512K left");
	long b = CHECK_OK(mst_create_raw(ctl, 512 << 10, MEMSHARE_BACKEND_VMALLOC, 0),
			  "CREATE 512K filling max_total exactly");
	CHECK_EQ(mst_version(ctl).total_bytes, limit, "total_bytes at the limit");
	CHECK_ERR(mst_create_raw(ctl, 1, MEMSHARE_BACKEND_VMALLOC, 0), ENOMEM,
		  "CREATE 1 byte at the limit");
	close((int)b);
	close(a);
	long c = CHECK_OK(mst_create_raw(ctl, 1 << 20, MEMSHARE_BACKEND_VMALLOC, 0),
			  "CREATE 1M after freeing");
	close((int)c);
	CHECK_EQ(mst_version(ctl).total_bytes, v0.total_bytes, "total_bytes at the end");
	PASS();
}
