// SPDX-License-Identifier: MIT
/* read/write/pread/pwrite move the file position as for a file and are
 * coherent with every mapping, in both directions, across page boundaries,
 * for every backend and policy. */
#include "mstest.h"

#define LEN (6 * MST_PAGE)

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	static uint8_t pat[LEN], got[LEN];

	for (uint32_t backend = 0; backend <= 1; backend++)
	for (uint32_t policy = 0; policy <= 1; policy++) {
		int fd = mst_create(ctl, LEN, backend, policy);
		uint8_t *m = mst_map(fd, 0, LEN);
		uint8_t *m2 = mst_map(fd, 2 * MST_PAGE, 2 * MST_PAGE);

		/* write() from position 0 in odd-sized pieces */
		mst_pattern(pat, LEN, backend * 2 + policy + 1);
		size_t done = 0, piece = 1000;
		while (done < LEN) {
			size_t n = LEN - done < piece ? LEN - done : piece;
			CHECK_EQ(write(fd, pat + done, n), n, "write");
			done += n;
			piece += 777;
		}
		CHECK_EQ(lseek(fd, 0, SEEK_CUR), LEN, "position after writing the whole buffer");
		CHECK(!memcmp(m, pat, LEN), "mapping differs from what write() stored");
		CHECK(!memcmp(m2, pat + 2 * MST_PAGE, 2 * MST_PAGE),
		      "second (offset) mapping differs from what write() stored");

		/* stores through a mapping are seen by read() */
		for (size_t i = 0; i < LEN; i += 513)
			m[i] ^= 0xff, pat[i] ^= 0xff;
		m2[MST_PAGE - 1] = 0x42;
		pat[3 * MST_PAGE - 1] = 0x42;
		CHECK_EQ(lseek(fd, 0, SEEK_SET), 0, "lseek 0");
		memset(got, 0, LEN);
		done = 0;
		piece = 4095;
		while (done < LEN) {
			ssize_t n = read(fd, got + done, piece);
			CHECK(n > 0, "read at %zu (got %s)", done, mst_res(n < 0 ? -errno : n));
			done += (size_t)n;
		}
		CHECK_EQ(read(fd, got, 1), 0, "read at the end");
		for (size_t i = 0; i < LEN; i++)
			if (got[i] != pat[i])
				FAIL("backend %u policy %u: read() byte %zu (got 0x%02x, want 0x%02x from the mapping)",
				     backend, policy, i, got[i], pat[i]);

		/* pread/pwrite across a page boundary; the position does not move */
		CHECK_EQ(lseek(fd, 123, SEEK_SET), 123, "lseek 123");
		const char s[] = "across the page boundary";
		CHECK_EQ(pwrite(fd, s, sizeof(s), MST_PAGE - 10), sizeof(s), "pwrite");
		CHECK(!memcmp(m + MST_PAGE - 10, s, sizeof(s)), "mapping after pwrite across pages");
		char b[sizeof(s)];
		CHECK_EQ(pread(fd, b, sizeof(b), MST_PAGE - 10), sizeof(b), "pread");
		CHECK(!memcmp(b, s, sizeof(s)), "pread across pages (got \"%.30s\")", b);
		CHECK_EQ(lseek(fd, 0, SEEK_CUR), 123, "position after pread/pwrite");

		/* the kernel sees the same bytes */
		CHECK_EQX(mst_kcrc(fd, 0, LEN), ms_crc32c(m, LEN), "kernel CRC vs mapping");
		mst_unmap(m2, 2 * MST_PAGE);
		mst_unmap(m, LEN);
		close(fd);
	}
	PASS();
}
