// SPDX-License-Identifier: MIT
/* Commands are matched on direction, type and number: the size encoded in
 * the command number is ignored (the struct's size field rules). */
#include "mstest.h"

#define CMD_WITH_SIZE(cmd, sz) \
	_IOC(_IOC_DIR(cmd), _IOC_TYPE(cmd), _IOC_NR(cmd), (sz))

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	unsigned sizes[] = { 0, 8, 200, 1024, _IOC_SIZEMASK };

	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char what[96];
		struct memshare_version v = { .size = sizeof(v) };
		struct memshare_create c;
		struct memshare_buf_info bi = { .size = sizeof(bi) };
		struct memshare_access a = { .size = sizeof(a), .op = MEMSHARE_ACCESS_FILL,
					     .fill = 0x42, .offset = 10, .length = 3 };
		uint8_t b[16];
		long fd;

		snprintf(what, sizeof(what), "VERSION with size bits %u", sizes[i]);
		CHECK_OK(mst_ioctl(ctl, CMD_WITH_SIZE(MEMSHARE_IOC_VERSION, sizes[i]), &v), what);
		CHECK_EQ(v.abi_major, 1, "abi_major");

		mst_create_init(&c, 3 * MST_PAGE);
		snprintf(what, sizeof(what), "CREATE with size bits %u", sizes[i]);
		CHECK_OK(mst_ioctl(ctl, CMD_WITH_SIZE(MEMSHARE_IOC_CREATE, sizes[i]), &c), what);
		fd = c.fd;
		CHECK(fd >= 0, "CREATE fd (got %ld)", fd);

		snprintf(what, sizeof(what), "BUF_INFO with size bits %u", sizes[i]);
		CHECK_OK(mst_ioctl((int)fd, CMD_WITH_SIZE(MEMSHARE_IOC_BUF_INFO, sizes[i]), &bi), what);
		CHECK_EQ(bi.nr_pages, 3, "BUF_INFO nr_pages");

		snprintf(what, sizeof(what), "ACCESS with size bits %u", sizes[i]);
		CHECK_OK(mst_ioctl((int)fd, CMD_WITH_SIZE(MEMSHARE_IOC_ACCESS, sizes[i]), &a), what);
		CHECK_EQ(pread((int)fd, b, sizeof(b), 0), sizeof(b), "pread");
		for (int j = 0; j < 16; j++)
			CHECK_EQX(b[j], j >= 10 && j < 13 ? 0x42 : 0, "byte after FILL [10,13)");
		close((int)fd);
	}
	PASS();
}
