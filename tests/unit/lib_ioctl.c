// SPDX-License-Identifier: MIT
/*
 * What the library passes to the kernel: this program defines ioctl(),
 * which the statically linked library calls instead of libc's, records
 * each call and answers as the module would.
 */
#include <stdarg.h>
#include <sys/ioctl.h>

#include <memshare.h>

#include "testutil.h"

static struct {
	unsigned long cmd;
	int fd;
	union {
		struct memshare_version version;
		struct memshare_create create;
		struct memshare_destroy destroy;
		struct memshare_open open;
		struct memshare_buf_info info;
		struct memshare_access access;
		unsigned char raw[256];
	} arg;		/* as passed in */
	int calls;
	int fail_errno;	/* next call fails with this */
	int eintr;	/* this many calls fail with EINTR first */
} mock;

int ioctl(int fd, unsigned long cmd, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, cmd);
	arg = va_arg(ap, void *);
	va_end(ap);

	mock.calls++;
	if (mock.eintr) {
		mock.eintr--;
		errno = EINTR;
		return -1;
	}
	mock.cmd = cmd;
	mock.fd = fd;
	memcpy(mock.arg.raw, arg, _IOC_SIZE(cmd));
	if (mock.fail_errno) {
		errno = mock.fail_errno;
		mock.fail_errno = 0;
		return -1;
	}
	switch (cmd) {
	case MEMSHARE_IOC_VERSION: {
		struct memshare_version *v = arg;

		v->abi_major = MEMSHARE_ABI_MAJOR;
		v->abi_minor = 3;
		v->features = MEMSHARE_FEAT_VMALLOC | MEMSHARE_FEAT_NAMED;
		strcpy(v->module_version, "9.8.7");
		v->max_buffer_bytes = 1 << 20;
		v->nr_named = 5;
		break;
	}
	case MEMSHARE_IOC_CREATE: {
		struct memshare_create *c = arg;

		c->length = (c->length + 4095) & ~4095ULL;
		c->fd = (c->flags & MEMSHARE_CREATE_NO_FD) ? -1 : 42;
		break;
	}
	case MEMSHARE_IOC_OPEN:
		((struct memshare_open *)arg)->fd = 43;
		break;
	case MEMSHARE_IOC_DESTROY:
		break;
	case MEMSHARE_IOC_BUF_INFO: {
		struct memshare_buf_info *i = arg;
		uint64_t *pfns = (uint64_t *)(uintptr_t)i->pfns_ptr;
		uint64_t n = 0;

		i->length = 8 * 4096;
		i->nr_pages = 8;
		i->backend = MEMSHARE_BACKEND_CONTIG;
		i->flags = MEMSHARE_INFO_PHYS;
		i->phys_addr = 0x100000;
		if (pfns) {
			for (; n < i->pfns_count && i->pfns_first + n < 8; n++)
				pfns[n] = 0x100 + i->pfns_first + n;
			i->pfns_count = n;
		}
		break;
	}
	case MEMSHARE_IOC_ACCESS: {
		struct memshare_access *a = arg;

		if (a->op == MEMSHARE_ACCESS_CRC32C)
			a->crc32c = 0xe3069283;
		break;
	}
	default:
		errno = ENOTTY;
		return -1;
	}
	return 0;
}

static bool zero(const void *p, size_t len)
{
	const unsigned char *b = p;

	while (len--)
		if (*b++)
			return false;
	return true;
}

