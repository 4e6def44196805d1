// SPDX-License-Identifier: MIT
/* XLATE batch form: start or end set, or no addrs_ptr/entries_ptr with a
 * count, is -EINVAL. */
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
	x = xl_batch();
	x.start = 4096;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EINVAL, "start in a batch");
	x = xl_batch();
	x.end = 4096;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EINVAL, "end in a batch");
	x = xl_batch();
	x.addrs_ptr = 0;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EINVAL, "no addrs_ptr");
	x = xl_batch();
	x.entries_ptr = 0;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EINVAL, "no entries_ptr");
	x = xl_batch();
	x.strtab_size = 64;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EINVAL, "strtab without PATHS");
	x = xl_batch();
	x.flags = MEMSHARE_XLATE_PATHS;
	x.strtab_size = 64;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EINVAL, "PATHS, strtab_size, no ptr");
	x = xl_batch();
	x.count = 0;
	x.addrs_ptr = 0;
	x.entries_ptr = 0;
	CHECK_OK(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), "count 0 needs no pointers");
	PASS();
}
