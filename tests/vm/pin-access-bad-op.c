// SPDX-License-Identifier: MIT
/* PIN_ACCESS with an unknown op, or with a field its op does not use set,
 * is -EINVAL and does nothing: op 5, 0x7fffffff, 0xffffffff; FILL with
 * fill > 0xff or a user_ptr; CRC32C with fill or user_ptr; WRITE with fill;
 * buf_fd or buf_offset for an op that is not TO/FROM_BUFFER; TO/FROM_BUFFER
 * with fill or user_ptr. */
#include "mstest.h"

#define LEN (2 * MST_PAGE)

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	uint8_t *m = mst_anon(LEN, 0x12);
	int pin = mst_pin(ctl, m, LEN, MEMSHARE_PIN_WRITE);
	int buf = mst_create(ctl, LEN, 0, 0);
	uint8_t src[8] = { 1, 2, 3 };
	uint32_t bad_ops[] = { 5, 6, 0x100, 0x7fffffff, 0xffffffff };
	struct {
		uint32_t op, fill;
		const void *ptr;
		int buf_fd;
		uint64_t buf_off;
		const char *what;
	} cases[] = {
		{ MEMSHARE_ACCESS_FILL, 0x100, NULL, 0, 0, "FILL with fill 0x100" },
		{ MEMSHARE_ACCESS_FILL, 0xffffffff, NULL, 0, 0, "FILL with fill 0xffffffff" },
		{ MEMSHARE_ACCESS_FILL, 1, src, 0, 0, "FILL with a user_ptr" },
		{ MEMSHARE_ACCESS_CRC32C, 1, NULL, 0, 0, "CRC32C with fill" },
		{ MEMSHARE_ACCESS_CRC32C, 0, src, 0, 0, "CRC32C with a user_ptr" },
		{ MEMSHARE_ACCESS_WRITE, 1, src, 0, 0, "WRITE with fill" },
		{ MEMSHARE_ACCESS_CRC32C, 0, NULL, 3, 0, "CRC32C with buf_fd" },
		{ MEMSHARE_ACCESS_FILL, 1, NULL, 0, 8, "FILL with buf_offset" },
		{ MEMSHARE_ACCESS_WRITE, 0, src, -1, 0, "WRITE with buf_fd -1" },
		{ MEMSHARE_ACCESS_TO_BUFFER, 1, NULL, -2, 0, "TO_BUFFER with fill" },
		{ MEMSHARE_ACCESS_FROM_BUFFER, 0, src, -2, 0, "FROM_BUFFER with a user_ptr" },
	};

	for (unsigned i = 0; i < sizeof(bad_ops) / sizeof(bad_ops[0]); i++) {
		char what[64];

		snprintf(what, sizeof(what), "PIN_ACCESS op %u", bad_ops[i]);
		CHECK_ERR(mst_pin_access(pin, bad_ops[i], 0, 8, 0, NULL, 0, 0, NULL), EINVAL, what);
	}
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int bfd = cases[i].buf_fd == -2 ? buf : cases[i].buf_fd;

		CHECK_ERR(mst_pin_access(pin, cases[i].op, 0, 8, cases[i].fill, cases[i].ptr, bfd,
					 cases[i].buf_off, NULL), EINVAL, cases[i].what);
	}
	CHECK(mst_find_not(m, LEN, 0x12) < 0, "a rejected PIN_ACCESS stored bytes");
	CHECK_EQX(mst_kcrc(buf, 0, LEN), ms_crc32c(calloc(1, LEN), LEN),
		  "a rejected TO_BUFFER stored bytes");
	close(buf);
	close(pin);
	munmap(m, LEN);
	PASS();
}