int main(void)
{
	/* the struct sizes the ABI published */
	CHECK_INT(sizeof(struct memshare_version), MEMSHARE_VERSION_SIZE_VER0);
	CHECK_INT(sizeof(struct memshare_create), MEMSHARE_CREATE_SIZE_VER0);
	CHECK_INT(sizeof(struct memshare_destroy), MEMSHARE_DESTROY_SIZE_VER0);
	CHECK_INT(sizeof(struct memshare_open), MEMSHARE_OPEN_SIZE_VER0);
	CHECK_INT(sizeof(struct memshare_buf_info),
		  MEMSHARE_BUF_INFO_SIZE_VER0);
	CHECK_INT(sizeof(struct memshare_access), MEMSHARE_ACCESS_SIZE_VER0);

	/* version */
	{
		struct memshare_version v;

		memset(&v, 0xff, sizeof(v));
		CHECK_INT(ms_version(7, &v), 0);
		CHECK_U64(mock.cmd, MEMSHARE_IOC_VERSION);
		CHECK_INT(mock.fd, 7);
		CHECK_INT(mock.arg.version.size, sizeof(v));
		CHECK_INT(mock.arg.version.flags, 0);
		CHECK(zero(&mock.arg.version.abi_major,
			   sizeof(v) - offsetof(struct memshare_version,
						abi_major)));
		CHECK_INT(v.abi_minor, 3);
		CHECK_STR(v.module_version, "9.8.7");
		CHECK_U64(v.max_buffer_bytes, 1 << 20);
		CHECK_INT(v.nr_named, 5);
		CHECK_INT(v.__reserved0, 0);	/* zeroed, not left 0xff */
	}

	/* create: anonymous, defaults */
	CHECK_INT(ms_create(3, 5000, NULL), 42);
	CHECK_U64(mock.cmd, MEMSHARE_IOC_CREATE);
	CHECK_INT(mock.fd, 3);
	CHECK_INT(mock.arg.create.size, sizeof(struct memshare_create));
	CHECK_INT(mock.arg.create.flags, 0);
	CHECK_U64(mock.arg.create.length, 5000);
	CHECK_INT(mock.arg.create.backend, MEMSHARE_BACKEND_VMALLOC);
	CHECK_INT(mock.arg.create.policy, MEMSHARE_MAP_LAZY);
	CHECK_INT(mock.arg.create.__reserved0, 0);
	CHECK(zero(mock.arg.create.name, sizeof(mock.arg.create.name)));
	CHECK(zero(mock.arg.create.__reserved,
		   sizeof(mock.arg.create.__reserved)));

	/* create: named, contig, eager, no fd */
	{
		MS_OPTS(ms_create_opts, o, .backend = MEMSHARE_BACKEND_CONTIG,
			.policy = MEMSHARE_MAP_EAGER, .name = "ring0",
			.no_fd = 1);

		CHECK_INT(ms_create(3, 1 << 20, &o), 0);
		CHECK_INT(mock.arg.create.flags,
			  MEMSHARE_CREATE_NAMED | MEMSHARE_CREATE_NO_FD);
		CHECK_U64(mock.arg.create.length, 1 << 20);
		CHECK_INT(mock.arg.create.backend, MEMSHARE_BACKEND_CONTIG);
		CHECK_INT(mock.arg.create.policy, MEMSHARE_MAP_EAGER);
		CHECK_STR(mock.arg.create.name, "ring0");
		CHECK(zero(mock.arg.create.name + 6,
			   sizeof(mock.arg.create.name) - 6));
		o.no_fd = 0;
		CHECK_INT(ms_create(3, 1 << 20, &o), 42);
		CHECK_INT(mock.arg.create.flags, MEMSHARE_CREATE_NAMED);
		/* a 31-character name fills the field with its NUL */
		o.name = "abcdefghijklmnopqrstuvwxyz01234";
		CHECK_INT(ms_create(3, 4096, &o), 42);
		CHECK_STR(mock.arg.create.name, o.name);
	}

	/* errors come back as -errno, EINTR is retried */
	mock.fail_errno = EEXIST;
	CHECK_INT(ms_create(3, 4096, NULL), -EEXIST);
	mock.fail_errno = ENOMEM;
	CHECK_INT(ms_create(3, 4096, NULL), -ENOMEM);
	mock.calls = 0;
	mock.eintr = 2;
	CHECK_INT(ms_create(3, 4096, NULL), 42);
	CHECK_INT(mock.calls, 3);

	/* destroy, open */
	CHECK_INT(ms_destroy(3, "ring0"), 0);
	CHECK_U64(mock.cmd, MEMSHARE_IOC_DESTROY);
	CHECK_INT(mock.arg.destroy.size, sizeof(struct memshare_destroy));
	CHECK_INT(mock.arg.destroy.flags, 0);
	CHECK_STR(mock.arg.destroy.name, "ring0");
	mock.fail_errno = ENOENT;
	CHECK_INT(ms_destroy(3, "nope"), -ENOENT);
	CHECK_INT(ms_open_named(3, "ring0"), 43);
	CHECK_U64(mock.cmd, MEMSHARE_IOC_OPEN);
	CHECK_INT(mock.arg.open.size, sizeof(struct memshare_open));
	CHECK_INT(mock.arg.open.flags, 0);
	CHECK_STR(mock.arg.open.name, "ring0");
	CHECK_INT(mock.arg.open.__reserved0, 0);

	/* buffer info and PFNs */
	{
		struct memshare_buf_info bi;
		uint64_t pfns[16];

		CHECK_INT(ms_buf_info(5, &bi), 0);
		CHECK_U64(mock.cmd, MEMSHARE_IOC_BUF_INFO);
		CHECK_INT(mock.arg.info.size, sizeof(bi));
		CHECK_INT(mock.arg.info.flags, 0);
		CHECK_U64(mock.arg.info.pfns_ptr, 0);
		CHECK_U64(bi.length, 8 * 4096);
		CHECK_U64(bi.phys_addr, 0x100000);

		memset(pfns, 0, sizeof(pfns));
		CHECK_INT(ms_buf_pfns(5, 2, pfns, 3), 3);
		CHECK_U64(mock.arg.info.pfns_ptr, (uintptr_t)pfns);
		CHECK_U64(mock.arg.info.pfns_first, 2);
		CHECK_U64(mock.arg.info.pfns_count, 3);
		CHECK_U64(pfns[0], 0x102);
		CHECK_U64(pfns[2], 0x104);
		CHECK_U64(pfns[3], 0);
		/* fewer pages left than asked: the count written */
		CHECK_INT(ms_buf_pfns(5, 6, pfns, 16), 2);
		CHECK_U64(pfns[1], 0x107);
	}

	/* kernel-side access */
	{
		uint32_t crc = 0;
		static const char data[] = "hello";

		CHECK_INT(ms_kcrc32c(5, 4096, 9, &crc), 0);
		CHECK_U64(mock.cmd, MEMSHARE_IOC_ACCESS);
		CHECK_INT(mock.arg.access.size, sizeof(struct memshare_access));
		CHECK_INT(mock.arg.access.flags, 0);
		CHECK_INT(mock.arg.access.op, MEMSHARE_ACCESS_CRC32C);
		CHECK_U64(mock.arg.access.offset, 4096);
		CHECK_U64(mock.arg.access.length, 9);
		CHECK_U64(crc, 0xe3069283);

		CHECK_INT(ms_kfill(5, 10, 20, 0xa5), 0);
		CHECK_INT(mock.arg.access.op, MEMSHARE_ACCESS_FILL);
		CHECK_INT(mock.arg.access.fill, 0xa5);
		CHECK_U64(mock.arg.access.offset, 10);
		CHECK_U64(mock.arg.access.length, 20);
		CHECK_U64(mock.arg.access.user_ptr, 0);

		CHECK_INT(ms_kwrite(5, 100, data, 5), 0);
		CHECK_INT(mock.arg.access.op, MEMSHARE_ACCESS_WRITE);
		CHECK_U64(mock.arg.access.user_ptr, (uintptr_t)data);
		CHECK_U64(mock.arg.access.offset, 100);
		CHECK_U64(mock.arg.access.length, 5);
		CHECK_INT(mock.arg.access.fill, 0);

		mock.fail_errno = EINVAL;
		CHECK_INT(ms_kfill(5, 0, 1, 0), -EINVAL);
	}
	return t_result();
}
