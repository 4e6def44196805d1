// SPDX-License-Identifier: MIT
/* nr_mappings counts live VMAs (BUF_INFO, VERSION and, for a named buffer,
 * sysfs): mmap adds one, munmap removes it, munmap of the middle splits a
 * VMA into 2, mprotect of a part splits too, munmap of several VMAs at once
 * removes them all. */
#include "mstest.h"

#define NAME "mst_mapcnt"
#define NP 8

static uint64_t g0;

static void expect(int ctl, int fd, uint64_t n, const char *what)
{
	char s[32], want[32];

	CHECK_EQ(mst_binfo(fd).nr_mappings, n, what);
	CHECK_EQ(mst_version(ctl).nr_mappings, g0 + n, what);
	CHECK_OK(mst_read_file("/sys/class/memshare/" NAME "/mappings", s, sizeof(s)),
		 "read sysfs mappings");
	snprintf(want, sizeof(want), "%" PRIu64, n);
	if (strcmp(s, want))
		FAIL("%s: /sys/class/memshare/" NAME "/mappings (got \"%s\", want \"%s\")", what, s, want);
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	g0 = mst_version(ctl).nr_mappings;
	int fd = mst_create_named(ctl, NAME, NP * MST_PAGE, 0, 0);

	expect(ctl, fd, 0, "no mapping");
	uint8_t *a = mst_map(fd, 0, NP * MST_PAGE);
	expect(ctl, fd, 1, "one mmap");
	uint8_t *b = mst_map(fd, MST_PAGE, 2 * MST_PAGE);
	expect(ctl, fd, 2, "two mmaps");

	/* split A by unmapping its middle: A1 [0,3) and A2 [5,8) */
	mst_unmap(a + 3 * MST_PAGE, 2 * MST_PAGE);
	expect(ctl, fd, 3, "munmap of the middle of A (split)");
	a[0] = 1;
	a[7 * MST_PAGE] = 2;
	uint8_t c;
	CHECK_EQ(pread(fd, &c, 1, 7 * MST_PAGE), 1, "pread");
	CHECK_EQ(c, 2, "A2 still maps page 7");

	/* split A1 with mprotect: [0,1) rw, [1,3) ro */
	CHECK_OK(SYSRES(mprotect(a + MST_PAGE, 2 * MST_PAGE, PROT_READ)), "mprotect");
	expect(ctl, fd, 4, "mprotect of a part of A1 (split)");

	/* unmap the head of A2: stays one VMA */
	mst_unmap(a + 5 * MST_PAGE, MST_PAGE);
	expect(ctl, fd, 4, "munmap of the head of A2");

	/* one munmap over A1's two parts */
	mst_unmap(a, 3 * MST_PAGE);
	expect(ctl, fd, 2, "munmap of A1 (two VMAs)");
	mst_unmap(a + 6 * MST_PAGE, 2 * MST_PAGE);
	expect(ctl, fd, 1, "munmap of A2");
	mst_unmap(b, 2 * MST_PAGE);
	expect(ctl, fd, 0, "munmap of B");

	/* a failed mmap does not count */
	void *p = mmap(NULL, MST_PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(p == MAP_FAILED, "MAP_PRIVATE mmap succeeded");
	expect(ctl, fd, 0, "after a failed mmap");

	close(fd);
	mst_destroy(ctl, NAME);
	PASS();
}
