// SPDX-License-Identifier: MIT
/*
 * The pagemap backend as an unprivileged user (a child of the root test
 * that drops to uid/gid 65534): its own process translates with PFNs and
 * page state hidden (zero, not known); another user's process is -EPERM.
 * Skipped when not run as root.
 */
#include <grp.h>
#include <sys/prctl.h>

#include <memshare.h>

#include "testutil.h"

static int child(pid_t parent)
{
	MS_OPTS(ms_xlate_opts, o, .backend = MS_BACKEND_PAGEMAP,
		.flags = MS_XLATE_PAGE | MS_XLATE_PATHS);
	MS_OPTS(ms_xlate_opts, other, .backend = MS_BACKEND_PAGEMAP,
		.pid = parent);
	struct ms_xlate_entry e[2];
	struct ms_xlate *x = NULL;
	char *p;
	uint64_t a[2], next;

	if (setgroups(0, NULL) || setgid(65534) || setuid(65534)) {
		perror("dropping privileges");
		return T_FAIL;
	}
	/* as a process that was never root: /proc/self/ files are ours */
	prctl(PR_SET_DUMPABLE, 1);
	CHECK_INT(ms_xlate_new(&other, &x), -EPERM);

	CHECK_INT(ms_xlate_new(&o, &x), 0);
	if (!x)
		return t_result();
	p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	if (p == MAP_FAILED)
		return t_result();
	p[0] = 1;
	a[0] = (uintptr_t)p;
	a[1] = (uintptr_t)p + 4096;
	CHECK_INT(ms_xlate_addrs(x, a, 2, e), 0);
	CHECK(e[0].e.flags & MEMSHARE_XF_PRESENT);
	CHECK(!(e[0].e.flags & (MEMSHARE_XF_PHYS | MEMSHARE_XF_PAGE)));
	CHECK_U64(e[0].e.pfn, 0);
	CHECK_U64(e[0].e.paddr, 0);
	CHECK(!(e[0].known & (MS_KNOWN_PFN | MS_KNOWN_PAGE_FLAGS |
			      MS_KNOWN_MAPCOUNT | MS_KNOWN_COMPOUND)));
	CHECK(e[0].known & MS_KNOWN_PRESENT);
	CHECK_U64(e[0].e.page.flags, 0);
	CHECK(!(e[1].e.flags & MEMSHARE_XF_PRESENT));

	/* without PFNs, contiguity is not considered: one extent */
	p[4096] = 1;
	CHECK_INT(ms_xlate_range(x, a[0], a[0] + 8192, e, 2, &next), 1);
	CHECK_U64(e[0].e.length, 8192);
	CHECK_U64(e[0].e.pfn, 0);
	ms_xlate_free(x);
	return t_result();
}

int main(void)
{
	pid_t parent = getpid(), pid;
	int status;

	if (geteuid() != 0) {
		printf("SKIP: needs root (to drop to another user)\n");
		return T_SKIP;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return T_FAIL;
	if (!pid)
		_exit(child(parent));
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return T_FAIL;
	return WEXITSTATUS(status);
}
