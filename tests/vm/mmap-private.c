// SPDX-License-Identifier: MIT
/* mmap(MAP_PRIVATE) of a buffer -> EINVAL (read-only too), for anonymous
 * and named buffers. */
#include "mstest.h"

static void check(int fd, const char *what)
{
	int prots[] = { PROT_READ, PROT_READ | PROT_WRITE, PROT_WRITE };

	for (int i = 0; i < 3; i++) {
		void *p = mmap(NULL, MST_PAGE, prots[i], MAP_PRIVATE, fd, 0);
		char w[96];

		snprintf(w, sizeof(w), "%s: mmap(MAP_PRIVATE, prot %d)", what, prots[i]);
		CHECK_ERR(p == MAP_FAILED ? -errno : 0, EINVAL, w);
	}
}

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();

	for (uint32_t backend = 0; backend <= 1; backend++)
	for (uint32_t policy = 0; policy <= 1; policy++) {
		int fd = mst_create(ctl, 2 * MST_PAGE, backend, policy);

		check(fd, backend ? "contig" : "vmalloc");
		CHECK_EQ(mst_binfo(fd).nr_mappings, 0, "nr_mappings after failed mmaps");
		close(fd);
	}
	if (mst_have_cap_sys_admin()) {
		int fd = mst_create_named(ctl, "mst_mpriv", MST_PAGE, 0, 0);
		int nfd = open("/dev/memshare-mst_mpriv", O_RDWR | O_CLOEXEC);

		CHECK(nfd >= 0, "open /dev/memshare-mst_mpriv (got -%s)", mst_errname(errno));
		check(nfd, "named node fd");
		close(nfd);
		close(fd);
		mst_destroy(ctl, "mst_mpriv");
	}
	PASS();
}
