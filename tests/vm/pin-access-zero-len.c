// SPDX-License-Identifier: MIT
/* PIN_ACCESS with length 0 succeeds at any offset up to the end: CRC32C
 * gives 0 (the CRC of nothing); FILL, WRITE and the buffer copies store
 * nothing. */
#include "mstest.h"

#define LEN (2 * MST_PAGE)

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	uint8_t *m = mst_anon(LEN, 0x19);
	int pin = mst_pin(ctl, m + 3, LEN - 3, MEMSHARE_PIN_WRITE);
	int buf = mst_create(ctl, LEN, 0, 0);
	uint32_t crc = 0xdeadbeef;
	uint64_t offs[] = { 0, 1, MST_PAGE, LEN - 3 };

	for (unsigned i = 0; i < 4; i++) {
		crc = 0xdeadbeef;
		CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_CRC32C, offs[i], 0, 0, NULL, 0, 0, &crc),
			 "CRC32C length 0");
		CHECK_EQX(crc, 0, "CRC32C of length 0");
		CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_FILL, offs[i], 0, 0xff, NULL, 0, 0, NULL),
			 "FILL length 0");
		CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_WRITE, offs[i], 0, 0, NULL, 0, 0, NULL),
			 "WRITE length 0 (NULL source: nothing is read)");
		CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_FROM_BUFFER, offs[i], 0, 0, NULL, buf, LEN,
					NULL), "FROM_BUFFER length 0 at the buffer's end");
		CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_TO_BUFFER, offs[i], 0, 0, NULL, buf, 0,
					NULL), "TO_BUFFER length 0");
	}
	CHECK(mst_find_not(m, LEN, 0x19) < 0, "a length-0 op stored bytes");
	close(buf);
	close(pin);
	munmap(m, LEN);
	PASS();
}
