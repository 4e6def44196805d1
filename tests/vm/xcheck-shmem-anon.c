// SPDX-License-Identifier: MIT
/* Triple cross-check, MAP_SHARED|MAP_ANONYMOUS memory (shmem underneath),
 * written.  Module, pagemap and a pin agree on every PFN; VMA kind SHMEM
 * (not ANON), shared, writable, swap-backed non-anonymous pages (as
 * /proc/kpageflags), pagemap's "file page" bit. */
#include "xcheck.h"

#define LEN (16 * MST_PAGE)

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = xc_ctl();
	uint8_t *m = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	CHECK(m != MAP_FAILED, "mmap(MAP_SHARED|MAP_ANONYMOUS) (got -%s)", mst_errname(errno));
	mst_pattern(m, LEN, 9);
	xc_check_shmem(ctl, "shared anonymous", m, LEN);
	mst_unmap(m, LEN);
	PASS();
}
