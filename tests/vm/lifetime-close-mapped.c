// SPDX-License-Identifier: MIT
/* A mapping keeps an anonymous buffer alive after close(fd): the data is
 * still there and still shared between mappings; the buffer counts until
 * the last munmap, then it is freed. */
#include "mstest.h"

#define LEN (8 * MST_PAGE)

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	static uint8_t pat[LEN];

	for (uint32_t backend = 0; backend <= 1; backend++)
	for (uint32_t policy = 0; policy <= 1; policy++) {
		struct memshare_version v0 = mst_version(ctl), v;
		int fd = mst_create(ctl, LEN, backend, policy);
		uint8_t *a = mst_map(fd, 0, LEN);
		uint8_t *b = mst_map(fd, 4 * MST_PAGE, 4 * MST_PAGE);

		mst_pattern(pat, LEN, backend * 2 + policy);
		/* half of the pages written before close, via the fd */
		CHECK_EQ(pwrite(fd, pat, LEN / 2, 0), LEN / 2, "pwrite");
		close(fd);

		v = mst_version(ctl);
		CHECK_EQ(v.nr_buffers, v0.nr_buffers + 1, "nr_buffers after close with mappings");
		CHECK_EQ(v.total_bytes, v0.total_bytes + LEN, "total_bytes after close with mappings");
		CHECK_EQ(v.nr_mappings, v0.nr_mappings + 2, "nr_mappings after close");

		/* pages never touched before close still fault in fine */
		memcpy(a + LEN / 2, pat + LEN / 2, LEN / 2);
		CHECK(!memcmp(a, pat, LEN), "data through mapping A after close(fd)");
		CHECK(!memcmp(b, pat + LEN / 2, LEN / 2), "data through mapping B after close(fd)");
		b[0] ^= 0xff;
		CHECK_EQX(a[LEN / 2], (uint8_t)(pat[LEN / 2] ^ 0xff), "store in B seen in A after close");

		mst_unmap(a, LEN);
		v = mst_version(ctl);
		CHECK_EQ(v.nr_buffers, v0.nr_buffers + 1, "nr_buffers with one mapping left");
		CHECK_EQ(b[1], pat[LEN / 2 + 1], "data with one mapping left");
		mst_unmap(b, 4 * MST_PAGE);
		v = mst_version(ctl);
		CHECK_EQ(v.nr_buffers, v0.nr_buffers, "nr_buffers after the last munmap");
		CHECK_EQ(v.total_bytes, v0.total_bytes, "total_bytes after the last munmap");
		CHECK_EQ(v.nr_mappings, v0.nr_mappings, "nr_mappings after the last munmap");
	}
	PASS();
}
