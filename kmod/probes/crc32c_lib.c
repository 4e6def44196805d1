// SPDX-License-Identifier: GPL-2.0
/* 6.15: crc32c() is a library function declared in <linux/crc32.h>, in
 * vmlinux.  Before, <linux/crc32c.h> declared it (the libcrc32c module, a
 * crypto API wrapper, up to 6.13) and vmlinux exported __crc32c_le() (up to
 * 6.14).
 */
#include <linux/crc32.h>

u32 probe(const void *p, size_t len);
u32 probe(const void *p, size_t len)
{
	return crc32c(~0U, p, len);
}
