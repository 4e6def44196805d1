// SPDX-License-Identifier: MIT
/* TO_BUFFER/FROM_BUFFER with a bad buf_fd: a negative or closed fd is
 * -EBADF; an fd that is not a memshare buffer (the control device, a pin
 * fd, a pipe, a regular file, a memfd) is -EINVAL, as dma_buf_get() does
 * for a file that is not a dma-buf; a buffer fd not open for writing
 * (TO_BUFFER) or reading (FROM_BUFFER: an O_WRONLY node) is -EBADF, as
 * write(2)/read(2).  Nothing is copied. */
#include "mstest.h"

#define LEN (2 * MST_PAGE)

static void expect(int pin, int fd, int err, const char *fdname)
{
	char what[128];

	for (uint32_t op = MEMSHARE_ACCESS_TO_BUFFER; op <= MEMSHARE_ACCESS_FROM_BUFFER; op++) {
		snprintf(what, sizeof(what), "%s with buf_fd %d (%s)",
			 op == MEMSHARE_ACCESS_TO_BUFFER ? "TO_BUFFER" : "FROM_BUFFER", fd, fdname);
		CHECK_ERR(mst_pin_access(pin, op, 0, 16, 0, NULL, fd, 0, NULL), err, what);
	}
}

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	uint8_t *m = mst_anon(LEN, 0x71);
	int pin = mst_pin(ctl, m, LEN, MEMSHARE_PIN_WRITE);
	int other = mst_pin(ctl, m, MST_PAGE, 0);
	int pfd[2];

	expect(pin, -1, EBADF, "-1");
	expect(pin, -1000, EBADF, "-1000");
	expect(pin, 1 << 20, EBADF, "not open");
	int closed = mst_create(ctl, LEN, 0, 0);
	close(closed);
	expect(pin, closed, EBADF, "a closed buffer fd");

	expect(pin, ctl, EINVAL, "the control device");
	expect(pin, other, EINVAL, "a pin fd");
	expect(pin, pin, EINVAL, "the pin fd itself");
	CHECK(pipe(pfd) == 0, "pipe");
	expect(pin, pfd[0], EINVAL, "a pipe");
	int reg = open("f", O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	CHECK(reg >= 0, "open(f) (got -%s)", mst_errname(errno));
	CHECK_EQ(ftruncate(reg, LEN), 0, "ftruncate");
	expect(pin, reg, EINVAL, "a regular file");
	int mfd = memfd_create("mst-pin", MFD_CLOEXEC);
	CHECK(mfd >= 0, "memfd_create");
	CHECK_EQ(ftruncate(mfd, LEN), 0, "ftruncate memfd");
	expect(pin, mfd, EINVAL, "a memfd");
	CHECK(mst_find_not(m, LEN, 0x71) < 0, "a rejected FROM_BUFFER stored bytes");

	/* a named buffer's node, open read-only or write-only (root) */
	if (mst_have_cap_sys_admin() && mst_exists("/dev/memshare-" MST_SEED)) {
		int ro = open("/dev/memshare-" MST_SEED, O_RDONLY | O_CLOEXEC);
		int wo = open("/dev/memshare-" MST_SEED, O_WRONLY | O_CLOEXEC);

		CHECK(ro >= 0 && wo >= 0, "open(/dev/memshare-" MST_SEED ") (got -%s)",
		      mst_errname(errno));
		CHECK_ERR(mst_pin_access(pin, MEMSHARE_ACCESS_TO_BUFFER, 0, 16, 0, NULL, ro, 0, NULL),
			  EBADF, "TO_BUFFER into an O_RDONLY buffer node fd");
		CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_FROM_BUFFER, 0, 0, 0, NULL, ro, 0, NULL),
			 "FROM_BUFFER (0 bytes) from an O_RDONLY buffer node fd");
		CHECK_ERR(mst_pin_access(pin, MEMSHARE_ACCESS_FROM_BUFFER, 0, 16, 0, NULL, wo, 0, NULL),
			  EBADF, "FROM_BUFFER from an O_WRONLY buffer node fd");
		close(ro);
		close(wo);
	} else {
		NOTE("not root or no param buffer " MST_SEED ": read-only node fds not checked");
	}

	/* a real buffer works */
	int buf = mst_create(ctl, LEN, 0, 0);
	CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_TO_BUFFER, 0, LEN, 0, NULL, buf, 0, NULL),
		 "TO_BUFFER with a buffer fd");
	CHECK_EQX(mst_kcrc(buf, 0, LEN), ms_crc32c(m, LEN), "buffer after TO_BUFFER");
	close(buf);
	close(reg);
	close(mfd);
	close(other);
	close(pin);
	munmap(m, LEN);
	PASS();
}
