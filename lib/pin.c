// SPDX-License-Identifier: MIT
/*
 * libmemshare: pinning user memory (MEMSHARE_IOC_PIN on the control device,
 * MEMSHARE_IOC_PIN_INFO and MEMSHARE_IOC_PIN_ACCESS on a pin fd).
 *
 * As in memshare.c: every wrapper zeroes its argument struct, sets .size to
 * the struct this library was built against, retries EINTR and returns
 * -errno.  No state: thread-safe.  Symbols of version LIBMEMSHARE_0.2.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>

#include "internal.h"

static int ms_pin_ioctl(int fd, unsigned long cmd, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, cmd, arg);
	} while (ret == -1 && errno == EINTR);
	return ret == -1 ? -errno : ret;
}

MS_EXPORT int ms_pin(int ctl, void *addr, size_t length,
		     const struct ms_pin_opts *opts)
{
	struct memshare_pin p;
	int ret;

	if (!ms__opts_valid(opts, sizeof(*opts), opts ? opts->sz : 0))
		return -EINVAL;

	memset(&p, 0, sizeof(p));
	p.size = sizeof(p);
	if (MS_OPTS_GET(opts, write, 0))
		p.flags |= MEMSHARE_PIN_WRITE;
	if (MS_OPTS_GET(opts, longterm, 0))
		p.flags |= MEMSHARE_PIN_LONGTERM;
	p.addr = (uintptr_t)addr;
	p.length = length;
	p.fd = -1;

	ret = ms_pin_ioctl(ctl, MEMSHARE_IOC_PIN, &p);
	if (ret < 0)
		return ret;
	return p.fd >= 0 ? p.fd : -EBADF;
}

MS_EXPORT int ms_pin_info(int pin, struct memshare_pin_info *info)
{
	int ret;

	if (!info)
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	ret = ms_pin_ioctl(pin, MEMSHARE_IOC_PIN_INFO, info);
	return ret < 0 ? ret : 0;
}

MS_EXPORT int64_t ms_pin_extents(int pin, struct memshare_extent *ext,
				 uint64_t count)
{
	struct memshare_pin_info info;
	int ret;

	if (!count)
		return 0;
	if (!ext)
		return -EINVAL;
	memset(&info, 0, sizeof(info));
	info.size = sizeof(info);
	info.extents_ptr = (uintptr_t)ext;
	info.extents_count = count;
	ret = ms_pin_ioctl(pin, MEMSHARE_IOC_PIN_INFO, &info);
	if (ret < 0)
		return ret;
	if (info.extents_count > count)	/* never from a sane kernel */
		return -EIO;
	return (int64_t)info.extents_count;
}

/* One MEMSHARE_IOC_PIN_ACCESS; @a is zeroed by the caller. */
static int ms_pin_access(int pin, struct memshare_pin_access *a)
{
	int ret;

	a->size = sizeof(*a);
	ret = ms_pin_ioctl(pin, MEMSHARE_IOC_PIN_ACCESS, a);
	return ret < 0 ? ret : 0;
}

MS_EXPORT int ms_pin_kcrc32c(int pin, uint64_t offset, uint64_t length,
			     uint32_t *crc)
{
	struct memshare_pin_access a;
	int ret;

	if (!crc)
		return -EINVAL;
	memset(&a, 0, sizeof(a));
	a.op = MEMSHARE_ACCESS_CRC32C;
	a.offset = offset;
	a.length = length;
	ret = ms_pin_access(pin, &a);
	if (ret < 0)
		return ret;
	*crc = a.crc32c;
	return 0;
}

MS_EXPORT int ms_pin_kfill(int pin, uint64_t offset, uint64_t length,
			   uint8_t byte)
{
	struct memshare_pin_access a;

	memset(&a, 0, sizeof(a));
	a.op = MEMSHARE_ACCESS_FILL;
	a.fill = byte;
	a.offset = offset;
	a.length = length;
	return ms_pin_access(pin, &a);
}

MS_EXPORT int ms_pin_kwrite(int pin, uint64_t offset, const void *data,
			    uint64_t length)
{
	struct memshare_pin_access a;

	memset(&a, 0, sizeof(a));
	a.op = MEMSHARE_ACCESS_WRITE;
	a.offset = offset;
	a.length = length;
	a.user_ptr = (uintptr_t)data;
	return ms_pin_access(pin, &a);
}

static int ms_pin_buffer_op(int pin, uint32_t op, uint64_t offset, int buf,
			    uint64_t buf_offset, uint64_t length)
{
	struct memshare_pin_access a;

	memset(&a, 0, sizeof(a));
	a.op = op;
	a.offset = offset;
	a.length = length;
	a.buf_fd = buf;
	a.buf_offset = buf_offset;
	return ms_pin_access(pin, &a);
}

MS_EXPORT int ms_pin_to_buffer(int pin, uint64_t offset, int buf,
			       uint64_t buf_offset, uint64_t length)
{
	return ms_pin_buffer_op(pin, MEMSHARE_ACCESS_TO_BUFFER, offset, buf,
				buf_offset, length);
}

MS_EXPORT int ms_pin_from_buffer(int pin, uint64_t offset, int buf,
				 uint64_t buf_offset, uint64_t length)
{
	return ms_pin_buffer_op(pin, MEMSHARE_ACCESS_FROM_BUFFER, offset, buf,
				buf_offset, length);
}
