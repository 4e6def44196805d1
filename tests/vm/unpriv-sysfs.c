// SPDX-License-Identifier: MIT
/* Without privileges the sysfs attributes of a named buffer are readable,
 * except phys_addr (mode 0400, root only): EACCES. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	mst_require_unpriv();
	char buf[64];

	if (!mst_exists(MS_SYSFS_CLASS "/" MST_SEEDC))
		SKIP("param buffer seed004c absent (boot with buffers=seed004:64K,seed004c:1M:contig)");
	CHECK_OK(mst_read_file(MS_SYSFS_CLASS "/" MST_SEEDC "/size", buf, sizeof(buf)),
		 "unprivileged read of seed004c/size");
	CHECK(!strcmp(buf, "1048576"), "seed004c/size (got \"%s\", want \"1048576\")", buf);
	CHECK_OK(mst_read_file(MS_SYSFS_CLASS "/" MST_SEEDC "/backend", buf, sizeof(buf)),
		 "unprivileged read of seed004c/backend");
	CHECK(!strcmp(buf, "contig"), "seed004c/backend (got \"%s\", want \"contig\")", buf);
	CHECK_OK(mst_read_file(MS_SYSFS_CLASS "/" MST_SEEDC "/mappings", buf, sizeof(buf)),
		 "unprivileged read of seed004c/mappings");
	CHECK_ERR(mst_read_file(MS_SYSFS_CLASS "/" MST_SEEDC "/phys_addr", buf, sizeof(buf)),
		  EACCES, "unprivileged read of seed004c/phys_addr");
	PASS();
}
