// SPDX-License-Identifier: MIT
/* io_uring fixed buffers: io_uring_register_buffers() of a mapped buffer,
 * then IORING_OP_READ_FIXED from a tmpfs (memfd) file into it, checked by
 * the kernel's CRC.  Kernels before 6.5 refuse file-backed VMAs in
 * io_uring/rsrc.c with EOPNOTSUPP: skipped there (any other error fails). */
#include "mstest.h"
#include <liburing.h>
#include <sys/utsname.h>

#define LEN (256 << 10)

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	struct io_uring ring;
	struct utsname u;
	int kv = mst_kernel_version();
	static uint8_t pat[LEN];

	uname(&u);
	int r = io_uring_queue_init(8, &ring, 0);
	if (r == -ENOSYS || r == -EPERM)
		SKIP("io_uring unavailable (io_uring_queue_init: %s)", mst_errname(-r));
	CHECK_OK(r, "io_uring_queue_init");

	int file = memfd_create("mst-uring", MFD_CLOEXEC);	/* shmem = tmpfs */
	CHECK(file >= 0, "memfd_create (got -%s)", mst_errname(errno));
	mst_pattern(pat, LEN, 77);
	CHECK_EQ(pwrite(file, pat, LEN, 0), LEN, "pwrite to the tmpfs file");

	for (uint32_t backend = 0; backend <= 1; backend++) {
		int fd = mst_create(ctl, LEN, backend, MEMSHARE_MAP_LAZY);
		uint8_t *m = mst_map(fd, 0, LEN);
		struct iovec iov = { .iov_base = m, .iov_len = LEN };

		r = io_uring_register_buffers(&ring, &iov, 1);
		if (r == -EOPNOTSUPP && kv < 6005)
			SKIP("kernel %s < 6.5: io_uring/rsrc.c refuses to register file-backed mappings (EOPNOTSUPP)",
			     u.release);
		if (r < 0)
			FAIL("backend %u: io_uring_register_buffers of a mapped buffer on %s (got %s, want 0)",
			     backend, u.release, mst_res(r));

		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
		io_uring_prep_read_fixed(sqe, file, m, LEN, 0, 0);
		CHECK_EQ(io_uring_submit(&ring), 1, "io_uring_submit");
		struct io_uring_cqe *cqe;
		CHECK_OK(io_uring_wait_cqe(&ring, &cqe), "io_uring_wait_cqe");
		int res = cqe->res;
		io_uring_cqe_seen(&ring, cqe);
		if (res != LEN)
			FAIL("backend %u: READ_FIXED result (got %s, want %d)", backend, mst_res(res), LEN);
		CHECK_EQX(mst_kcrc(fd, 0, LEN), ms_crc32c(pat, LEN), "kernel CRC after READ_FIXED");

		/* and a partial read into the middle of the registered buffer */
		CHECK_OK(mst_access(fd, MEMSHARE_ACCESS_FILL, 0, LEN, 0, NULL, NULL), "FILL 0");
		sqe = io_uring_get_sqe(&ring);
		io_uring_prep_read_fixed(sqe, file, m + 5 * MST_PAGE, 3 * MST_PAGE, 7 * MST_PAGE, 0);
		CHECK_EQ(io_uring_submit(&ring), 1, "io_uring_submit");
		CHECK_OK(io_uring_wait_cqe(&ring, &cqe), "io_uring_wait_cqe");
		res = cqe->res;
		io_uring_cqe_seen(&ring, cqe);
		CHECK_EQ(res, 3 * MST_PAGE, "READ_FIXED of 3 pages at an offset");
		CHECK_EQX(mst_kcrc(fd, 5 * MST_PAGE, 3 * MST_PAGE),
			  ms_crc32c(pat + 7 * MST_PAGE, 3 * MST_PAGE), "kernel CRC of the 3 pages");

		CHECK_OK(io_uring_unregister_buffers(&ring), "io_uring_unregister_buffers");
		mst_unmap(m, LEN);
		close(fd);
	}
	io_uring_queue_exit(&ring);
	close(file);
	PASS();
}
