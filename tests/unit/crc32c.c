// SPDX-License-Identifier: MIT
/* ms_crc32c(): known vectors, and both implementations against a bitwise
 * reference on a 1 MiB pattern at every alignment and many lengths. */
#include <memshare.h>

#include "../../lib/internal.h"
#include "testutil.h"

static uint32_t crc32c_bitwise(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint32_t crc = ~0u;

	while (len--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0x82F63B78u & -(crc & 1));
	}
	return ~crc;
}

int main(void)
{
	static const unsigned char zeros[32], ones[32] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	unsigned char inc[32], dec[32];
	const size_t big = 1 << 20;
	unsigned char *buf;
	uint32_t ref;
	bool hw = ms__crc32c_hw_ok();
	size_t i;

	/* RFC 3720 (iSCSI) B.4 vectors, and the catalogue's check value */
	for (i = 0; i < 32; i++) {
		inc[i] = (unsigned char)i;
		dec[i] = (unsigned char)(31 - i);
	}
	CHECK_U64(ms_crc32c(NULL, 0), 0);
	CHECK_U64(ms_crc32c("", 0), 0);
	CHECK_U64(ms_crc32c("a", 1), 0xc1d04330);
	CHECK_U64(ms_crc32c("123456789", 9), 0xe3069283);
	CHECK_U64(ms_crc32c(zeros, 32), 0x8a9136aa);
	CHECK_U64(ms_crc32c(ones, 32), 0x62a8ab43);
	CHECK_U64(ms_crc32c(inc, 32), 0x46dd794e);
	CHECK_U64(ms_crc32c(dec, 32), 0x113fdb5c);
	CHECK_U64(crc32c_bitwise("123456789", 9), 0xe3069283);
	CHECK_U64(~ms__crc32c_sw(~0u, "123456789", 9), 0xe3069283);
	if (hw)
		CHECK_U64(~ms__crc32c_hw(~0u, "123456789", 9), 0xe3069283);
	printf("hardware crc32c: %s\n", hw ? "yes" : "no");

	/* 1 MiB of a pattern, plus slack to shift the start */
	buf = malloc(big + 16);
	if (!buf)
		return T_FAIL;
	for (i = 0; i < big + 16; i++)
		buf[i] = (unsigned char)(i * 2654435761u >> 13);
	ref = crc32c_bitwise(buf, big);
	CHECK_U64(ms_crc32c(buf, big), ref);
	CHECK_U64(~ms__crc32c_sw(~0u, buf, big), ref);
	if (hw)
		CHECK_U64(~ms__crc32c_hw(~0u, buf, big), ref);

	/* every start alignment, lengths around the 8-byte steps */
	for (size_t off = 0; off < 16; off++) {
		for (size_t len = 0; len < 80; len++) {
			uint32_t r = crc32c_bitwise(buf + off, len);

			CHECK_U64(~ms__crc32c_sw(~0u, buf + off, len), r);
			if (hw)
				CHECK_U64(~ms__crc32c_hw(~0u, buf + off, len),
					  r);
			CHECK_U64(ms_crc32c(buf + off, len), r);
		}
		CHECK_U64(ms_crc32c(buf + off, 4093),
			  crc32c_bitwise(buf + off, 4093));
	}

	/* the running form chains: crc(a || b) from crc(a) */
	{
		uint32_t c = ms__crc32c_sw(~0u, buf, 1000);

		c = ms__crc32c_sw(c, buf + 1000, big - 1000);
		CHECK_U64(~c, ref);
	}
	free(buf);
	return t_result();
}
