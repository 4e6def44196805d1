// SPDX-License-Identifier: MIT
/*
 * ms_xlate_new() options and errors on the host (no module here):
 * libbpf OPTS_VALID rules, unknown backend and flags, READ with pagemap,
 * MODULE without /dev/memshare, a process that does not exist, AUTO
 * falling back to pagemap; and the NULL checks of the other calls.
 */
#include <memshare.h>

#include "testutil.h"

struct ms_xlate_opts_v2 {
	struct ms_xlate_opts v1;
	uint64_t future;
};

/* A pid that is not in use: above pid_max, or a reaped child's. */
static int dead_pid(void)
{
	pid_t pid = fork();

	if (!pid)
		_exit(0);
	waitpid(pid, NULL, 0);
	return pid;
}

int main(void)
{
	struct ms_xlate *x = (struct ms_xlate *)1;
	struct ms_xlate_entry e;
	struct ms_xlate_opts o;
	uint64_t a = 0, next;
	bool have_module = access(MS_CONTROL_PATH, F_OK) == 0;

	/* NULL opts: the caller, AUTO (pagemap without the module) */
	CHECK_INT(ms_xlate_new(NULL, &x), 0);
	CHECK(x != NULL);
	if (x)
		CHECK_INT(ms_xlate_backend(x), have_module ?
			  MS_BACKEND_MODULE : MS_BACKEND_PAGEMAP);
	ms_xlate_free(x);
	ms_xlate_free(NULL);
	CHECK_INT(ms_xlate_new(NULL, NULL), -EINVAL);

	/* sz: too small, older (just sz), newer with a zero or non-zero tail */
	memset(&o, 0, sizeof(o));
	o.sz = sizeof(size_t) - 1;
	x = (struct ms_xlate *)1;
	CHECK_INT(ms_xlate_new(&o, &x), -EINVAL);
	CHECK(x == NULL);
	o.sz = sizeof(size_t);
	o.backend = 99;		/* outside sz: ignored */
	CHECK_INT(ms_xlate_new(&o, &x), 0);
	ms_xlate_free(x);
	{
		struct ms_xlate_opts_v2 n;

		memset(&n, 0, sizeof(n));
		n.v1.sz = sizeof(n);
		n.v1.backend = MS_BACKEND_PAGEMAP;
		CHECK_INT(ms_xlate_new(&n.v1, &x), 0);
		ms_xlate_free(x);
		n.future = 1;
		CHECK_INT(ms_xlate_new(&n.v1, &x), -EINVAL);
	}

	/* reserved, unknown backend, unknown flags, negative pid */
	{
		MS_OPTS(ms_xlate_opts, r, .__pad = 1);
		MS_OPTS(ms_xlate_opts, b, .backend = 3);
		MS_OPTS(ms_xlate_opts, b2, .backend = -1);
		MS_OPTS(ms_xlate_opts, f, .flags = MEMSHARE_XLATE_RANGE);
		MS_OPTS(ms_xlate_opts, f2, .flags = 1U << 20);
		MS_OPTS(ms_xlate_opts, p, .pid = -1);

		CHECK_INT(ms_xlate_new(&r, &x), -EINVAL);
		CHECK_INT(ms_xlate_new(&b, &x), -EINVAL);
		CHECK_INT(ms_xlate_new(&b2, &x), -EINVAL);
		CHECK_INT(ms_xlate_new(&f, &x), -EINVAL);
		CHECK_INT(ms_xlate_new(&f2, &x), -EINVAL);
		CHECK_INT(ms_xlate_new(&p, &x), -EINVAL);
	}

	/* READ needs the module */
	{
		MS_OPTS(ms_xlate_opts, r, .backend = MS_BACKEND_PAGEMAP,
			.flags = MS_XLATE_READ);

		CHECK_INT(ms_xlate_new(&r, &x), -EOPNOTSUPP);
	}

	/* MODULE without the module */
	if (!have_module) {
		MS_OPTS(ms_xlate_opts, m, .backend = MS_BACKEND_MODULE);
		MS_OPTS(ms_xlate_opts, r, .flags = MS_XLATE_READ);

		CHECK_INT(ms_xlate_new(&m, &x), -ENODEV);
		/* AUTO falls back to pagemap, which cannot READ */
		CHECK_INT(ms_xlate_new(&r, &x), -EOPNOTSUPP);
	}

	/* a process that does not exist */
	{
		MS_OPTS(ms_xlate_opts, d, .backend = MS_BACKEND_PAGEMAP,
			.pid = dead_pid());
		MS_OPTS(ms_xlate_opts, d2, .pid = dead_pid());

		CHECK_INT(ms_xlate_new(&d, &x), -ESRCH);
		CHECK_INT(ms_xlate_new(&d2, &x), -ESRCH);
	}

	/* another process we may look at: our parent when root, else self */
	{
		MS_OPTS(ms_xlate_opts, s, .backend = MS_BACKEND_PAGEMAP,
			.pid = getpid());

		CHECK_INT(ms_xlate_new(&s, &x), 0);
		if (x) {
			a = (uintptr_t)&e;
			CHECK_INT(ms_xlate_addrs(x, &a, 1, &e), 0);
			CHECK_INT(e.e.vma_kind, MEMSHARE_VMA_STACK);
			CHECK(e.e.flags & MEMSHARE_XF_PRESENT);
		}
	}

	/* NULL arguments */
	CHECK_INT(ms_xlate_addrs(NULL, &a, 1, &e), -EINVAL);
	CHECK_INT(ms_xlate_addrs(x, NULL, 1, &e), -EINVAL);
	CHECK_INT(ms_xlate_addrs(x, &a, 1, NULL), -EINVAL);
	CHECK_INT(ms_xlate_addrs(x, NULL, 0, NULL), 0);
	CHECK_INT(ms_xlate_range(NULL, 0, 4096, &e, 1, &next), -EINVAL);
	CHECK_INT(ms_xlate_backend(NULL), -EINVAL);
	CHECK_INT(ms_kaddr(-1, 0, NULL), -EINVAL);
	{
		struct memshare_kaddr k;

		CHECK_INT(ms_kaddr(-1, 0, &k), -EBADF);
	}
	ms_xlate_free(x);
	return t_result();
}
