// SPDX-License-Identifier: MIT
/* A struct larger than the kernel's: with a zero tail, PIN, PIN_INFO and
 * PIN_ACCESS work as usual (output written up to the kernel's size, the
 * tail untouched); with a non-zero byte in the tail, -E2BIG and nothing
 * done; a size over PAGE_SIZE is -E2BIG. */
#include "mstest.h"

#define EXTRA 16

static void check_e2big(int fd, unsigned long cmd, const char *name, const void *s, size_t ssize)
{
	long offs[] = { (long)ssize, (long)ssize + 5, (long)ssize + EXTRA - 1 };

	for (unsigned i = 0; i < 3; i++) {
		char what[96];

		snprintf(what, sizeof(what), "%s with size %zu, byte %ld non-zero", name,
			 ssize + EXTRA, offs[i]);
		CHECK_ERR(mst_ioctl_sized(fd, cmd, s, ssize, ssize + EXTRA,
					  (uint32_t)(ssize + EXTRA), offs[i], NULL), E2BIG, what);
	}
	char what[96];
	snprintf(what, sizeof(what), "%s with size %lu", name, MST_PAGE + 8);
	CHECK_ERR(mst_ioctl_sized(fd, cmd, s, ssize, MST_PAGE + 8, MST_PAGE + 8, -1, NULL), E2BIG,
		  what);
}

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	uint8_t *m = mst_anon(2 * MST_PAGE, 0x16);
	uint8_t out[sizeof(struct memshare_pin_info) + EXTRA];
	struct memshare_version v0 = mst_version(ctl);

	struct memshare_pin p = { .addr = (uintptr_t)m, .length = MST_PAGE,
				  .flags = MEMSHARE_PIN_WRITE };
	check_e2big(ctl, MEMSHARE_IOC_PIN, "PIN", &p, sizeof(p));
	struct memshare_version v1 = mst_version(ctl);
	CHECK_EQ(v1.nr_pins, v0.nr_pins, "nr_pins after E2BIG PINs");

	/* zero tail: works */
	uint8_t pout[sizeof(p) + EXTRA];
	CHECK_OK(mst_ioctl_sized(ctl, MEMSHARE_IOC_PIN, &p, sizeof(p), sizeof(pout),
				 (uint32_t)sizeof(pout), -1, pout), "PIN with a zero tail");
	struct memshare_pin *po = (struct memshare_pin *)pout;
	CHECK(po->fd >= 0, "PIN fd with a zero tail");
	CHECK_EQ(po->nr_pages, 1, "PIN nr_pages with a zero tail");
	CHECK(mst_find_not(pout + sizeof(p), EXTRA, 0) < 0, "PIN wrote into the caller's tail");
	int pin = po->fd;

	struct memshare_pin_info i = { 0 };
	check_e2big(pin, MEMSHARE_IOC_PIN_INFO, "PIN_INFO", &i, sizeof(i));
	CHECK_OK(mst_ioctl_sized(pin, MEMSHARE_IOC_PIN_INFO, &i, sizeof(i), sizeof(out),
				 (uint32_t)sizeof(out), -1, out), "PIN_INFO with a zero tail");
	CHECK_EQ(((struct memshare_pin_info *)out)->length, MST_PAGE, "PIN_INFO length");
	CHECK(mst_find_not(out + sizeof(i), EXTRA, 0) < 0, "PIN_INFO wrote into the caller's tail");

	struct memshare_pin_access a = { .op = MEMSHARE_ACCESS_FILL, .fill = 0xff,
					 .length = MST_PAGE };
	check_e2big(pin, MEMSHARE_IOC_PIN_ACCESS, "PIN_ACCESS", &a, sizeof(a));
	CHECK(mst_find_not(m, MST_PAGE, 0x16) < 0, "an E2BIG FILL stored bytes");
	CHECK_OK(mst_ioctl_sized(pin, MEMSHARE_IOC_PIN_ACCESS, &a, sizeof(a), sizeof(a) + EXTRA,
				 (uint32_t)(sizeof(a) + EXTRA), -1, NULL), "PIN_ACCESS with a zero tail");
	CHECK(mst_find_not(m, MST_PAGE, 0xff) < 0, "FILL with a zero tail");
	close(pin);
	munmap(m, 2 * MST_PAGE);
	PASS();
}
