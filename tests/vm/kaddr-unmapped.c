// SPDX-License-Identifier: MIT
/* Addresses with no kernel mapping are answers, not errors: a
 * non-canonical address is UNKNOWN and unresolved; the guard page after a
 * vmalloc object (the self-test target's three pages) is VMALLOC but not
 * mapped, with no page; the top of the address space is not mapped either.
 * None of it makes a kernel report (the runner checks the log). */
#include "mstest.h"
#include <sys/mount.h>

#define TARGETS "/sys/kernel/debug/memshare/targets"

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

static void check_unresolved(const struct memshare_kaddr *k, const char *what)
{
	CHECK(!(k->kflags & (MEMSHARE_KA_MAPPED | MEMSHARE_KA_PAGE | MEMSHARE_KA_AGREE)),
	      "%s: kflags 0x%llx has no MAPPED, PAGE, AGREE", what,
	      (unsigned long long)k->kflags);
	CHECK_EQ(k->method, MEMSHARE_KM_NONE, "method of an unmapped address");
	CHECK_EQ(k->page_size, 0, "page_size of an unmapped address");
	CHECK_EQX(k->pfn, 0, "pfn of an unmapped address");
	CHECK_EQX(k->paddr, 0, "paddr of an unmapped address");
	CHECK_EQX(k->page.flags, 0, "page.flags of an unmapped address");
	CHECK_EQX(k->entry & 1, 0, "present bit of the entry");
}

/* The vmalloc target's address, or 0. */
static uint64_t vmalloc_target(void)
{
	static char buf[8192];
	unsigned long long a;
	char *p;

	if (mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL) < 0 && errno != EBUSY)
		return 0;
	if (mst_read_file(TARGETS, buf, sizeof(buf)) < 0)
		return 0;
	p = strstr(buf, "\nvmalloc ");
	if (!p || sscanf(p + 1, "vmalloc %llx", &a) != 1)
		return 0;
	return a;
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	uint64_t noncanon[] = { 0x8000000000000000ULL, 0x0123456789abcdefULL,
				0xfedcba9876543210ULL, 1ULL << 57 };

	for (unsigned i = 0; i < sizeof(noncanon) / sizeof(noncanon[0]); i++) {
		struct memshare_kaddr k = kaddr(ctl, noncanon[i]);

		CHECK_EQ(k.region, MEMSHARE_KR_UNKNOWN, "region of a non-canonical address");
		CHECK_EQX(k.region_start, 0, "region_start of UNKNOWN");
		CHECK_EQX(k.region_end, 0, "region_end of UNKNOWN");
		CHECK_EQX(k.kflags, 0, "kflags of a non-canonical address");
		CHECK_EQ(k.level, 0, "level of a non-canonical address");
		CHECK_EQX(k.entry, 0, "entry of a non-canonical address");
		CHECK_EQ(k.symbol[0], 0, "symbol of a non-canonical address");
		check_unresolved(&k, "non-canonical");
	}

	struct memshare_kaddr k = kaddr(ctl, 0xfffffffffffff000ULL);
	check_unresolved(&k, "the last page");

	uint64_t v = vmalloc_target();
	if (!v)
		SKIP("no vmalloc self-test target in " TARGETS);
	k = kaddr(ctl, v + 2 * MST_PAGE);
	CHECK_EQ(k.region, MEMSHARE_KR_VMALLOC, "region of the vmalloc target's last page");
	CHECK(k.kflags & MEMSHARE_KA_MAPPED, "the vmalloc target's last page is mapped");
	/* vmalloc() leaves an unmapped guard page after each area */
	k = kaddr(ctl, v + 3 * MST_PAGE);
	CHECK_EQ(k.region, MEMSHARE_KR_VMALLOC, "region of the vmalloc guard page");
	check_unresolved(&k, "vmalloc guard page");
	CHECK_EQX(k.entry, 0, "the guard page's PTE is none");
	close(ctl);
	PASS();
}
