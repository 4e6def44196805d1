// SPDX-License-Identifier: MIT
/* The kernel's own GUP test (CONFIG_GUP_TEST, the debug kernel's
 * /sys/kernel/debug/gup_test) and memshare pin the same memory side by side
 * without disagreement: with a memshare long-term write pin held, gup_test's
 * PIN_BASIC_TEST and PIN_LONGTERM_BENCHMARK pin and unpin the same range
 * successfully, the pages stay the process's (a store is seen by the
 * kernel's CRC through the memshare pin, a kernel write by the process), and
 * afterwards every FOLL_PIN pin is released (/proc/vmstat). */
#include "mstest.h"

/* The kernel's mm/gup_test.h (not a UAPI header). */
struct gup_test {
	uint64_t get_delta_usec;
	uint64_t put_delta_usec;
	uint64_t addr;
	uint64_t size;
	uint32_t nr_pages_per_call;
	uint32_t gup_flags;
	uint32_t test_flags;
	uint32_t which_pages[8];
};
#define PIN_LONGTERM_BENCHMARK	_IOWR('g', 3, struct gup_test)
#define PIN_BASIC_TEST		_IOWR('g', 5, struct gup_test)
#define GUP_TEST_FOLL_WRITE	0x01

#define NPAGES 64

static long gup(int fd, unsigned long cmd, void *addr, uint64_t size)
{
	struct gup_test g;

	memset(&g, 0, sizeof(g));
	g.addr = (uintptr_t)addr;
	g.size = size;
	g.nr_pages_per_call = NPAGES;
	g.gup_flags = GUP_TEST_FOLL_WRITE;
	return ioctl(fd, cmd, &g) ? -errno : 0;
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int gfd = open("/sys/kernel/debug/gup_test", O_RDWR | O_CLOEXEC);

	if (gfd < 0)
		SKIP("no /sys/kernel/debug/gup_test (CONFIG_GUP_TEST: the debug kernel has it)");

	int ctl = mst_ctl();
	struct memshare_version v0 = mst_version(ctl);
	uint64_t size = NPAGES * MST_PAGE;
	uint8_t *m = mst_anon(size, 0x3c);
	int pin = mst_pin(ctl, m, size, MEMSHARE_PIN_WRITE | MEMSHARE_PIN_LONGTERM);
	const char msg[] = "written by memshare, beside gup_test";

	CHECK_OK(gup(gfd, PIN_BASIC_TEST, m, size), "gup_test PIN_BASIC_TEST beside a memshare pin");
	CHECK_OK(gup(gfd, PIN_LONGTERM_BENCHMARK, m, size),
		 "gup_test PIN_LONGTERM_BENCHMARK beside a memshare pin");

	memset(m + 5 * MST_PAGE, 0xa5, 3 * MST_PAGE);
	CHECK_EQ(mst_pin_kcrc(pin, 0, size), ms_crc32c(m, size),
		 "memshare's kernel CRC of the range after gup_test (= user space's)");
	CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_WRITE, MST_PAGE - 10, sizeof(msg), 0, msg,
				0, 0, NULL), "memshare kernel WRITE after gup_test");
	CHECK(!memcmp(m + MST_PAGE - 10, msg, sizeof(msg)),
	      "the process sees the kernel's write through its own pages");
	CHECK_OK(gup(gfd, PIN_BASIC_TEST, m, size), "gup_test PIN_BASIC_TEST after the kernel write");

	close(pin);
	close(gfd);
	mst_check_pins_back(ctl, &v0, "memshare pins after close");
	mst_check_foll_pins_balanced("after memshare and gup_test");
	munmap(m, size);
	PASS();
}
