// SPDX-License-Identifier: MIT
/* A struct size below the first published version (*_SIZE_VER0) is -EINVAL,
 * for every ioctl of both kinds of fd. */
#include "mstest.h"

static void check_short(int fd, unsigned long cmd, const char *name,
			const void *s, size_t ssize, uint32_t ver0)
{
	uint32_t sizes[] = { 0, 4, 8, ver0 - 8, ver0 - 1 };

	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char what[96];

		snprintf(what, sizeof(what), "%s with size %u (VER0 %u)", name,
			 sizes[i], ver0);
		CHECK_ERR(mst_ioctl_sized(fd, cmd, s, ssize, ssize, sizes[i], -1, NULL),
			  EINVAL, what);
	}
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	struct memshare_version v0 = mst_version(ctl);

	struct memshare_version v = { .size = sizeof(v) };
	check_short(ctl, MEMSHARE_IOC_VERSION, "VERSION", &v, sizeof(v),
		    MEMSHARE_VERSION_SIZE_VER0);

	struct memshare_create c;
	mst_create_init(&c, MST_PAGE);
	check_short(ctl, MEMSHARE_IOC_CREATE, "CREATE", &c, sizeof(c),
		    MEMSHARE_CREATE_SIZE_VER0);
	struct memshare_version v1 = mst_version(ctl);
	CHECK_EQ(v1.nr_buffers, v0.nr_buffers, "nr_buffers after rejected CREATEs");

	/* A name that does not exist: a wrongly accepted call gives ENOENT. */
	struct memshare_destroy d = { .size = sizeof(d) };
	strcpy(d.name, "mst_no_such_buffer");
	check_short(ctl, MEMSHARE_IOC_DESTROY, "DESTROY", &d, sizeof(d),
		    MEMSHARE_DESTROY_SIZE_VER0);

	struct memshare_open o = { .size = sizeof(o) };
	strcpy(o.name, "mst_no_such_buffer");
	check_short(ctl, MEMSHARE_IOC_OPEN, "OPEN", &o, sizeof(o),
		    MEMSHARE_OPEN_SIZE_VER0);

	int buf = mst_create(ctl, 2 * MST_PAGE, MEMSHARE_BACKEND_VMALLOC, MEMSHARE_MAP_LAZY);
	struct memshare_buf_info bi = { .size = sizeof(bi) };
	check_short(buf, MEMSHARE_IOC_BUF_INFO, "BUF_INFO", &bi, sizeof(bi),
		    MEMSHARE_BUF_INFO_SIZE_VER0);

	struct memshare_access a = { .size = sizeof(a), .op = MEMSHARE_ACCESS_CRC32C,
				     .length = MST_PAGE };
	check_short(buf, MEMSHARE_IOC_ACCESS, "ACCESS", &a, sizeof(a),
		    MEMSHARE_ACCESS_SIZE_VER0);
	close(buf);
	PASS();
}
