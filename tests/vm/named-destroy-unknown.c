// SPDX-License-Identifier: MIT
/* DESTROY of a name that does not exist -> ENOENT. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();

	CHECK_ERR(mst_destroy_raw(ctl, "mst_no_such_buffer"), ENOENT, "DESTROY mst_no_such_buffer");
	CHECK_ERR(mst_destroy_raw(ctl, "seed004x"), ENOENT, "DESTROY seed004x");
	CHECK_ERR(mst_destroy_raw(ctl, "seed00"), ENOENT, "DESTROY seed00 (a prefix)");
	PASS();
}
