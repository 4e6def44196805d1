// SPDX-License-Identifier: MIT
/*
 * ms_create() options validation (libbpf OPTS_VALID rules), and the name
 * checks done before the kernel is called.  The control fd is -1: a call
 * that passes validation reaches ioctl() and fails with -EBADF.
 */
#include <memshare.h>

#include "testutil.h"

/* A caller built against a newer library: one more field. */
struct ms_create_opts_v2 {
	struct ms_create_opts v1;
	uint64_t future;
};

int main(void)
{
	char name31[32], name32[33];
	struct ms_create_opts o;

	memset(name31, 'a', 31);
	name31[31] = '\0';
	memset(name32, 'b', 32);
	name32[32] = '\0';

	/* NULL opts: the defaults */
	CHECK_INT(ms_create(-1, 4096, NULL), -EBADF);

	/* MS_OPTS */
	{
		MS_OPTS(ms_create_opts, d, .backend = MEMSHARE_BACKEND_CONTIG);

		CHECK_INT(d.sz, sizeof(struct ms_create_opts));
		CHECK_INT(d.backend, MEMSHARE_BACKEND_CONTIG);
		CHECK(d.name == NULL && d.no_fd == 0 && d.__pad == 0);
		CHECK_INT(ms_create(-1, 4096, &d), -EBADF);
	}

	/* sz too small: less than the sz field itself */
	memset(&o, 0, sizeof(o));
	o.sz = 0;
	CHECK_INT(ms_create(-1, 4096, &o), -EINVAL);
	o.sz = 1;
	CHECK_INT(ms_create(-1, 4096, &o), -EINVAL);
	o.sz = sizeof(size_t) - 1;
	CHECK_INT(ms_create(-1, 4096, &o), -EINVAL);
	/* just sz, then sz and the first fields: an older caller */
	o.sz = sizeof(size_t);
	CHECK_INT(ms_create(-1, 4096, &o), -EBADF);
	o.sz = offsetof(struct ms_create_opts, name);
	o.name = name32;	/* not within sz: ignored */
	CHECK_INT(ms_create(-1, 4096, &o), -EBADF);
	o.sz = sizeof(o);
	CHECK_INT(ms_create(-1, 4096, &o), -ENAMETOOLONG);

	/* the reserved field must be zero */
	memset(&o, 0, sizeof(o));
	o.sz = sizeof(o);
	o.__pad = 1;
	CHECK_INT(ms_create(-1, 4096, &o), -EINVAL);

	/* a newer caller: the tail this library does not know must be 0 */
	{
		struct ms_create_opts_v2 n;

		memset(&n, 0, sizeof(n));
		n.v1.sz = sizeof(n);
		CHECK_INT(ms_create(-1, 4096, &n.v1), -EBADF);
		n.future = 1;
		CHECK_INT(ms_create(-1, 4096, &n.v1), -EINVAL);
		n.future = 1ULL << 63;
		CHECK_INT(ms_create(-1, 4096, &n.v1), -EINVAL);
		/* ... unless the caller's sz stops before it */
		n.v1.sz = sizeof(n.v1);
		CHECK_INT(ms_create(-1, 4096, &n.v1), -EBADF);
	}

	/* names: 31 characters fit, 32 do not (checked before the ioctl) */
	memset(&o, 0, sizeof(o));
	o.sz = sizeof(o);
	o.name = name31;
	CHECK_INT(ms_create(-1, 4096, &o), -EBADF);
	o.name = name32;
	CHECK_INT(ms_create(-1, 4096, &o), -ENAMETOOLONG);
	CHECK_INT(ms_destroy(-1, name31), -EBADF);
	CHECK_INT(ms_destroy(-1, name32), -ENAMETOOLONG);
	CHECK_INT(ms_destroy(-1, NULL), -EINVAL);
	CHECK_INT(ms_open_named(-1, name31), -EBADF);
	CHECK_INT(ms_open_named(-1, name32), -ENAMETOOLONG);
	CHECK_INT(ms_open_named(-1, NULL), -EINVAL);

	/* other argument checks, and -errno from the kernel */
	{
		struct memshare_version v;
		struct memshare_buf_info bi;
		uint64_t pfns[4];
		uint32_t crc;

		CHECK_INT(ms_version(-1, NULL), -EINVAL);
		CHECK_INT(ms_version(-1, &v), -EBADF);
		CHECK_INT(ms_buf_info(-1, NULL), -EINVAL);
		CHECK_INT(ms_buf_info(-1, &bi), -EBADF);
		CHECK_INT(ms_buf_pfns(-1, 0, pfns, 0), 0);
		CHECK_INT(ms_buf_pfns(-1, 0, NULL, 4), -EINVAL);
		CHECK_INT(ms_buf_pfns(-1, 0, pfns, 4), -EBADF);
		CHECK_INT(ms_kcrc32c(-1, 0, 1, NULL), -EINVAL);
		CHECK_INT(ms_kcrc32c(-1, 0, 1, &crc), -EBADF);
		CHECK_INT(ms_kfill(-1, 0, 1, 0xaa), -EBADF);
		CHECK_INT(ms_kwrite(-1, 0, "x", 1), -EBADF);
	}
	return t_result();
}
