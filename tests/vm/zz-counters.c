// SPDX-License-Identifier: MIT
/* Last of the suite (and run again by post-suite.sh): the module's counters
 * are back to the param buffers only.  Booted with
 * buffers=seed004:64K,seed004c:1M:contig: nr_buffers 2, nr_named 2,
 * total_bytes 64K + 1M, nr_mappings 0; booted without param buffers: all 0.
 * No pin is left (nr_pins 0, pinned_pages 0), and no FOLL_PIN pin in the
 * whole system (/proc/vmstat nr_foll_pin_acquired == nr_foll_pin_released).
 * Every test released what it made. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	struct memshare_version v = mst_version(ctl);
	bool s = mst_exists(MS_SYSFS_CLASS "/" MST_SEED);
	bool sc = mst_exists(MS_SYSFS_CLASS "/" MST_SEEDC);
	unsigned want_n = s && sc ? 2 : 0;
	uint64_t want_bytes = s && sc ? MST_SEED_SIZE + MST_SEEDC_SIZE : 0;

	printf("# total_bytes %llu nr_buffers %u nr_named %u nr_mappings %llu nr_pins %llu pinned_pages %llu\n",
	       (unsigned long long)v.total_bytes, v.nr_buffers, v.nr_named,
	       (unsigned long long)v.nr_mappings, (unsigned long long)v.nr_pins,
	       (unsigned long long)v.pinned_pages);
	if (s != sc)
		FAIL("only one of the param buffers seed004 (%d) and seed004c (%d) exists", s, sc);
	if (v.nr_named != want_n && access(MS_SYSFS_CLASS, R_OK) == 0)
		if (system("ls " MS_SYSFS_CLASS " | sed 's/^/# named: /'") < 0)
			perror("system");
	CHECK_EQ(v.nr_named, want_n, want_n ? "nr_named after the suite (seed004, seed004c)"
					     : "nr_named after the suite (no param buffers)");
	CHECK_EQ(v.nr_buffers, want_n, want_n ? "nr_buffers after the suite (seed004, seed004c)"
					      : "nr_buffers after the suite (no param buffers)");
	CHECK_EQ(v.total_bytes, want_bytes, want_n ? "total_bytes after the suite (64K + 1M)"
						   : "total_bytes after the suite (no param buffers)");
	CHECK_EQ(v.nr_mappings, 0, "nr_mappings after the suite");
	CHECK_EQ(v.nr_pins, 0, "nr_pins after the suite");
	CHECK_EQ(v.pinned_pages, 0, "pinned_pages after the suite");
	if (geteuid() == 0)
		mst_check_foll_pins_balanced("after the suite");
	if (!want_n)
		NOTE("booted without the param buffers seed004/seed004c: checked for zero");
	PASS();
}
