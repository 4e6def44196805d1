// SPDX-License-Identifier: MIT
/* Pinning hugetlb memory: huge pages reserved through
 * /proc/sys/vm/nr_hugepages (restored at exit; skipped if none can be
 * had).  A MAP_SHARED file on hugetlbfs (/dev/hugepages) and a private
 * MAP_HUGETLB mapping: a long-term write pin at an odd offset across two
 * huge pages has the extents pagemap shows (each huge page physically
 * contiguous: at most 2 extents); one whole huge page is one extent of
 * its size; the kernel's writes are seen by the process (and, for the
 * file, by read()), the process's stores by the kernel's CRC. */
#include "mstest.h"

#define NRHP "/proc/sys/vm/nr_hugepages"
#define HUGEDIR "/dev/hugepages"

static char saved[32];
static char path[64];

static void cleanup(void)
{
	if (path[0])
		unlink(path);
	if (saved[0])
		mst_write_file(NRHP, saved);
}

static uint64_t huge_size(void)
{
	long kb = -1;
	char line[128];
	FILE *f = fopen("/proc/meminfo", "r");

	CHECK(f != NULL, "fopen(/proc/meminfo)");
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Hugepagesize: %ld kB", &kb) == 1)
			break;
	fclose(f);
	if (kb <= 0)
		SKIP("no hugetlb support (no Hugepagesize in /proc/meminfo)");
	return (uint64_t)kb << 10;
}

static void check(int ctl, uint8_t *m, uint64_t hs, const char *kind, int fd)
{
	uint8_t *p = m + hs - 2 * MST_PAGE - 9;
	uint64_t plen = 4 * MST_PAGE + 33;
	char what[128];

	mst_pattern(m, 2 * hs, 31);
	int pin = mst_pin(ctl, p, plen, MEMSHARE_PIN_WRITE | MEMSHARE_PIN_LONGTERM);
	snprintf(what, sizeof(what), "%s: pin across two huge pages", kind);
	uint64_t n = mst_check_extents_pagemap(pin, p, plen, what);
	CHECK(n == 1 || n == 2, "%s: extents across two huge pages (got %llu, want 1 or 2)", kind,
	      (unsigned long long)n);
	CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_WRITE, 2 * MST_PAGE, 20, 0, "kernel was here!!!!",
				0, 0, NULL), "WRITE across the huge page boundary");
	CHECK(!memcmp(m + hs - 9, "kernel was here!!!!", 20),
	      "%s: the process does not see the kernel's WRITE", kind);
	if (fd >= 0) {
		char b[20];

		CHECK_EQ(pread(fd, b, 20, (off_t)(hs - 9)), 20, "pread of the hugetlbfs file");
		CHECK(!memcmp(b, "kernel was here!!!!", 20), "%s: read() does not see the kernel's WRITE",
		      kind);
	}
	mst_pattern(p, plen, 32);
	snprintf(what, sizeof(what), "%s: kernel CRC of the process's stores", kind);
	CHECK_EQX(mst_pin_kcrc(pin, 0, plen), ms_crc32c(p, plen), what);
	close(pin);

	pin = mst_pin(ctl, m + hs, hs, MEMSHARE_PIN_WRITE);
	struct memshare_extent e[2];
	struct memshare_pin_info info;
	CHECK_EQ(mst_pin_extents(pin, e, 2, &info), 1, "extents of one whole huge page");
	CHECK_EQ(e[0].length, hs, "extent length of one whole huge page");
	CHECK_EQX(e[0].phys_addr & (hs - 1), 0, "huge page phys_addr aligned to its size");
	close(pin);
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	uint64_t hs = huge_size();
	char want[32];

	CHECK(mst_read_file(NRHP, saved, sizeof(saved)) > 0, "read " NRHP);
	atexit(cleanup);
	snprintf(want, sizeof(want), "%ld", strtol(saved, NULL, 10) + 4);
	if (mst_write_file(NRHP, want) < 0)
		SKIP("cannot reserve huge pages (write %s to " NRHP ")", want);

	/* private MAP_HUGETLB */
	uint8_t *m = mmap(NULL, 2 * hs, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	if (m == MAP_FAILED)
		SKIP("mmap(MAP_HUGETLB, 2 huge pages) failed (-%s): no free huge pages (nr_hugepages %s)",
		     mst_errname(errno), want);
	check(ctl, m, hs, "MAP_HUGETLB", -1);
	munmap(m, 2 * hs);

	/* a shared hugetlbfs file */
	if (!mst_exists(HUGEDIR) || system("grep -q ' " HUGEDIR " hugetlbfs ' /proc/mounts") != 0)
		SKIP("no hugetlbfs mounted at " HUGEDIR " (MAP_HUGETLB passed)");
	snprintf(path, sizeof(path), HUGEDIR "/mst-pin.%d", getpid());
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	CHECK(fd >= 0, "open(%s) (got -%s)", path, mst_errname(errno));
	CHECK(ftruncate(fd, (off_t)(2 * hs)) == 0, "ftruncate");
	m = mmap(NULL, 2 * hs, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED, "mmap of the hugetlbfs file (got -%s)", mst_errname(errno));
	check(ctl, m, hs, "hugetlbfs MAP_SHARED", fd);
	munmap(m, 2 * hs);
	close(fd);
	PASS();
}
