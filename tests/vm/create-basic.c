// SPDX-License-Identifier: MIT
/* CREATE: the length is rounded up to the page size, the fd is >= 0 with
 * FD_CLOEXEC, BUF_INFO describes the buffer, counters follow, for each
 * backend and policy. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	struct { uint64_t in, out; } lens[] = {
		{ 1, MST_PAGE }, { MST_PAGE, MST_PAGE }, { MST_PAGE + 1, 2 * MST_PAGE },
		{ 5 * MST_PAGE - 1, 5 * MST_PAGE }, { 65536, 65536 },
	};

	for (uint32_t backend = 0; backend <= 1; backend++)
	for (uint32_t policy = 0; policy <= 1; policy++)
	for (unsigned i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		struct memshare_version v0 = mst_version(ctl), v1;
		struct memshare_create c;
		char what[128];

		mst_create_init(&c, lens[i].in);
		c.backend = backend;
		c.policy = policy;
		snprintf(what, sizeof(what), "CREATE length %" PRIu64 " backend %u policy %u",
			 lens[i].in, backend, policy);
		CHECK_OK(mst_ioctl(ctl, MEMSHARE_IOC_CREATE, &c), what);
		CHECK(c.fd >= 0, "%s: fd (got %d, want >= 0)", what, c.fd);
		CHECK_EQ(c.length, lens[i].out, "CREATE output length (rounded up)");
		int fdflags = fcntl(c.fd, F_GETFD);
		CHECK(fdflags >= 0 && (fdflags & FD_CLOEXEC),
		      "%s: FD_CLOEXEC (got F_GETFD %d, want FD_CLOEXEC set)", what, fdflags);
		int flflags = fcntl(c.fd, F_GETFL);
		CHECK((flflags & O_ACCMODE) == O_RDWR, "%s: fd access mode (got 0%o, want O_RDWR)",
		      what, flflags & O_ACCMODE);

		struct memshare_buf_info bi = mst_binfo(c.fd);
		CHECK_EQ(bi.length, lens[i].out, "BUF_INFO length");
		CHECK_EQ(bi.nr_pages, lens[i].out / MST_PAGE, "BUF_INFO nr_pages");
		CHECK_EQ(bi.backend, backend, "BUF_INFO backend");
		CHECK_EQ(bi.policy, policy, "BUF_INFO policy");
		CHECK_EQ(bi.nr_mappings, 0, "BUF_INFO nr_mappings of a fresh buffer");
		CHECK_EQX(bi.flags & (MEMSHARE_INFO_NAMED | MEMSHARE_INFO_DESTROYED), 0,
			  "BUF_INFO flags NAMED|DESTROYED of an anonymous buffer");
		CHECK_EQ(bi.name[0], 0, "BUF_INFO name of an anonymous buffer (first byte)");
		if (mst_have_cap_sys_admin()) {
			CHECK(bi.flags & MEMSHARE_INFO_PHYS, "BUF_INFO flags: PHYS unset for root");
			if (backend == MEMSHARE_BACKEND_CONTIG)
				CHECK(bi.phys_addr && bi.phys_addr % MST_PAGE == 0,
				      "contig phys_addr (got 0x%llx, want page-aligned non-zero)",
				      (unsigned long long)bi.phys_addr);
			else
				CHECK_EQX(bi.phys_addr, 0, "vmalloc phys_addr");
		}

		v1 = mst_version(ctl);
		CHECK_EQ(v1.nr_buffers, v0.nr_buffers + 1, "VERSION nr_buffers after CREATE");
		CHECK_EQ(v1.total_bytes, v0.total_bytes + lens[i].out, "VERSION total_bytes after CREATE");
		CHECK_EQ(v1.nr_named, v0.nr_named, "VERSION nr_named after an anonymous CREATE");

		close(c.fd);
		v1 = mst_version(ctl);
		CHECK_EQ(v1.nr_buffers, v0.nr_buffers, "VERSION nr_buffers after close");
		CHECK_EQ(v1.total_bytes, v0.total_bytes, "VERSION total_bytes after close");
	}

	/* The library's ms_create() gives the same. */
	int fd = mst_create(ctl, 3 * MST_PAGE + 7, MEMSHARE_BACKEND_VMALLOC, MEMSHARE_MAP_LAZY);
	CHECK(fcntl(fd, F_GETFD) & FD_CLOEXEC, "ms_create fd without FD_CLOEXEC");
	CHECK_EQ(mst_binfo(fd).length, 4 * MST_PAGE, "ms_create length");
	close(fd);
	PASS();
}
