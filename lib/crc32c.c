// SPDX-License-Identifier: MIT
/*
 * CRC-32C (Castagnoli): reflected polynomial 0x82F63B78, initial value ~0,
 * final xor ~0; "123456789" gives 0xe3069283.  Slicing-by-8 over constant
 * tables, and the SSE4.2 crc32 instruction on x86-64 CPUs that have it.
 */
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "crc32c_table.h"

static inline uint64_t load_le64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

uint32_t ms__crc32c_sw(uint32_t crc, const void *data, size_t len)
{
	const unsigned char *p = data;

	while (len && ((uintptr_t)p & 7)) {
		crc = crc32c_table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
		len--;
	}
	while (len >= 8) {
		uint64_t w = load_le64(p);
		uint32_t lo = (uint32_t)w ^ crc;
		uint32_t hi = (uint32_t)(w >> 32);

		crc = crc32c_table[7][lo & 0xff] ^
		      crc32c_table[6][(lo >> 8) & 0xff] ^
		      crc32c_table[5][(lo >> 16) & 0xff] ^
		      crc32c_table[4][lo >> 24] ^
		      crc32c_table[3][hi & 0xff] ^
		      crc32c_table[2][(hi >> 8) & 0xff] ^
		      crc32c_table[1][(hi >> 16) & 0xff] ^
		      crc32c_table[0][hi >> 24];
		p += 8;
		len -= 8;
	}
	while (len--)
		crc = crc32c_table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return crc;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define MS_HAVE_HW_CRC 1

__attribute__((target("sse4.2")))
uint32_t ms__crc32c_hw(uint32_t crc, const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t c = crc;

	while (len && ((uintptr_t)p & 7)) {
		c = __builtin_ia32_crc32qi((uint32_t)c, *p++);
		len--;
	}
	while (len >= 8) {
		uint64_t w;

		memcpy(&w, p, sizeof(w));
		c = __builtin_ia32_crc32di(c, w);
		p += 8;
		len -= 8;
	}
	while (len--)
		c = __builtin_ia32_crc32qi((uint32_t)c, *p++);
	return (uint32_t)c;
}

bool ms__crc32c_hw_ok(void)
{
	return __builtin_cpu_supports("sse4.2");
}
#else
uint32_t ms__crc32c_hw(uint32_t crc, const void *data, size_t len)
{
	return ms__crc32c_sw(crc, data, len);
}

bool ms__crc32c_hw_ok(void)
{
	return false;
}
#endif

MS_EXPORT uint32_t ms_crc32c(const void *data, size_t len)
{
#ifdef MS_HAVE_HW_CRC
	if (ms__crc32c_hw_ok())
		return ~ms__crc32c_hw(~0u, data, len);
#endif
	return ~ms__crc32c_sw(~0u, data, len);
}
