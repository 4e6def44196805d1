// SPDX-License-Identifier: MIT
/* CREATE with length > max_buffer_bytes -> EINVAL (also lengths that
 * overflow when rounded up to a page). */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	struct memshare_version v0 = mst_version(ctl);
	uint64_t max = v0.max_buffer_bytes;
	uint64_t lens[] = { max + 1, max + MST_PAGE, 2 * max, 1ULL << 62,
			    UINT64_MAX - MST_PAGE + 2, UINT64_MAX };

	for (uint32_t backend = 0; backend <= 1; backend++)
	for (unsigned i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		char what[96];

		snprintf(what, sizeof(what), "CREATE length %" PRIu64 " (max %" PRIu64 ") backend %u",
			 lens[i], max, backend);
		CHECK_ERR(mst_create_raw(ctl, lens[i], backend, 0), EINVAL, what);
	}
	struct memshare_version v1 = mst_version(ctl);
	CHECK_EQ(v1.nr_buffers, v0.nr_buffers, "nr_buffers after rejected CREATEs");
	CHECK_EQ(v1.total_bytes, v0.total_bytes, "total_bytes after rejected CREATEs");
	PASS();
}
