// SPDX-License-Identifier: MIT
/* A fork child shares the mapping: writes are visible both ways, the
 * child's VMA counts as a mapping, and the count drops when it exits. */
#include "mstest.h"

#define LEN (4 * MST_PAGE)

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();

	for (uint32_t backend = 0; backend <= 1; backend++)
	for (uint32_t policy = 0; policy <= 1; policy++) {
		int fd = mst_create(ctl, LEN, backend, policy);
		volatile uint8_t *m = mst_map(fd, 0, LEN);
		int p2c[2], c2p[2];
		char t;

		m[0] = 0x11;	/* parent, before fork */
		CHECK_OK(SYSRES(pipe(p2c)), "pipe");
		CHECK_OK(SYSRES(pipe(c2p)), "pipe");
		uint64_t g0 = mst_version(ctl).nr_mappings;
		fflush(stdout);
		pid_t pid = fork();
		if (pid == 0) {
			close(p2c[1]);
			close(c2p[0]);
			if (m[0] != 0x11) {
				printf("FAIL: child sees byte 0 0x%02x, want 0x11 [%s:%d]\n", m[0], __FILE__, __LINE__);
				_exit(1);
			}
			/* a page the parent never touched */
			m[3 * MST_PAGE + 5] = 0xc5;
			struct memshare_buf_info bi = { .size = sizeof(bi) };
			if (ioctl(fd, MEMSHARE_IOC_BUF_INFO, &bi) < 0 || bi.nr_mappings != 2) {
				printf("FAIL: BUF_INFO nr_mappings in the child (got %llu, want 2) [%s:%d]\n",
				       (unsigned long long)bi.nr_mappings, __FILE__, __LINE__);
				_exit(1);
			}
			if (write(c2p[1], "w", 1) != 1 || read(p2c[0], &t, 1) != 1)
				_exit(1);
			if (m[MST_PAGE] != 0x22) {
				printf("FAIL: child sees the parent's store 0x%02x, want 0x22 [%s:%d]\n",
				       m[MST_PAGE], __FILE__, __LINE__);
				_exit(1);
			}
			_exit(0);
		}
		close(p2c[0]);
		close(c2p[1]);
		CHECK_EQ(read(c2p[0], &t, 1), 1, "child's signal");
		CHECK_EQX(m[3 * MST_PAGE + 5], 0xc5, "child's store seen by the parent");
		CHECK_EQ(mst_version(ctl).nr_mappings, g0 + 1, "VERSION nr_mappings with the child");
		m[MST_PAGE] = 0x22;
		CHECK_EQ(write(p2c[1], "p", 1), 1, "signal the child");
		int rc = mst_wait_child(pid, "child");
		CHECK(rc == 0, "child failed (exit %d)", rc);
		CHECK_EQ(mst_binfo(fd).nr_mappings, 1, "nr_mappings after the child exited");
		CHECK_EQ(mst_version(ctl).nr_mappings, g0, "VERSION nr_mappings after the child exited");
		close(p2c[1]);
		close(c2p[0]);
		mst_unmap((void *)m, LEN);
		close(fd);
	}
	PASS();
}
