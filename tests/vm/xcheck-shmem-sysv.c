// SPDX-License-Identifier: MIT
/* Triple cross-check, System V shared memory (shmget + shmat), written.
 * Module, pagemap and a pin agree on every PFN; VMA kind SHMEM, shared,
 * writable, swap-backed non-anonymous pages (as /proc/kpageflags),
 * pagemap's "file page" bit; a second attach maps the same PFNs. */
#include "xcheck.h"
#include <sys/ipc.h>
#include <sys/shm.h>

#define LEN (16 * MST_PAGE)

static int shmid = -1;

static void rm_shm(void)
{
	if (shmid >= 0)
		shmctl(shmid, IPC_RMID, NULL);
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = xc_ctl();

	shmid = shmget(IPC_PRIVATE, LEN, IPC_CREAT | 0600);
	if (shmid < 0 && errno == ENOSYS)
		SKIP("kernel without System V IPC");
	CHECK(shmid >= 0, "shmget (got -%s)", mst_errname(errno));
	atexit(rm_shm);
	uint8_t *m = shmat(shmid, NULL, 0);
	CHECK(m != (void *)-1, "shmat (got -%s)", mst_errname(errno));
	mst_pattern(m, LEN, 10);
	xc_check_shmem(ctl, "SysV shm", m, LEN);

	uint8_t *m2 = shmat(shmid, NULL, SHM_RDONLY);
	CHECK(m2 != (void *)-1, "second shmat (got -%s)", mst_errname(errno));
	mst_touch_read(m2, LEN);
	for (size_t i = 0; i < LEN / MST_PAGE; i++) {
		xc_ent a = xc_one(ctl, 0, 0, (uintptr_t)m + i * MST_PAGE);
		xc_ent b = xc_one(ctl, 0, 0, (uintptr_t)m2 + i * MST_PAGE);

		CHECK_EQX(b.pfn, a.pfn, "two attaches of a SysV segment: same PFN");
		CHECK_EQ(b.vma_kind, MEMSHARE_VMA_SHMEM, "second attach: VMA kind SHMEM");
		CHECK(!(b.flags & MEMSHARE_XF_WRITE), "SHM_RDONLY attach page %zu writable", i);
	}
	CHECK(shmdt(m2) == 0 && shmdt(m) == 0, "shmdt");
	PASS();
}
