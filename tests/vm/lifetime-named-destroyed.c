// SPDX-License-Identifier: MIT
/* A destroyed named buffer lives on while a mapping or an fd exists: the
 * mapping still holds the data, and kernel operations through another fd
 * (opened before DESTROY) see it; it is freed with the last reference. */
#include "mstest.h"

#define NAME "mst_life"
#define LEN (4 * MST_PAGE)

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	struct memshare_version v0 = mst_version(ctl), v;
	static uint8_t pat[LEN];

	int fd = mst_create_named(ctl, NAME, LEN, MEMSHARE_BACKEND_VMALLOC, MEMSHARE_MAP_LAZY);
	int ofd = (int)CHECK_OK(mst_open_raw(ctl, NAME), "OPEN " NAME);
	uint8_t *m = mst_map(fd, 0, LEN);
	mst_pattern(pat, LEN, 4);
	memcpy(m, pat, LEN);
	close(fd);

	mst_destroy(ctl, NAME);
	CHECK_ERR(mst_open_raw(ctl, NAME), ENOENT, "OPEN after DESTROY");
	v = mst_version(ctl);
	CHECK_EQ(v.nr_named, v0.nr_named, "nr_named after DESTROY");
	CHECK_EQ(v.nr_buffers, v0.nr_buffers + 1, "nr_buffers after DESTROY (still referenced)");
	CHECK_EQ(v.total_bytes, v0.total_bytes + LEN, "total_bytes after DESTROY (still referenced)");

	CHECK(!memcmp(m, pat, LEN), "mapping data after DESTROY");
	CHECK_EQX(mst_kcrc(ofd, 0, LEN), ms_crc32c(pat, LEN), "kernel CRC via the other fd after DESTROY");
	CHECK_OK(mst_access(ofd, MEMSHARE_ACCESS_FILL, 0, 16, 0x99, NULL, NULL), "FILL after DESTROY");
	CHECK(mst_find_not(m, 16, 0x99) < 0, "FILL via the other fd not seen in the mapping");
	struct memshare_buf_info bi = mst_binfo(ofd);
	CHECK(bi.flags & MEMSHARE_INFO_DESTROYED, "BUF_INFO flags DESTROYED unset (0x%x)", bi.flags);
	CHECK_EQ(bi.nr_mappings, 1, "BUF_INFO nr_mappings after DESTROY");

	close(ofd);
	CHECK_EQ(m[LEN - 1], pat[LEN - 1], "mapping data with no fd left");
	CHECK_EQ(mst_version(ctl).nr_buffers, v0.nr_buffers + 1, "nr_buffers with only a mapping left");
	mst_unmap(m, LEN);
	v = mst_version(ctl);
	CHECK_EQ(v.nr_buffers, v0.nr_buffers, "nr_buffers after the last munmap");
	CHECK_EQ(v.total_bytes, v0.total_bytes, "total_bytes after the last munmap");
	PASS();
}
