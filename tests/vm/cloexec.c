// SPDX-License-Identifier: MIT
/* Every fd the module returns is O_CLOEXEC (CREATE, named CREATE, OPEN), and
 * really is closed across execve(). */
#include "mstest.h"

static void check_cloexec(int fd, const char *what)
{
	int fl = fcntl(fd, F_GETFD);
	char cmd[128];

	CHECK(fl >= 0 && (fl & FD_CLOEXEC), "%s: FD_CLOEXEC (got F_GETFD %d, want FD_CLOEXEC set)",
	      what, fl);
	/* exec a shell that checks that the fd is gone */
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		snprintf(cmd, sizeof(cmd), "test ! -e /proc/self/fd/%d", fd);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(2);
	}
	int rc = mst_wait_child(pid, "sh");
	CHECK(rc == 0, "%s: fd %d still open after execve (sh exit %d)", what, fd, rc);
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	const char *name = "mst_cloexec";

	int fd = (int)CHECK_OK(mst_create_raw(ctl, MST_PAGE, 0, 0), "CREATE");
	check_cloexec(fd, "CREATE fd");
	close(fd);
	fd = (int)CHECK_OK(mst_create_raw(ctl, MST_PAGE, MEMSHARE_BACKEND_CONTIG, MEMSHARE_MAP_EAGER),
			   "CREATE contig eager");
	check_cloexec(fd, "CREATE contig fd");
	close(fd);

	fd = (int)CHECK_OK(mst_create_named_raw(ctl, name, MST_PAGE, 0, 0, 0), "CREATE named");
	check_cloexec(fd, "named CREATE fd");
	int ofd = (int)CHECK_OK(mst_open_raw(ctl, name), "OPEN");
	check_cloexec(ofd, "OPEN fd");
	close(ofd);
	close(fd);
	fd = ms_open_named(ctl, name);
	CHECK(fd >= 0, "ms_open_named (got %s)", mst_res(fd));
	check_cloexec(fd, "ms_open_named fd");
	close(fd);
	mst_destroy(ctl, name);

	int c2 = ms_open();
	CHECK(c2 >= 0, "ms_open (got %s)", mst_res(c2));
	check_cloexec(c2, "ms_open control fd");
	close(c2);
	PASS();
}
