// SPDX-License-Identifier: MIT
/* On a pin without MEMSHARE_PIN_WRITE the ops that store into the pinned
 * pages (FILL, WRITE, FROM_BUFFER) are -EPERM and store nothing; the ops
 * that only read them (CRC32C, TO_BUFFER) work. */
#include "mstest.h"

#define LEN (3 * MST_PAGE)

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	uint8_t *m = mst_anon(LEN, 0x44);
	int buf = mst_create(ctl, LEN, MEMSHARE_BACKEND_VMALLOC, MEMSHARE_MAP_LAZY);
	uint8_t src[16] = "overwrite";

	for (int lt = 0; lt <= 1; lt++) {
		int pin = mst_pin(ctl, m, LEN, lt ? MEMSHARE_PIN_LONGTERM : 0);

		CHECK_ERR(mst_pin_access(pin, MEMSHARE_ACCESS_FILL, 0, LEN, 0, NULL, 0, 0, NULL), EPERM,
			  "FILL on a read-only pin");
		CHECK_ERR(mst_pin_access(pin, MEMSHARE_ACCESS_WRITE, 1, sizeof(src), 0, src, 0, 0, NULL),
			  EPERM, "WRITE on a read-only pin");
		CHECK_ERR(mst_pin_access(pin, MEMSHARE_ACCESS_FROM_BUFFER, 0, LEN, 0, NULL, buf, 0, NULL),
			  EPERM, "FROM_BUFFER on a read-only pin");
		CHECK(mst_find_not(m, LEN, 0x44) < 0, "a rejected op stored into the read-only pin");
		CHECK_EQX(mst_pin_kcrc(pin, 0, LEN), ms_crc32c(m, LEN), "CRC32C on a read-only pin");
		CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_TO_BUFFER, 0, LEN, 0, NULL, buf, 0, NULL),
			 "TO_BUFFER on a read-only pin");
		CHECK_EQX(mst_kcrc(buf, 0, LEN), ms_crc32c(m, LEN), "buffer after TO_BUFFER");
		struct memshare_pin_info i = mst_pin_info(pin);
		CHECK_EQX(i.pin_flags, lt ? MEMSHARE_PIN_LONGTERM : 0, "PIN_INFO pin_flags");
		close(pin);
	}
	close(buf);
	munmap(m, LEN);
	PASS();
}
