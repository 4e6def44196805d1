// SPDX-License-Identifier: MIT
/* Unknown ioctl commands are -ENOTTY on the control device and on buffer
 * fds: other numbers, another type, another direction, and the commands of
 * the other kind of fd. */
#include "mstest.h"
#include <termios.h>

#define MAGIC MEMSHARE_IOC_MAGIC

static uint8_t arg[4096];

static void expect_enotty(int fd, const char *fdname, unsigned long cmd,
			  const char *cmdname)
{
	char what[128];

	/* A plausible argument: a zeroed struct whose size says 128. */
	memset(arg, 0, sizeof(arg));
	*(uint32_t *)arg = 128;
	snprintf(what, sizeof(what), "ioctl(%s, %s = 0x%lx)", fdname, cmdname, cmd);
	CHECK_ERR(mst_ioctl(fd, cmd, arg), ENOTTY, what);
}

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	int buf = mst_create(ctl, MST_PAGE, MEMSHARE_BACKEND_VMALLOC, MEMSHARE_MAP_LAZY);

	struct {
		unsigned long cmd;
		const char *name;
	} both[] = {
		{ _IO(MAGIC, 0x0f), "_IO(MAGIC, 0x0f)" },
		{ _IOWR(MAGIC, 0x04, struct memshare_open), "_IOWR(MAGIC, 0x04)" },
		{ _IOWR(MAGIC, 0x0f, struct memshare_version), "_IOWR(MAGIC, 0x0f)" },
		{ _IOWR(MAGIC, 0x12, struct memshare_access), "_IOWR(MAGIC, 0x12)" },
		{ _IOWR(MAGIC, 0x1f, struct memshare_access), "_IOWR(MAGIC, 0x1f)" },
		{ _IOWR(MAGIC, 0x23, struct memshare_access), "_IOWR(MAGIC, 0x23) (unassigned: pin range)" },
		{ _IOWR(MAGIC, 0x2f, struct memshare_access), "_IOWR(MAGIC, 0x2f) (unassigned: pin range)" },
		{ _IOWR(MAGIC, 0x32, struct memshare_access), "_IOWR(MAGIC, 0x32) (unassigned: xlate range)" },
		{ _IOWR(MAGIC, 0x3f, struct memshare_access), "_IOWR(MAGIC, 0x3f) (unassigned: xlate range)" },
		{ _IOWR(MAGIC, 0xff, struct memshare_access), "_IOWR(MAGIC, 0xff)" },
		/* right number, wrong type */
		{ _IOWR(MAGIC + 1, 0x00, struct memshare_version), "_IOWR(MAGIC+1, 0x00)" },
		{ _IOWR(MAGIC + 1, 0x10, struct memshare_buf_info), "_IOWR(MAGIC+1, 0x10)" },
		{ _IOWR('x', 0x11, struct memshare_access), "_IOWR('x', 0x11)" },
		/* right type and number, wrong direction */
		{ _IOR(MAGIC, 0x00, struct memshare_version), "_IOR(MAGIC, 0x00) (VERSION is _IOWR)" },
		{ _IO(MAGIC, 0x01), "_IO(MAGIC, 0x01) (CREATE is _IOWR)" },
		{ _IOWR(MAGIC, 0x02, struct memshare_destroy), "_IOWR(MAGIC, 0x02) (DESTROY is _IOW)" },
		{ _IOW(MAGIC, 0x10, struct memshare_buf_info), "_IOW(MAGIC, 0x10) (BUF_INFO is _IOWR)" },
		{ _IOR(MAGIC, 0x11, struct memshare_access), "_IOR(MAGIC, 0x11) (ACCESS is _IOWR)" },
		{ TCGETS, "TCGETS" },
	};

	for (unsigned i = 0; i < sizeof(both) / sizeof(both[0]); i++) {
		expect_enotty(ctl, "control fd", both[i].cmd, both[i].name);
		expect_enotty(buf, "buffer fd", both[i].cmd, both[i].name);
	}

	/* The buffer commands on the control device. */
	expect_enotty(ctl, "control fd", MEMSHARE_IOC_BUF_INFO, "MEMSHARE_IOC_BUF_INFO");
	expect_enotty(ctl, "control fd", MEMSHARE_IOC_ACCESS, "MEMSHARE_IOC_ACCESS");

	/* The control commands on a buffer fd (a valid VERSION/OPEN argument). */
	expect_enotty(buf, "buffer fd", MEMSHARE_IOC_VERSION, "MEMSHARE_IOC_VERSION");
	expect_enotty(buf, "buffer fd", MEMSHARE_IOC_OPEN, "MEMSHARE_IOC_OPEN");
	expect_enotty(buf, "buffer fd", MEMSHARE_IOC_DESTROY, "MEMSHARE_IOC_DESTROY");
	expect_enotty(buf, "buffer fd", MEMSHARE_IOC_XLATE, "MEMSHARE_IOC_XLATE");
	expect_enotty(buf, "buffer fd", MEMSHARE_IOC_KADDR, "MEMSHARE_IOC_KADDR");
	{
		struct memshare_create c;

		mst_create_init(&c, MST_PAGE);
		CHECK_ERR(mst_ioctl(buf, MEMSHARE_IOC_CREATE, &c), ENOTTY,
			  "ioctl(buffer fd, MEMSHARE_IOC_CREATE)");
	}

	/* The same on a named node's fd, when the param buffer is there. */
	if (mst_have_cap_sys_admin() && mst_exists("/dev/memshare-" MST_SEED)) {
		int nfd = open("/dev/memshare-" MST_SEED, O_RDWR | O_CLOEXEC);

		CHECK(nfd >= 0, "open(/dev/memshare-seed004) (got -%s)", mst_errname(errno));
		expect_enotty(nfd, "named node fd", MEMSHARE_IOC_VERSION, "MEMSHARE_IOC_VERSION");
		expect_enotty(nfd, "named node fd", _IOWR(MAGIC, 0x12, struct memshare_access),
			      "_IOWR(MAGIC, 0x12)");
		close(nfd);
	}
	close(buf);
	PASS();
}
