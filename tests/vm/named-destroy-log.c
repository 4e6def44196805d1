// SPDX-License-Identifier: MIT
/* DESTROY logs a kernel line with the buffer's name, its size and an
 * escaped preview of its first bytes. */
#include "mstest.h"

#define NAME "mst_dlog"

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	const char data[] = "preview Xy7 of mst_dlog\x01\n";
	static char log[65536];

	int fd = mst_create_named(ctl, NAME, 8192, MEMSHARE_BACKEND_VMALLOC, MEMSHARE_MAP_LAZY);
	CHECK_EQ(pwrite(fd, data, sizeof(data) - 1, 0), sizeof(data) - 1, "pwrite");
	close(fd);

	int km = mst_kmsg_open();
	if (km < 0)
		SKIP("cannot read /dev/kmsg: %s", strerror(errno));
	mst_destroy(ctl, NAME);
	if (!mst_kmsg_find(km, log, sizeof(log), 2000, NAME, "preview Xy7", NULL))
		FAIL("no kernel log line with \"" NAME "\" and the preview \"preview Xy7\" after DESTROY; log:\n%s",
		     log);
	/* the matching line is the last one collected */
	char *line = log + strlen(log) - 1;
	*line = 0;
	while (line > log && line[-1] != '\n')
		line--;
	NOTE("log: %s", line);
	CHECK(strstr(line, "8192") || strstr(line, "8K") || strstr(line, "8 K"),
	      "destroy log line has no size 8192 (got \"%s\")", line);
	/* raw control characters are not in the preview (they are escaped) */
	for (const char *p = line; *p; p++)
		CHECK((unsigned char)*p >= 0x20, "unescaped control byte 0x%02x in \"%s\"", *p, line);
	close(km);
	PASS();
}
