// SPDX-License-Identifier: MIT
/* XLATE with an entry_size larger than the kernel's entry: entries are
 * entry_size bytes apart, the kernel's part filled, the tail of each zeroed
 * (batch and range), and nothing written past the last entry. */
#include "mstest.h"

#define ESZ	(sizeof(struct memshare_xlate_entry) + 64)
#define N	3

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	uint8_t *m = mst_anon(N * MST_PAGE, 3);
	static uint8_t buf[(N + 1) * ESZ];
	uint64_t addrs[N];
	struct memshare_xlate x;
	size_t ks = sizeof(struct memshare_xlate_entry);

	for (int form = 0; form < 2; form++) {
		memset(buf, 0xa5, sizeof(buf));
		memset(&x, 0, sizeof(x));
		x.size = sizeof(x);
		x.entry_size = ESZ;
		x.entries_ptr = (uintptr_t)buf;
		x.count = N;
		if (form) {
			/* one entry per page: alternate PROT to split extents */
			CHECK(mprotect(m + MST_PAGE, MST_PAGE, PROT_READ) == 0, "mprotect");
			x.flags = MEMSHARE_XLATE_RANGE;
			x.start = (uintptr_t)m;
			x.end = x.start + N * MST_PAGE;
		} else {
			for (int i = 0; i < N; i++)
				addrs[i] = (uintptr_t)m + i * MST_PAGE + 8;
			x.addrs_ptr = (uintptr_t)addrs;
		}
		CHECK_OK(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), "XLATE, large entry_size");
		CHECK_EQ(x.count, N, "entries");
		for (int i = 0; i < N; i++) {
			struct memshare_xlate_entry e;

			memcpy(&e, buf + i * ESZ, ks);
			CHECK_EQX(e.vaddr, (uintptr_t)m + i * MST_PAGE + (form ? 0 : 8),
				  "entry at its stride");
			CHECK(e.flags & MEMSHARE_XF_PRESENT, "present");
			CHECK_EQ(mst_find_not(buf + i * ESZ + ks, ESZ - ks, 0), -1,
				 "tail of the entry zeroed");
		}
		CHECK_EQ(mst_find_not(buf + N * ESZ, ESZ, 0xa5), -1,
			 "nothing written after the last entry");
	}
	PASS();
}
