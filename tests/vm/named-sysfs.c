// SPDX-License-Identifier: MIT
/* /sys/class/memshare/NAME/{size,backend,policy,mappings,phys_addr} show the
 * buffer: size in bytes, backend vmalloc|contig, policy lazy|eager, live
 * mappings, phys_addr 0x... (0x0 for vmalloc; mode 0400). */
#include "mstest.h"

static void attr(const char *name, const char *a, char *out, size_t sz)
{
	char path[160];

	snprintf(path, sizeof(path), "/sys/class/memshare/%s/%s", name, a);
	int r = mst_read_file(path, out, sz);
	if (r < 0)
		FAIL("read %s (got %s)", path, mst_res(r));
}

static void expect_attr(const char *name, const char *a, const char *want)
{
	char got[128];

	attr(name, a, got, sizeof(got));
	if (strcmp(got, want))
		FAIL("/sys/class/memshare/%s/%s (got \"%s\", want \"%s\")", name, a, got, want);
}

static void expect_mode(const char *name, const char *a, unsigned want)
{
	char path[160];
	struct stat st;

	snprintf(path, sizeof(path), "/sys/class/memshare/%s/%s", name, a);
	CHECK_OK(SYSRES(stat(path, &st)), path);
	if ((st.st_mode & 0777) != want)
		FAIL("mode of %s (got 0%o, want 0%o)", path, st.st_mode & 0777, want);
}

static void check_phys(const char *name, int fd, bool contig)
{
	char got[64], want[64];
	struct memshare_buf_info bi = mst_binfo(fd);

	if (contig)
		CHECK(bi.phys_addr, "%s: BUF_INFO phys_addr of a contig buffer is 0", name);
	else
		CHECK_EQX(bi.phys_addr, 0, "BUF_INFO phys_addr of a vmalloc buffer");
	attr(name, "phys_addr", got, sizeof(got));
	snprintf(want, sizeof(want), "0x%llx", (unsigned long long)bi.phys_addr);
	if (strcmp(got, want))
		FAIL("/sys/class/memshare/%s/phys_addr (got \"%s\", want \"%s\")", name, got, want);
	expect_mode(name, "phys_addr", 0400);
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();

	/* vmalloc, lazy, 10000 bytes -> 12288 */
	int fd = mst_create_named(ctl, "mst_sysfs_v", 10000, MEMSHARE_BACKEND_VMALLOC,
				  MEMSHARE_MAP_LAZY);
	CHECK(mst_wait_path("/sys/class/memshare/mst_sysfs_v", true),
	      "/sys/class/memshare/mst_sysfs_v does not exist");
	expect_attr("mst_sysfs_v", "size", "12288");
	expect_attr("mst_sysfs_v", "backend", "vmalloc");
	expect_attr("mst_sysfs_v", "policy", "lazy");
	expect_attr("mst_sysfs_v", "mappings", "0");
	check_phys("mst_sysfs_v", fd, false);

	void *m1 = mst_map(fd, 0, 12288);
	expect_attr("mst_sysfs_v", "mappings", "1");
	void *m2 = mst_map(fd, MST_PAGE, MST_PAGE);
	expect_attr("mst_sysfs_v", "mappings", "2");
	mst_unmap(m1, 12288);
	expect_attr("mst_sysfs_v", "mappings", "1");
	mst_unmap(m2, MST_PAGE);
	expect_attr("mst_sysfs_v", "mappings", "0");
	close(fd);
	mst_destroy(ctl, "mst_sysfs_v");

	/* contig, eager, 128K */
	fd = mst_create_named(ctl, "mst_sysfs_c", 128 << 10, MEMSHARE_BACKEND_CONTIG,
			      MEMSHARE_MAP_EAGER);
	CHECK(mst_wait_path("/sys/class/memshare/mst_sysfs_c", true),
	      "/sys/class/memshare/mst_sysfs_c does not exist");
	expect_attr("mst_sysfs_c", "size", "131072");
	expect_attr("mst_sysfs_c", "backend", "contig");
	expect_attr("mst_sysfs_c", "policy", "eager");
	expect_attr("mst_sysfs_c", "mappings", "0");
	check_phys("mst_sysfs_c", fd, true);
	uint64_t pfn0;
	mst_pfns(fd, 0, &pfn0, 1);
	CHECK_EQX(mst_binfo(fd).phys_addr, pfn0 << 12, "contig phys_addr vs first PFN");
	m1 = mst_map(fd, 0, 128 << 10);
	expect_attr("mst_sysfs_c", "mappings", "1");
	mst_unmap(m1, 128 << 10);
	close(fd);
	mst_destroy(ctl, "mst_sysfs_c");

	/* the param buffers */
	if (mst_exists("/sys/class/memshare/" MST_SEED)) {
		expect_attr(MST_SEED, "size", "65536");
		expect_attr(MST_SEED, "backend", "vmalloc");
		expect_attr(MST_SEED, "policy", "lazy");
		expect_attr(MST_SEED, "mappings", "0");
		expect_attr(MST_SEED, "phys_addr", "0x0");
		expect_mode(MST_SEED, "phys_addr", 0400);
	}
	if (mst_exists("/sys/class/memshare/" MST_SEEDC)) {
		expect_attr(MST_SEEDC, "size", "1048576");
		expect_attr(MST_SEEDC, "backend", "contig");
		expect_attr(MST_SEEDC, "policy", "lazy");
		fd = (int)CHECK_OK(mst_open_raw(ctl, MST_SEEDC), "OPEN " MST_SEEDC);
		check_phys(MST_SEEDC, fd, true);
		close(fd);
	}
	PASS();
}
