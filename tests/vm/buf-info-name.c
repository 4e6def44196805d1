// SPDX-License-Identifier: MIT
/*
 * Found by msfuzz ("BUF_INFO rejects garbage in the output-only name
 * field").
 *
 * docs/design.md: "output-only fields are ignored on input".  The other
 * output-only fields are (CREATE.fd, OPEN.fd, ACCESS.crc32c, BUF_INFO's
 * length/backend/policy/nr_pages/nr_mappings/phys_addr), but BUF_INFO
 * fails with EINVAL when its output-only name[] is not zero on input
 * (ms_ioctl_buf_info() checks it like a reserved field).  Either the code
 * or the documentation (and the header's comment on name[]) is wrong.
 * And whatever the input, the name of an unnamed buffer must come back
 * empty ("named buffers; else empty"), not as the caller's bytes.
 */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	int fd = mst_create(ctl, MST_PAGE, 0, 0);
	struct memshare_buf_info bi;

	memset(&bi, 0, sizeof(bi));
	bi.size = sizeof(bi);
	bi.length = 12345;		/* output only: ignored */
	bi.phys_addr = 0xdead;		/* output only: ignored */
	CHECK_OK(mst_ioctl(fd, MEMSHARE_IOC_BUF_INFO, &bi),
		 "BUF_INFO with garbage in output-only length/phys_addr");

	memset(&bi, 0, sizeof(bi));
	bi.size = sizeof(bi);
	strcpy(bi.name, "garbage");	/* output only too */
	CHECK_OK(mst_ioctl(fd, MEMSHARE_IOC_BUF_INFO, &bi),
		 "BUF_INFO with garbage in the output-only name");
	/* "named buffers; else empty": not the caller's bytes echoed. */
	CHECK(!bi.name[0], "BUF_INFO name of an unnamed buffer is \"%.32s\", "
	      "want empty", bi.name);
	PASS();
}
