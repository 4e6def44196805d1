// SPDX-License-Identifier: MIT
/* XLATE with addrs_ptr, entries_ptr or strtab_ptr at unmapped memory is
 * -EFAULT. */
#include "mstest.h"

static struct memshare_xlate_entry ents[4];
static uint64_t addrs[4];

/* A valid batch of one address; tests break one rule each. */
static struct memshare_xlate xl_batch(void)
{
	struct memshare_xlate x;

	memset(&x, 0, sizeof(x));
	x.size = sizeof(x);
	x.entry_size = sizeof(ents[0]);
	addrs[0] = (uintptr_t)&ents;
	x.addrs_ptr = (uintptr_t)addrs;
	x.entries_ptr = (uintptr_t)ents;
	x.count = 1;
	return x;
}

/* A valid range of one page. */
static struct memshare_xlate xl_range(void)
{
	struct memshare_xlate x;

	memset(&x, 0, sizeof(x));
	x.size = sizeof(x);
	x.flags = MEMSHARE_XLATE_RANGE;
	x.entry_size = sizeof(ents[0]);
	x.entries_ptr = (uintptr_t)ents;
	x.count = 4;
	x.start = (uintptr_t)&ents & ~(MST_PAGE - 1);
	x.end = x.start + MST_PAGE;
	return x;
}

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	struct memshare_xlate x;

	x = xl_batch();
	CHECK_OK(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), "valid batch");
	x = xl_range();
	CHECK_OK(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), "valid range");
	void *hole = mmap(NULL, MST_PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *ro = mmap(NULL, 2 * MST_PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(hole != MAP_FAILED && ro != MAP_FAILED, "mmap");
	CHECK(munmap(hole, MST_PAGE) == 0, "munmap");
	x = xl_batch();
	x.addrs_ptr = (uintptr_t)hole;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EFAULT, "addrs_ptr unmapped");
	x = xl_batch();
	x.entries_ptr = (uintptr_t)hole;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EFAULT, "entries_ptr unmapped (batch)");
	x = xl_range();
	x.entries_ptr = (uintptr_t)hole;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EFAULT, "entries_ptr unmapped (range)");
	x = xl_batch();
	x.entries_ptr = (uintptr_t)ro;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EFAULT, "entries_ptr read-only");
	x = xl_batch();
	x.addrs_ptr = (uintptr_t)0xffffffff81000000ULL;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EFAULT, "addrs_ptr a kernel address");
	/* a path to store, the string table unmapped */
	x = xl_batch();
	addrs[0] = (uintptr_t)&main;
	x.flags = MEMSHARE_XLATE_PATHS;
	x.strtab_ptr = (uintptr_t)hole;
	x.strtab_size = 4096;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EFAULT, "strtab_ptr unmapped");
	PASS();
}
