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
		struct memshare_pin pin;
		struct memshare_pin_info pin_info;
		struct memshare_pin_access pin_access;
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
	case MEMSHARE_IOC_PIN: {
		struct memshare_pin *p = arg;

		p->nr_pages = (p->addr + p->length + 4095) / 4096 -
			      p->addr / 4096;
		p->fd = 44;
		break;
	}
	case MEMSHARE_IOC_PIN_INFO: {
		struct memshare_pin_info *i = arg;
		struct memshare_extent *e =
			(struct memshare_extent *)(uintptr_t)i->extents_ptr;
		uint64_t n = 0;

		/* 3 pages at 0x12345ffc + 8 bytes: extents of 4 + 8 bytes */
		i->addr = 0x12345ffc;
		i->length = 12;
		i->nr_pages = 2;
		i->pin_flags = MEMSHARE_PIN_WRITE;
		i->first_offset = 0xffc;
		i->nr_extents = 2;
		i->flags = MEMSHARE_PIN_INFO_PHYS;
		if (e) {
			for (; n < i->extents_count && n < 2; n++) {
				e[n].offset = n ? 4 : 0;
				e[n].phys_addr = n ? 0x200000 : 0x100ffc;
				e[n].length = n ? 8 : 4;
			}
			i->extents_count = n;
		}
		break;
	}
	case MEMSHARE_IOC_PIN_ACCESS: {
		struct memshare_pin_access *a = arg;

		if (a->op == MEMSHARE_ACCESS_CRC32C)
			a->crc32c = 0x12345678;
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
	CHECK_INT(sizeof(struct memshare_pin), MEMSHARE_PIN_SIZE_VER0);
	CHECK_INT(sizeof(struct memshare_pin_info),
		  MEMSHARE_PIN_INFO_SIZE_VER0);
	CHECK_INT(sizeof(struct memshare_pin_access),
		  MEMSHARE_PIN_ACCESS_SIZE_VER0);
	CHECK_INT(sizeof(struct memshare_extent), 24);
	/* the commands encode those sizes */
	CHECK_INT(_IOC_SIZE(MEMSHARE_IOC_PIN), MEMSHARE_PIN_SIZE_VER0);
	CHECK_INT(_IOC_SIZE(MEMSHARE_IOC_PIN_INFO), MEMSHARE_PIN_INFO_SIZE_VER0);
	CHECK_INT(_IOC_SIZE(MEMSHARE_IOC_PIN_ACCESS),
		  MEMSHARE_PIN_ACCESS_SIZE_VER0);

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

	/* pin: defaults (read-only, short-term) */
	{
		static char mem[3 * 4096];
		void *addr = mem + 100;

		CHECK_INT(ms_pin(3, addr, 8192, NULL), 44);
		CHECK_U64(mock.cmd, MEMSHARE_IOC_PIN);
		CHECK_INT(mock.fd, 3);
		CHECK_INT(mock.arg.pin.size, sizeof(struct memshare_pin));
		CHECK_INT(mock.arg.pin.flags, 0);
		CHECK_U64(mock.arg.pin.addr, (uintptr_t)addr);
		CHECK_U64(mock.arg.pin.length, 8192);
		CHECK_INT(mock.arg.pin.fd, -1);
		CHECK_INT(mock.arg.pin.__reserved0, 0);
		CHECK_U64(mock.arg.pin.nr_pages, 0);
		CHECK(zero(mock.arg.pin.__reserved,
			   sizeof(mock.arg.pin.__reserved)));
	}
	/* pin: write, long-term; each flag alone */
	{
		MS_OPTS(ms_pin_opts, o, .write = 1, .longterm = 1);

		CHECK_INT(ms_pin(3, (void *)0x10000, 4096, &o), 44);
		CHECK_INT(mock.arg.pin.flags,
			  MEMSHARE_PIN_WRITE | MEMSHARE_PIN_LONGTERM);
		o.write = 0;
		CHECK_INT(ms_pin(3, (void *)0x10000, 4096, &o), 44);
		CHECK_INT(mock.arg.pin.flags, MEMSHARE_PIN_LONGTERM);
		o.write = 7;		/* any non-zero value is "yes" */
		o.longterm = 0;
		CHECK_INT(ms_pin(3, (void *)0x10000, 4096, &o), 44);
		CHECK_INT(mock.arg.pin.flags, MEMSHARE_PIN_WRITE);
	}
	/* pin: options struct rules (libbpf's) */
	{
		struct {
			struct ms_pin_opts o;
			uint64_t newer;		/* a field of a newer library */
		} big;
		MS_OPTS(ms_pin_opts, o, .write = 1);

		mock.calls = 0;
		o.sz = 4;			/* not even sz */
		CHECK_INT(ms_pin(3, (void *)0x10000, 4096, &o), -EINVAL);
		CHECK_INT(mock.calls, 0);
		/* an older caller: sz covers write only, longterm ignored */
		o.sz = offsetof(struct ms_pin_opts, longterm);
		o.longterm = 1;
		CHECK_INT(ms_pin(3, (void *)0x10000, 4096, &o), 44);
		CHECK_INT(mock.arg.pin.flags, MEMSHARE_PIN_WRITE);
		/* a newer caller: zero tail accepted, non-zero refused */
		memset(&big, 0, sizeof(big));
		big.o.sz = sizeof(big);
		big.o.longterm = 1;
		CHECK_INT(ms_pin(3, (void *)0x10000, 4096, &big.o), 44);
		CHECK_INT(mock.arg.pin.flags, MEMSHARE_PIN_LONGTERM);
		big.newer = 1;
		mock.calls = 0;
		CHECK_INT(ms_pin(3, (void *)0x10000, 4096, &big.o), -EINVAL);
		CHECK_INT(mock.calls, 0);
	}
	/* pin: the kernel's errors come back as they are, EINTR retried */
	mock.fail_errno = ENOMEM;
	CHECK_INT(ms_pin(3, (void *)0x10000, 1 << 30, NULL), -ENOMEM);
	mock.fail_errno = EFAULT;
	CHECK_INT(ms_pin(3, NULL, 4096, NULL), -EFAULT);
	mock.fail_errno = ENOTTY;
	CHECK_INT(ms_pin(3, (void *)0x10000, 4096, NULL), -ENOTTY);
	mock.calls = 0;
	mock.eintr = 1;
	CHECK_INT(ms_pin(3, (void *)0x10000, 4096, NULL), 44);
	CHECK_INT(mock.calls, 2);

	/* pin info and extents */
	{
		struct memshare_pin_info pi;
		struct memshare_extent ext[4];

		memset(&pi, 0xff, sizeof(pi));
		CHECK_INT(ms_pin_info(44, &pi), 0);
		CHECK_U64(mock.cmd, MEMSHARE_IOC_PIN_INFO);
		CHECK_INT(mock.fd, 44);
		CHECK_INT(mock.arg.pin_info.size,
			  sizeof(struct memshare_pin_info));
		CHECK_INT(mock.arg.pin_info.flags, 0);
		CHECK_U64(mock.arg.pin_info.extents_ptr, 0);
		CHECK_U64(mock.arg.pin_info.extents_count, 0);
		CHECK(zero(&mock.arg.pin_info.addr, sizeof(pi) -
			   offsetof(struct memshare_pin_info, addr)));
		CHECK_U64(pi.addr, 0x12345ffc);
		CHECK_U64(pi.nr_pages, 2);
		CHECK_U64(pi.nr_extents, 2);
		CHECK_INT(pi.first_offset, 0xffc);
		CHECK_INT(pi.pin_flags, MEMSHARE_PIN_WRITE);
		CHECK_U64(pi.__reserved[1], 0);	/* zeroed, not left 0xff */
		CHECK_INT(ms_pin_info(44, NULL), -EINVAL);

		memset(ext, 0, sizeof(ext));
		CHECK_INT(ms_pin_extents(44, ext, 4), 2);
		CHECK_U64(mock.cmd, MEMSHARE_IOC_PIN_INFO);
		CHECK_INT(mock.arg.pin_info.size,
			  sizeof(struct memshare_pin_info));
		CHECK_U64(mock.arg.pin_info.extents_ptr, (uintptr_t)ext);
		CHECK_U64(mock.arg.pin_info.extents_count, 4);
		CHECK_U64(ext[0].phys_addr, 0x100ffc);
		CHECK_U64(ext[0].length, 4);
		CHECK_U64(ext[1].offset, 4);
		CHECK_U64(ext[1].length, 8);
		CHECK_U64(ext[2].length, 0);
		CHECK_INT(ms_pin_extents(44, ext, 1), 1);
		CHECK_U64(mock.arg.pin_info.extents_count, 1);
		mock.calls = 0;
		CHECK_INT(ms_pin_extents(44, ext, 0), 0);	/* no call */
		CHECK_INT(ms_pin_extents(44, NULL, 3), -EINVAL);
		CHECK_INT(mock.calls, 0);
		mock.fail_errno = EBADF;
		CHECK_INT(ms_pin_extents(44, ext, 4), -EBADF);
	}

	/* kernel-side access to pinned pages */
	{
		static const char data[] = "across";
		uint32_t crc = 0;

		CHECK_INT(ms_pin_kcrc32c(44, 4090, 12, &crc), 0);
		CHECK_U64(mock.cmd, MEMSHARE_IOC_PIN_ACCESS);
		CHECK_INT(mock.fd, 44);
		CHECK_INT(mock.arg.pin_access.size,
			  sizeof(struct memshare_pin_access));
		CHECK_INT(mock.arg.pin_access.flags, 0);
		CHECK_INT(mock.arg.pin_access.op, MEMSHARE_ACCESS_CRC32C);
		CHECK_U64(mock.arg.pin_access.offset, 4090);
		CHECK_U64(mock.arg.pin_access.length, 12);
		CHECK_U64(mock.arg.pin_access.user_ptr, 0);
		CHECK_INT(mock.arg.pin_access.buf_fd, 0);
		CHECK_U64(mock.arg.pin_access.buf_offset, 0);
		CHECK(zero(mock.arg.pin_access.__reserved,
			   sizeof(mock.arg.pin_access.__reserved)));
		CHECK_U64(crc, 0x12345678);
		CHECK_INT(ms_pin_kcrc32c(44, 0, 1, NULL), -EINVAL);

		CHECK_INT(ms_pin_kfill(44, 10, 20, 0x5a), 0);
		CHECK_INT(mock.arg.pin_access.op, MEMSHARE_ACCESS_FILL);
		CHECK_INT(mock.arg.pin_access.fill, 0x5a);
		CHECK_U64(mock.arg.pin_access.offset, 10);
		CHECK_U64(mock.arg.pin_access.length, 20);

		CHECK_INT(ms_pin_kwrite(44, 4093, data, 6), 0);
		CHECK_INT(mock.arg.pin_access.op, MEMSHARE_ACCESS_WRITE);
		CHECK_U64(mock.arg.pin_access.user_ptr, (uintptr_t)data);
		CHECK_U64(mock.arg.pin_access.offset, 4093);
		CHECK_U64(mock.arg.pin_access.length, 6);
		CHECK_INT(mock.arg.pin_access.fill, 0);

		CHECK_INT(ms_pin_to_buffer(44, 4096, 42, 8192, 1 << 20), 0);
		CHECK_INT(mock.arg.pin_access.op, MEMSHARE_ACCESS_TO_BUFFER);
		CHECK_U64(mock.arg.pin_access.offset, 4096);
		CHECK_INT(mock.arg.pin_access.buf_fd, 42);
		CHECK_U64(mock.arg.pin_access.buf_offset, 8192);
		CHECK_U64(mock.arg.pin_access.length, 1 << 20);
		CHECK_U64(mock.arg.pin_access.user_ptr, 0);

		CHECK_INT(ms_pin_from_buffer(44, 1, 43, 2, 3), 0);
		CHECK_INT(mock.arg.pin_access.op,
			  MEMSHARE_ACCESS_FROM_BUFFER);
		CHECK_U64(mock.arg.pin_access.offset, 1);
		CHECK_INT(mock.arg.pin_access.buf_fd, 43);
		CHECK_U64(mock.arg.pin_access.buf_offset, 2);
		CHECK_U64(mock.arg.pin_access.length, 3);

		mock.fail_errno = EPERM;	/* write op on a read-only pin */
		CHECK_INT(ms_pin_kwrite(44, 0, data, 1), -EPERM);
		mock.fail_errno = EPERM;
		CHECK_INT(ms_pin_from_buffer(44, 0, 43, 0, 1), -EPERM);
		mock.calls = 0;
		mock.eintr = 2;
		CHECK_INT(ms_pin_kfill(44, 0, 1, 0), 0);
		CHECK_INT(mock.calls, 3);
	}
	return t_result();
}
