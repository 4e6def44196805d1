// SPDX-License-Identifier: MIT
/* CAP_IPC_LOCK bypasses RLIMIT_MEMLOCK for long-term pins (as for mlock and
 * io_uring): root with RLIMIT_MEMLOCK 0 pins 64 pages long-term, and VmPin
 * still counts them; the same process without CAP_IPC_LOCK (dropped from
 * its effective set) gets ENOMEM. */
#include "mstest.h"
#include <linux/capability.h>
#include <sys/syscall.h>

#define LEN (64 * MST_PAGE)
#define LT (MEMSHARE_PIN_LONGTERM | MEMSHARE_PIN_WRITE)

static int drop_effective(int cap)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d) < 0)
		return -errno;
	d[cap / 32].effective &= ~(1U << (cap % 32));
	if (syscall(SYS_capset, &h, d) < 0)
		return -errno;
	return 0;
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	struct rlimit rl = { 0, 0 };
	uint8_t *m = mst_anon(LEN, 2);
	long vmpin0;

	CHECK(setrlimit(RLIMIT_MEMLOCK, &rl) == 0, "setrlimit(RLIMIT_MEMLOCK, 0)");
	vmpin0 = mst_status_kb("VmPin");
	int pin = (int)CHECK_OK(mst_pin_raw(ctl, m, LEN, LT, NULL),
				"long-term PIN of 64 pages with CAP_IPC_LOCK and RLIMIT_MEMLOCK 0");
	if (vmpin0 >= 0)
		CHECK_EQ(mst_status_kb("VmPin"), vmpin0 + 256, "VmPin with CAP_IPC_LOCK (kB)");
	CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_FILL, 0, LEN, 0x61, NULL, 0, 0, NULL), "FILL");
	CHECK(mst_find_not(m, LEN, 0x61) < 0, "FILL through the long-term pin");
	close(pin);
	if (vmpin0 >= 0)
		CHECK_EQ(mst_status_kb("VmPin"), vmpin0, "VmPin after close (kB)");

	fflush(stdout);
	pid_t pid = fork();
	CHECK(pid >= 0, "fork");
	if (pid == 0) {
		int e = drop_effective(CAP_IPC_LOCK);
		long r;

		if (e < 0) {
			printf("FAIL: capset without CAP_IPC_LOCK (got %s)\n", mst_res(e));
			_exit(2);
		}
		r = mst_pin_raw(ctl, m, MST_PAGE, LT, NULL);
		if (r != -ENOMEM) {
			printf("FAIL: uid 0 without CAP_IPC_LOCK, RLIMIT_MEMLOCK 0: long-term PIN (got %s, want -ENOMEM)\n",
			       mst_res(r));
			_exit(1);
		}
		r = mst_pin_raw(ctl, m, MST_PAGE, MEMSHARE_PIN_WRITE, NULL);
		_exit(r >= 0 ? 0 : 1);
	}
	CHECK_EQ(mst_wait_child(pid, "child without CAP_IPC_LOCK"), 0,
		 "child without CAP_IPC_LOCK: long-term ENOMEM, short-term works");
	munmap(m, LEN);
	PASS();
}
