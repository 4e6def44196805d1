// SPDX-License-Identifier: MIT
/*
 * libmemshare: thin wrappers around the memshare ioctls.
 *
 * Each wrapper zeroes its argument struct, sets .size to the struct as this
 * library was built against and returns -errno on failure.  Nothing here
 * keeps state: every function is thread-safe.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"

static int ms_ioctl(int fd, unsigned long cmd, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, cmd, arg);
	} while (ret == -1 && errno == EINTR);
	return ret == -1 ? -errno : ret;
}

/* Copy a buffer name into a name[MEMSHARE_NAME_MAX] field. */
static int ms_copy_name(char dst[MEMSHARE_NAME_MAX], const char *name)
{
	size_t len;

	if (!name)
		return -EINVAL;
	len = strnlen(name, MEMSHARE_NAME_MAX);
	if (len > MEMSHARE_NAME_MAX - 1)
		return -ENAMETOOLONG;
	memcpy(dst, name, len);
	dst[len] = '\0';
	return 0;
}

bool ms__opts_valid(const void *opts, size_t known, size_t user_sz)
{
	const unsigned char *p = opts;
	size_t i;

	if (!opts)
		return true;
	if (user_sz < sizeof(size_t))
		return false;
	for (i = known; i < user_sz; i++)
		if (p[i])
			return false;
	return true;
}

MS_EXPORT int ms_open(void)
{
	int fd = open(MS_CONTROL_PATH, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

MS_EXPORT int ms_version(int ctl, struct memshare_version *v)
{
	int ret;

	if (!v)
		return -EINVAL;
	memset(v, 0, sizeof(*v));
	v->size = sizeof(*v);
	ret = ms_ioctl(ctl, MEMSHARE_IOC_VERSION, v);
	return ret < 0 ? ret : 0;
}

MS_EXPORT int ms_create(int ctl, uint64_t length,
			const struct ms_create_opts *opts)
{
	struct memshare_create c;
	const char *name;
	int ret;

	if (!ms__opts_valid(opts, sizeof(*opts), opts ? opts->sz : 0))
		return -EINVAL;
	/* __pad is reserved: zero, so that it can become a field. */
	if (MS_OPTS_GET(opts, __pad, 0))
		return -EINVAL;

	memset(&c, 0, sizeof(c));
	c.size = sizeof(c);
	c.length = length;
	c.backend = MS_OPTS_GET(opts, backend, MEMSHARE_BACKEND_VMALLOC);
	c.policy = MS_OPTS_GET(opts, policy, MEMSHARE_MAP_LAZY);
	c.fd = -1;
	name = MS_OPTS_GET(opts, name, NULL);
	if (name) {
		ret = ms_copy_name(c.name, name);
		if (ret)
			return ret;
		c.flags |= MEMSHARE_CREATE_NAMED;
	}
	if (MS_OPTS_GET(opts, no_fd, 0))
		c.flags |= MEMSHARE_CREATE_NO_FD;

	ret = ms_ioctl(ctl, MEMSHARE_IOC_CREATE, &c);
	if (ret < 0)
		return ret;
	if (c.flags & MEMSHARE_CREATE_NO_FD)
		return 0;
	return c.fd >= 0 ? c.fd : -EBADF;
}

MS_EXPORT int ms_destroy(int ctl, const char *name)
{
	struct memshare_destroy d;
	int ret;

	memset(&d, 0, sizeof(d));
	d.size = sizeof(d);
	ret = ms_copy_name(d.name, name);
	if (ret)
		return ret;
	ret = ms_ioctl(ctl, MEMSHARE_IOC_DESTROY, &d);
	return ret < 0 ? ret : 0;
}

MS_EXPORT int ms_open_named(int ctl, const char *name)
{
	struct memshare_open o;
	int ret;

	memset(&o, 0, sizeof(o));
	o.size = sizeof(o);
	o.fd = -1;
	ret = ms_copy_name(o.name, name);
	if (ret)
		return ret;
	ret = ms_ioctl(ctl, MEMSHARE_IOC_OPEN, &o);
	if (ret < 0)
		return ret;
	return o.fd >= 0 ? o.fd : -EBADF;
}

MS_EXPORT int ms_buf_info(int buf, struct memshare_buf_info *info)
{
	int ret;

	if (!info)
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	ret = ms_ioctl(buf, MEMSHARE_IOC_BUF_INFO, info);
	return ret < 0 ? ret : 0;
}

MS_EXPORT int64_t ms_buf_pfns(int buf, uint64_t first, uint64_t *pfns,
			      uint64_t count)
{
	struct memshare_buf_info info;
	int ret;

	if (!count)
		return 0;
	if (!pfns)
		return -EINVAL;
	memset(&info, 0, sizeof(info));
	info.size = sizeof(info);
	info.pfns_ptr = (uintptr_t)pfns;
	info.pfns_first = first;
	info.pfns_count = count;
	ret = ms_ioctl(buf, MEMSHARE_IOC_BUF_INFO, &info);
	if (ret < 0)
		return ret;
	if (info.pfns_count > count)	/* never from a sane kernel */
		return -EIO;
	return (int64_t)info.pfns_count;
}

MS_EXPORT int ms_map(int buf, uint64_t offset, size_t length, int prot,
		     void **addr)
{
	off_t off = (off_t)offset;
	void *p;

	if (!addr)
		return -EINVAL;
	if (off < 0 || (uint64_t)off != offset)
		return -EOVERFLOW;
	p = mmap(NULL, length, prot, MAP_SHARED, buf, off);
	if (p == MAP_FAILED)
		return -errno;
	*addr = p;
	return 0;
}

MS_EXPORT int ms_unmap(void *addr, size_t length)
{
	return munmap(addr, length) ? -errno : 0;
}

static int ms_access(int buf, struct memshare_access *a)
{
	a->size = sizeof(*a);
	return ms_ioctl(buf, MEMSHARE_IOC_ACCESS, a);
}

MS_EXPORT int ms_kcrc32c(int buf, uint64_t offset, uint64_t length,
			 uint32_t *crc)
{
	struct memshare_access a;
	int ret;

	if (!crc)
		return -EINVAL;
	memset(&a, 0, sizeof(a));
	a.op = MEMSHARE_ACCESS_CRC32C;
	a.offset = offset;
	a.length = length;
	ret = ms_access(buf, &a);
	if (ret < 0)
		return ret;
	*crc = a.crc32c;
	return 0;
}

MS_EXPORT int ms_kfill(int buf, uint64_t offset, uint64_t length, uint8_t byte)
{
	struct memshare_access a;
	int ret;

	memset(&a, 0, sizeof(a));
	a.op = MEMSHARE_ACCESS_FILL;
	a.fill = byte;
	a.offset = offset;
	a.length = length;
	ret = ms_access(buf, &a);
	return ret < 0 ? ret : 0;
}

MS_EXPORT int ms_kwrite(int buf, uint64_t offset, const void *data,
			uint64_t length)
{
	struct memshare_access a;
	int ret;

	memset(&a, 0, sizeof(a));
	a.op = MEMSHARE_ACCESS_WRITE;
	a.offset = offset;
	a.length = length;
	a.user_ptr = (uintptr_t)data;
	ret = ms_access(buf, &a);
	return ret < 0 ? ret : 0;
}

MS_EXPORT const char *ms_lib_version(void)
{
	return MS_VERSION_STRING;
}
