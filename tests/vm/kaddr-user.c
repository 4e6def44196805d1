// SPDX-License-Identifier: MIT
/* A user-space address is region USER, [0, TASK_SIZE_MAX), and is not
 * resolved (user mappings are per process: MEMSHARE_IOC_XLATE); the first
 * address past the user range is not USER. */
#include "mstest.h"

static struct memshare_kaddr kaddr(int ctl, uint64_t addr)
{
	struct memshare_kaddr k;
	char what[64];

	memset(&k, 0xa5, sizeof(k));
	k.size = sizeof(k);
	k.flags = 0;
	k.addr = addr;
	memset(k.__reserved, 0, sizeof(k.__reserved));
	snprintf(what, sizeof(what), "KADDR of 0x%llx", (unsigned long long)addr);
	CHECK_OK(mst_ioctl(ctl, MEMSHARE_IOC_KADDR, &k), what);
	return k;
}

static void check_user(const struct memshare_kaddr *k, uint64_t task_size_max)
{
	CHECK_EQ(k->region, MEMSHARE_KR_USER, "region of a user address");
	CHECK_EQX(k->region_start, 0, "region_start of USER");
	CHECK_EQX(k->region_end, task_size_max, "region_end of USER (TASK_SIZE_MAX)");
	CHECK_EQ(k->method, MEMSHARE_KM_NONE, "method of a user address");
	CHECK_EQX(k->kflags, 0, "kflags of a user address");
	CHECK_EQ(k->level, 0, "level");
	CHECK_EQ(k->page_size, 0, "page_size");
	CHECK_EQX(k->pfn, 0, "pfn");
	CHECK_EQX(k->paddr, 0, "paddr");
	CHECK_EQX(k->entry, 0, "entry");
	CHECK_EQ(k->symbol[0], 0, "symbol of a user address is empty");
	CHECK_EQX(k->page.flags, 0, "page.flags");
	CHECK_EQ(k->page.refcount, 0, "page.refcount");
	CHECK_EQ(k->__reserved0, 0, "__reserved0 is zeroed");
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	int on_stack = 1;
	void *heap = malloc(64);
	void *map = mmap(NULL, MST_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(heap && map != MAP_FAILED, "malloc/mmap");
	*(volatile char *)map = 1;

	/* TASK_SIZE_MAX: 2^47 - 4096, or 2^56 - 4096 with 5-level paging */
	struct memshare_kaddr k = kaddr(ctl, 0);
	uint64_t tsm = k.region_end;
	CHECK(tsm == (1ULL << 47) - 4096 || tsm == (1ULL << 56) - 4096,
	      "region_end of USER (got 0x%llx, want 2^47 or 2^56 - 4096)",
	      (unsigned long long)tsm);

	uint64_t addrs[] = { 0, (uintptr_t)&on_stack, (uintptr_t)heap, (uintptr_t)map,
			     (uintptr_t)&main, tsm - 1 };
	for (unsigned i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		k = kaddr(ctl, addrs[i]);
		check_user(&k, tsm);
	}

	/* The guard page above the user range is canonical but not USER. */
	k = kaddr(ctl, tsm);
	CHECK(k.region != MEMSHARE_KR_USER, "region of TASK_SIZE_MAX (got USER)");
	CHECK(!(k.kflags & MEMSHARE_KA_MAPPED), "TASK_SIZE_MAX is not mapped");
	free(heap);
	munmap(map, MST_PAGE);
	close(ctl);
	PASS();
}
