// SPDX-License-Identifier: MIT
/* Names with characters outside [A-Za-z0-9_.-] -> EINVAL; names using all
 * the allowed characters work. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	struct memshare_version v0 = mst_version(ctl);
	const char *bad[] = {
		"a/b", "/", "a b", " a", "a\n", "a\t", "a*", "a:b", "a,b", "a\\b",
		"a+b", "a@b", "a%b", "$x", "a'b", "a\"b", "\xc3\xa4", "a\x7f", "a\x01",
		"\xff", "\xe9t\xe9", "\xc0", "a~", "a!", "a=b", "a#b", "a(b)",
	};

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char what[96], esc[64];
		size_t n = 0;

		for (const unsigned char *s = (const unsigned char *)bad[i]; *s && n < 50; s++)
			n += (size_t)sprintf(esc + n, *s >= 0x20 && *s < 0x7f ? "%c" : "\\x%02x", *s);
		snprintf(what, sizeof(what), "CREATE named \"%s\"", esc);
		CHECK_ERR(mst_create_named_raw(ctl, bad[i], MST_PAGE, 0, 0, 0), EINVAL, what);
	}
	CHECK_EQ(mst_version(ctl).nr_named, v0.nr_named, "nr_named after the rejected CREATEs");

	const char *good[] = { "mst_AZaz09_.-", "-mst", "mst.", "...", ".mst", "_" };
	for (unsigned i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char what[96];

		snprintf(what, sizeof(what), "CREATE named \"%s\" (valid)", good[i]);
		int fd = (int)CHECK_OK(mst_create_named_raw(ctl, good[i], MST_PAGE, 0, 0, 0), what);
		close(fd);
		snprintf(what, sizeof(what), "OPEN \"%s\"", good[i]);
		fd = (int)CHECK_OK(mst_open_raw(ctl, good[i]), what);
		close(fd);
		snprintf(what, sizeof(what), "DESTROY \"%s\"", good[i]);
		CHECK_OK(mst_destroy_raw(ctl, good[i]), what);
	}
	PASS();
}
