// SPDX-License-Identifier: MIT
/* Unknown commands on a pin fd are -ENOTTY (other numbers, the control and
 * buffer commands, wrong type or direction); the pin commands are -ENOTTY
 * on a buffer fd, and PIN_INFO/PIN_ACCESS on the control device. */
#include "mstest.h"
#include <termios.h>

#define MAGIC MEMSHARE_IOC_MAGIC

static uint8_t arg[4096];

static void expect_enotty(int fd, const char *fdname, unsigned long cmd, const char *cmdname)
{
	char what[128];

	memset(arg, 0, sizeof(arg));
	*(uint32_t *)arg = 128;
	snprintf(what, sizeof(what), "ioctl(%s, %s = 0x%lx)", fdname, cmdname, cmd);
	CHECK_ERR(mst_ioctl(fd, cmd, arg), ENOTTY, what);
}

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	uint8_t *m = mst_anon(MST_PAGE, 0);
	int pin = mst_pin(ctl, m, MST_PAGE, MEMSHARE_PIN_WRITE);
	int buf = mst_create(ctl, MST_PAGE, 0, 0);
	struct {
		unsigned long cmd;
		const char *name;
	} on_pin[] = {
		{ MEMSHARE_IOC_VERSION, "MEMSHARE_IOC_VERSION" },
		{ MEMSHARE_IOC_CREATE, "MEMSHARE_IOC_CREATE" },
		{ MEMSHARE_IOC_OPEN, "MEMSHARE_IOC_OPEN" },
		{ MEMSHARE_IOC_DESTROY, "MEMSHARE_IOC_DESTROY" },
		{ MEMSHARE_IOC_PIN, "MEMSHARE_IOC_PIN" },
		{ MEMSHARE_IOC_BUF_INFO, "MEMSHARE_IOC_BUF_INFO" },
		{ MEMSHARE_IOC_ACCESS, "MEMSHARE_IOC_ACCESS" },
		{ _IOWR(MAGIC, 0x23, struct memshare_pin_access), "_IOWR(MAGIC, 0x23)" },
		{ _IOWR(MAGIC, 0x2f, struct memshare_pin_access), "_IOWR(MAGIC, 0x2f)" },
		{ _IOWR(MAGIC, 0x30, struct memshare_pin_access), "_IOWR(MAGIC, 0x30)" },
		{ _IOWR(MAGIC + 1, 0x21, struct memshare_pin_info), "_IOWR(MAGIC+1, 0x21)" },
		{ _IOR(MAGIC, 0x21, struct memshare_pin_info), "_IOR(MAGIC, 0x21) (PIN_INFO is _IOWR)" },
		{ _IOW(MAGIC, 0x22, struct memshare_pin_access), "_IOW(MAGIC, 0x22) (PIN_ACCESS is _IOWR)" },
		{ _IO(MAGIC, 0x22), "_IO(MAGIC, 0x22)" },
		{ TCGETS, "TCGETS" },
	};

	for (unsigned i = 0; i < sizeof(on_pin) / sizeof(on_pin[0]); i++)
		expect_enotty(pin, "pin fd", on_pin[i].cmd, on_pin[i].name);
	expect_enotty(buf, "buffer fd", MEMSHARE_IOC_PIN, "MEMSHARE_IOC_PIN");
	expect_enotty(buf, "buffer fd", MEMSHARE_IOC_PIN_INFO, "MEMSHARE_IOC_PIN_INFO");
	expect_enotty(buf, "buffer fd", MEMSHARE_IOC_PIN_ACCESS, "MEMSHARE_IOC_PIN_ACCESS");
	expect_enotty(ctl, "control fd", MEMSHARE_IOC_PIN_INFO, "MEMSHARE_IOC_PIN_INFO");
	expect_enotty(ctl, "control fd", MEMSHARE_IOC_PIN_ACCESS, "MEMSHARE_IOC_PIN_ACCESS");
	expect_enotty(ctl, "control fd", _IOWR(MAGIC, 0x23, struct memshare_pin), "_IOWR(MAGIC, 0x23)");
	expect_enotty(ctl, "control fd", _IOW(MAGIC, 0x20, struct memshare_pin),
		      "_IOW(MAGIC, 0x20) (PIN is _IOWR)");
	/* the pin still works */
	CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_FILL, 0, 1, 7, NULL, 0, 0, NULL), "FILL");
	CHECK_EQX(m[0], 7, "FILL after the unknown commands");
	/* other file operations: no read/write/mmap on a pin fd */
	uint8_t b;
	CHECK(read(pin, &b, 1) < 0, "read() of a pin fd succeeded");
	CHECK(mmap(NULL, MST_PAGE, PROT_READ, MAP_SHARED, pin, 0) == MAP_FAILED,
	      "mmap() of a pin fd succeeded");
	close(buf);
	close(pin);
	munmap(m, MST_PAGE);
	PASS();
}
