// SPDX-License-Identifier: MIT
/* PIN with a non-zero reserved field (__reserved0, __reserved[0], [1]) is
 * -EINVAL; the output-only fields (fd, nr_pages) are ignored on input and
 * overwritten. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	uint8_t *m = mst_anon(2 * MST_PAGE, 0);
	struct memshare_version v0 = mst_version(ctl);
	struct memshare_pin p;

	for (int i = 0; i < 3; i++) {
		memset(&p, 0, sizeof(p));
		p.size = sizeof(p);
		p.addr = (uintptr_t)m;
		p.length = MST_PAGE;
		if (i == 0)
			p.__reserved0 = 1;
		else
			p.__reserved[i - 1] = 1ULL << 40;
		CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_PIN, &p), EINVAL,
			  i == 0 ? "PIN __reserved0 = 1" : "PIN __reserved[] non-zero");
	}
	struct memshare_version v1 = mst_version(ctl);
	CHECK_EQ(v1.nr_pins, v0.nr_pins, "nr_pins after the rejected PINs");

	memset(&p, 0, sizeof(p));
	p.size = sizeof(p);
	p.addr = (uintptr_t)m + 5;
	p.length = MST_PAGE;
	p.fd = 12345;
	p.nr_pages = 777;
	CHECK_OK(mst_ioctl(ctl, MEMSHARE_IOC_PIN, &p), "PIN with garbage in fd and nr_pages");
	CHECK(p.fd >= 0 && p.fd != 12345, "PIN fd output (got %d)", p.fd);
	CHECK_EQ(p.nr_pages, 2, "PIN nr_pages output (4096 bytes at offset 5: 2 pages)");
	close(p.fd);
	munmap(m, 2 * MST_PAGE);
	PASS();
}
