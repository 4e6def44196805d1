// SPDX-License-Identifier: MIT
/* OPEN of a name that does not exist -> ENOENT. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();

	CHECK_ERR(mst_open_raw(ctl, "mst_no_such_buffer"), ENOENT, "OPEN mst_no_such_buffer");
	CHECK_ERR(mst_open_raw(ctl, "seed00"), ENOENT, "OPEN seed00 (a prefix)");
	CHECK_ERR(mst_open_raw(ctl, "seed004x"), ENOENT, "OPEN seed004x");
	PASS();
}
