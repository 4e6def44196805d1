// SPDX-License-Identifier: MIT
/* A struct larger than the kernel's with a non-zero byte beyond the kernel's
 * struct is -E2BIG, for every ioctl, and has no effect. */
#include "mstest.h"

#define EXTRA 16

static void check(int fd, unsigned long cmd, const char *name, const void *s,
		  size_t ssize)
{
	/* the first, a middle and the last byte beyond the struct */
	long offs[] = { (long)ssize, (long)ssize + 5, (long)ssize + EXTRA - 1 };

	for (unsigned i = 0; i < 3; i++) {
		char what[96];

		snprintf(what, sizeof(what), "%s with size %zu, byte %ld non-zero",
			 name, ssize + EXTRA, offs[i]);
		CHECK_ERR(mst_ioctl_sized(fd, cmd, s, ssize, ssize + EXTRA,
					  (uint32_t)(ssize + EXTRA), offs[i], NULL),
			  E2BIG, what);
	}
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	const char *name = "mst_longnz";
	struct memshare_version v0 = mst_version(ctl);

	struct memshare_version v = { 0 };
	check(ctl, MEMSHARE_IOC_VERSION, "VERSION", &v, sizeof(v));

	struct memshare_create c;
	mst_create_init(&c, MST_PAGE);
	check(ctl, MEMSHARE_IOC_CREATE, "CREATE", &c, sizeof(c));
	struct memshare_version v1 = mst_version(ctl);
	CHECK_EQ(v1.nr_buffers, v0.nr_buffers, "nr_buffers after E2BIG CREATEs");
	CHECK_EQ(v1.total_bytes, v0.total_bytes, "total_bytes after E2BIG CREATEs");

	int buf = (int)CHECK_OK(mst_create_named_raw(ctl, name, MST_PAGE, 0, 0, 0),
				"CREATE named mst_longnz");

	struct memshare_open o = { 0 };
	strcpy(o.name, name);
	check(ctl, MEMSHARE_IOC_OPEN, "OPEN", &o, sizeof(o));

	struct memshare_destroy d = { 0 };
	strcpy(d.name, name);
	check(ctl, MEMSHARE_IOC_DESTROY, "DESTROY", &d, sizeof(d));
	struct memshare_buf_info bi = mst_binfo(buf);
	CHECK(!(bi.flags & MEMSHARE_INFO_DESTROYED),
	      "buffer destroyed by a DESTROY that returned E2BIG (flags 0x%x)", bi.flags);

	memset(&bi, 0, sizeof(bi));
	check(buf, MEMSHARE_IOC_BUF_INFO, "BUF_INFO", &bi, sizeof(bi));

	/* FILL with 0xff: must not happen. */
	struct memshare_access a = { .op = MEMSHARE_ACCESS_FILL, .fill = 0xff,
				     .length = MST_PAGE };
	check(buf, MEMSHARE_IOC_ACCESS, "ACCESS", &a, sizeof(a));
	uint8_t page[MST_PAGE];
	CHECK_EQ(pread(buf, page, sizeof(page), 0), sizeof(page), "pread");
	CHECK(mst_find_not(page, sizeof(page), 0) < 0,
	      "ACCESS FILL that returned E2BIG changed the buffer");

	close(buf);
	mst_destroy(ctl, name);
	PASS();
}
