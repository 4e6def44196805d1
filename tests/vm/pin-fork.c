// SPDX-License-Identifier: MIT
/* fork() after a long-term write pin of private anonymous memory: the
 * parent keeps the pinned pages (fork copies pinned pages for the child
 * instead of sharing them copy-on-write), so it keeps seeing the kernel's
 * writes through the pin, also after its own stores; the child gets its
 * own copy: it sees neither the kernel's writes nor the parent's stores,
 * and its stores do not reach the pin. */
#include "mstest.h"

#define LEN (8 * MST_PAGE)

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	uint8_t *m = mst_anon(LEN, 'A');
	int pin = mst_pin(ctl, m, LEN, MEMSHARE_PIN_WRITE | MEMSHARE_PIN_LONGTERM);
	int go[2], done[2];
	char c;

	CHECK(pipe(go) == 0 && pipe(done) == 0, "pipe");
	fflush(stdout);
	pid_t pid = fork();
	CHECK(pid >= 0, "fork");
	if (pid == 0) {
		close(go[1]);
		close(done[0]);
		/* the child stores into its copy at once */
		memset(m + 3 * MST_PAGE, 'C', MST_PAGE);
		if (write(done[1], "c", 1) != 1)
			_exit(3);
		/* wait for the parent's and the kernel's writes */
		if (read(go[0], &c, 1) != 1)
			_exit(3);
		for (size_t i = 0; i < LEN; i++) {
			uint8_t want = i / MST_PAGE == 3 ? 'C' : 'A';

			if (m[i] != want) {
				printf("FAIL: child byte %zu (got 0x%02x, want 0x%02x: its own copy)\n",
				       i, m[i], want);
				_exit(1);
			}
		}
		_exit(0);
	}
	close(go[0]);
	close(done[1]);
	CHECK_EQ(read(done[0], &c, 1), 1, "child stored");

	/* the kernel writes through the pin; the parent stores after the fork */
	CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_FILL, MST_PAGE + 5, 2 * MST_PAGE, 'K', NULL, 0, 0,
				NULL), "FILL through the pin after fork");
	memset(m + 5 * MST_PAGE, 'P', 100);
	for (size_t i = 0; i < LEN; i++) {
		uint8_t want = 'A';

		if (i >= MST_PAGE + 5 && i < 3 * MST_PAGE + 5)
			want = 'K';
		else if (i >= 5 * MST_PAGE && i < 5 * MST_PAGE + 100)
			want = 'P';
		if (m[i] != want)
			FAIL("parent byte %zu after fork (got 0x%02x, want 0x%02x)", i, m[i], want);
	}
	CHECK_EQX(mst_pin_kcrc(pin, 0, LEN), ms_crc32c(m, LEN),
		  "kernel CRC through the pin = the parent's memory (its stores after fork included)");
	CHECK_EQ(write(go[1], "g", 1), 1, "release the child");
	CHECK_EQ(mst_wait_child(pid, "child"), 0, "child's check of its own copy");
	/* the child's exit changes nothing for the parent */
	CHECK_EQX(mst_pin_kcrc(pin, 0, LEN), ms_crc32c(m, LEN), "kernel CRC after the child exited");
	close(pin);
	munmap(m, LEN);
	PASS();
}
