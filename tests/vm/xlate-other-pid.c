// SPDX-License-Identifier: MIT
/* Translating another process (root): a forked child writes a pattern
 * into the first page of an anonymous region it shares (COW) with its
 * parent.  Through the child's pid the page is PRESENT and XLATE_READ
 * gives the child's bytes, at a PFN that differs from the parent's page
 * (which still reads the parent's bytes); the child's pagemap agrees with
 * the module.  Of two PROT_NONE regions reserved before the fork, the
 * parent maps one read/write after the fork and the child the other: each
 * is PRESENT (and readable) only in the process that mapped it, and a
 * PROT_NONE VMA without a page in the other.  pid 0 and the caller's own
 * pid give the same answer. */
#include "xcheck.h"

#define LEN (4 * MST_PAGE)

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = xc_ctl();
	int go[2], ack[2];
	uint8_t *m = mst_anon(LEN, 0x11);
	uint8_t *regs = mmap(NULL, 2 * MST_PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char b;

	CHECK(regs != MAP_FAILED, "mmap of the two reserved pages");
	uint8_t *preg = regs, *creg = regs + MST_PAGE;

	CHECK(pipe(go) == 0 && pipe(ack) == 0, "pipe");
	pid_t child = fork();
	CHECK(child >= 0, "fork");
	if (child == 0) {
		if (mmap(creg, MST_PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
			_exit(2);
		memset(creg, 0x33, MST_PAGE);
		memcpy(m, "child wrote this", 16);
		if (write(ack[1], "r", 1) != 1 || read(go[0], &b, 1) != 1)
			_exit(2);
		_exit(0);
	}
	CHECK_EQ(read(ack[0], &b, 1), 1, "the child's ready message");
	CHECK(mmap(preg, MST_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		   -1, 0) != MAP_FAILED, "mmap(MAP_FIXED) in the parent");
	memset(preg, 0x22, MST_PAGE);

	xc_ent c = xc_one(ctl, child, MEMSHARE_XLATE_READ | MEMSHARE_XLATE_PAGE, (uintptr_t)m);
	xc_ent p = xc_one(ctl, 0, MEMSHARE_XLATE_READ | MEMSHARE_XLATE_PAGE, (uintptr_t)m);
	xc_ent s = xc_one(ctl, getpid(), MEMSHARE_XLATE_READ | MEMSHARE_XLATE_PAGE, (uintptr_t)m);
	uint64_t want, pm;

	XC_VALID(&c, true, true, "child's page");
	CHECK((c.flags & (MEMSHARE_XF_PRESENT | MEMSHARE_XF_DATA | MEMSHARE_XF_WRITE)) ==
	      (MEMSHARE_XF_PRESENT | MEMSHARE_XF_DATA | MEMSHARE_XF_WRITE),
	      "child's written page: %s", xc_str(&c));
	memcpy(&want, "child wrote this", 8);
	CHECK_EQX(c.data, want, "XLATE_READ of the child's page == the child's bytes");
	memcpy(&want, m, 8);
	CHECK_EQX(p.data, want, "XLATE_READ of the parent's page == the parent's bytes");
	CHECK(c.pfn != p.pfn, "child's PFN 0x%llx == parent's after the child's COW",
	      (unsigned long long)c.pfn);
	CHECK_EQ(c.page.mapcount, 1, "child's COW copy mapcount");
	xc_pagemap(child, (uintptr_t)m, 1, &pm);
	CHECK_EQX(pm & PM_PFN_MASK, c.pfn, "child's pagemap PFN == module's");
	CHECK_EQX(s.pfn, p.pfn, "pid = getpid() gives pid 0's PFN");
	CHECK_EQX(s.flags, p.flags, "pid = getpid() gives pid 0's flags");

	for (int who = 0; who < 2; who++) {
		pid_t pid = who ? child : 0;
		uint8_t *mine = who ? creg : preg, *other = who ? preg : creg;
		const char *name = who ? "child" : "parent";
		xc_ent in = xc_one(ctl, pid, MEMSHARE_XLATE_READ, (uintptr_t)mine);
		xc_ent out = xc_one(ctl, pid, MEMSHARE_XLATE_READ, (uintptr_t)other);

		XC_VALID(&in, true, true, name);
		XC_VALID(&out, true, true, name);
		CHECK((in.flags & (MEMSHARE_XF_PRESENT | MEMSHARE_XF_DATA)) ==
		      (MEMSHARE_XF_PRESENT | MEMSHARE_XF_DATA), "the %s's own mapping: %s", name,
		      xc_str(&in));
		CHECK(in.vma_flags & MEMSHARE_VMA_F_READ, "the %s's own mapping: VMA not readable", name);
		CHECK_EQX(in.data, who ? 0x3333333333333333ULL : 0x2222222222222222ULL,
			  "XLATE_READ of a process's own mapping");
		CHECK((out.flags & (MEMSHARE_XF_MAPPED | MEMSHARE_XF_PRESENT)) == MEMSHARE_XF_MAPPED &&
		      !(out.vma_flags & (MEMSHARE_VMA_F_READ | MEMSHARE_VMA_F_WRITE)),
		      "the other process's mapping in the %s: want a PROT_NONE VMA, no page: %s", name,
		      xc_str(&out));
	}

	CHECK(write(go[1], "x", 1) == 1, "release the child");
	CHECK_EQ(mst_wait_child(child, "child"), 0, "child's status");
	PASS();
}
