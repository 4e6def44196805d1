// SPDX-License-Identifier: MIT
/* Triple cross-check, a file on tmpfs (the guest's /tmp, the test's
 * directory) mapped MAP_SHARED and written: tmpfs files are shmem, so the
 * module says VMA kind SHMEM (not FILE), with the file's path.  Module,
 * pagemap and a pin agree on every PFN; swap-backed non-anonymous pages
 * (as /proc/kpageflags), pagemap's "file page" bit. */
#include "xcheck.h"
#include <sys/statfs.h>

#define LEN (16 * MST_PAGE)
#define TMPFS_MAGIC 0x01021994

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = xc_ctl();
	struct statfs sf;
	char path[300], mpath[300];

	CHECK(getcwd(path, 256) != NULL, "getcwd");
	CHECK(statfs(path, &sf) == 0, "statfs(%s)", path);
	if (sf.f_type != TMPFS_MAGIC)
		SKIP("the test's directory %s is not on tmpfs (f_type 0x%lx)", path, (long)sf.f_type);
	strcat(path, "/tmpfs-file");
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	CHECK(fd >= 0, "open(%s) (got -%s)", path, mst_errname(errno));
	CHECK(ftruncate(fd, LEN) == 0, "ftruncate");
	uint8_t *m = mst_map(fd, 0, LEN);
	mst_pattern(m, LEN, 11);
	xc_check_shmem(ctl, "tmpfs file", m, LEN);
	xc_path(ctl, (uintptr_t)m, mpath, sizeof(mpath));
	CHECK(!strcmp(mpath, path), "XLATE_PATHS path \"%s\", want \"%s\"", mpath, path);
	mst_unmap(m, LEN);
	close(fd);
	unlink(path);
	PASS();
}
