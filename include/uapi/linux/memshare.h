/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR MIT) */
/*
 * memshare: memory shared between the kernel and user space.
 *
 * Two kinds of file descriptors speak this interface:
 *
 *  - the control device, /dev/memshare: version/limits, buffer creation,
 *    named-buffer management;
 *  - a buffer fd, returned by MEMSHARE_IOC_CREATE or MEMSHARE_IOC_OPEN, or
 *    obtained by opening a named buffer's node /dev/memshare-NAME: mmap
 *    (MAP_SHARED), read/write/pread/pwrite/lseek, and the buffer ioctls.
 *
 * Rules that hold for every ioctl (see docs/design.md):
 *  - every argument struct starts with __u32 size (sizeof the struct as the
 *    caller knows it) and __u32 flags;
 *  - a size smaller than the struct's first published version is -EINVAL;
 *    a larger size is accepted when the bytes the kernel does not know are
 *    zero, else -E2BIG (copy_struct_from_user() semantics); output is
 *    written back up to min(size, kernel's size);
 *  - unknown flags, unknown enum values and non-zero reserved fields are
 *    -EINVAL; unknown commands are -ENOTTY;
 *  - every fd returned is O_CLOEXEC;
 *  - physical addresses and PFNs are reported only to CAP_SYS_ADMIN, and are
 *    zero otherwise.
 *
 * The ioctl numbers encode the size of the structs as first published; the
 * kernel matches commands on direction, type and number only, so that a
 * struct may grow without changing its command.
 */
#ifndef _UAPI_LINUX_MEMSHARE_H
#define _UAPI_LINUX_MEMSHARE_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define MEMSHARE_ABI_MAJOR	1
#define MEMSHARE_ABI_MINOR	0

/* Device node names (under /dev). */
#define MEMSHARE_CONTROL_NAME	"memshare"
#define MEMSHARE_NAMED_PREFIX	"memshare-"	/* /dev/memshare-NAME */

/* Largest named-buffer name, including the terminating NUL. */
#define MEMSHARE_NAME_MAX	32

/* Features reported by MEMSHARE_IOC_VERSION (struct memshare_version). */
#define MEMSHARE_FEAT_VMALLOC	(1ULL << 0)	/* backend vmalloc */
#define MEMSHARE_FEAT_CONTIG	(1ULL << 1)	/* backend contig, buddy */
#define MEMSHARE_FEAT_CONTIG_LARGE (1ULL << 2)	/* contig beyond one buddy block */
#define MEMSHARE_FEAT_EAGER	(1ULL << 3)	/* policy eager */
#define MEMSHARE_FEAT_NAMED	(1ULL << 4)	/* named buffers */
#define MEMSHARE_FEAT_ACCESS	(1ULL << 5)	/* kernel-side access ioctl */

/* Buffer backends (memshare_create.backend, memshare_buf_info.backend). */
enum memshare_backend {
	MEMSHARE_BACKEND_VMALLOC = 0,	/* virtually contiguous pages */
	MEMSHARE_BACKEND_CONTIG = 1	/* physically contiguous pages */
};

/* Mapping policies (memshare_create.policy, memshare_buf_info.policy). */
enum memshare_policy {
	MEMSHARE_MAP_LAZY = 0,		/* pages installed by the fault handler */
	MEMSHARE_MAP_EAGER = 1		/* whole range installed at mmap() */
};

/*
 * MEMSHARE_IOC_VERSION (control device): ABI version, features, limits and
 * the module's live counters.  All fields but size and flags are output.
 */
struct memshare_version {
	__u32 size;
	__u32 flags;			/* must be 0 */
	__u32 abi_major;
	__u32 abi_minor;
	__u64 features;			/* MEMSHARE_FEAT_* */
	char module_version[16];	/* NUL-terminated */
	/* limits (module parameters) */
	__u64 max_buffer_bytes;		/* largest single buffer */
	__u64 max_total_bytes;		/* all buffers together */
	__u64 max_contig_bytes;		/* largest contig buffer that can work */
	__u32 max_named;		/* number of named buffers */
	__u32 __reserved0;
	/* live counters */
	__u64 total_bytes;		/* bytes held by live buffers */
	__u32 nr_buffers;		/* live buffers (anonymous and named) */
	__u32 nr_named;			/* live named buffers */
	__u64 nr_mappings;		/* live VMAs of buffers */
	__u64 __reserved[4];
};
#define MEMSHARE_VERSION_SIZE_VER0	128

/* memshare_create.flags */
#define MEMSHARE_CREATE_NAMED	(1U << 0)	/* name[] is set; CAP_SYS_ADMIN */
#define MEMSHARE_CREATE_NO_FD	(1U << 1)	/* NAMED only: return no fd */
#define MEMSHARE_CREATE_FLAGS	(MEMSHARE_CREATE_NAMED | MEMSHARE_CREATE_NO_FD)

/*
 * MEMSHARE_IOC_CREATE (control device): create a zero-filled buffer of
 * @length bytes (rounded up to PAGE_SIZE) and return an O_CLOEXEC fd for it
 * in @fd (-1 with MEMSHARE_CREATE_NO_FD).  With MEMSHARE_CREATE_NAMED the
 * buffer is also published as /dev/memshare-NAME and
 * /sys/class/memshare/NAME and lives until MEMSHARE_IOC_DESTROY or module
 * unload.
 */
struct memshare_create {
	__u32 size;
	__u32 flags;			/* MEMSHARE_CREATE_* */
	__u64 length;			/* in: bytes; out: rounded length */
	__u32 backend;			/* enum memshare_backend */
	__u32 policy;			/* enum memshare_policy */
	__s32 fd;			/* out */
	__u32 __reserved0;
	char name[MEMSHARE_NAME_MAX];	/* NAMED: [A-Za-z0-9_.-], NUL-terminated */
	__u64 __reserved[2];
};
#define MEMSHARE_CREATE_SIZE_VER0	80

/*
 * MEMSHARE_IOC_DESTROY (control device, CAP_SYS_ADMIN): unpublish the named
 * buffer @name.  Its memory is freed when the last fd and mapping go away.
 */
struct memshare_destroy {
	__u32 size;
	__u32 flags;			/* must be 0 */
	char name[MEMSHARE_NAME_MAX];
	__u64 __reserved[2];
};
#define MEMSHARE_DESTROY_SIZE_VER0	56

/*
 * MEMSHARE_IOC_OPEN (control device): open the named buffer @name and return
 * an O_CLOEXEC fd in @fd, as open("/dev/memshare-NAME", O_RDWR) does.
 */
struct memshare_open {
	__u32 size;
	__u32 flags;			/* must be 0 */
	char name[MEMSHARE_NAME_MAX];
	__s32 fd;			/* out */
	__u32 __reserved0;
	__u64 __reserved[2];
};
#define MEMSHARE_OPEN_SIZE_VER0		64

/* memshare_buf_info.flags (output bits; must be 0 on input) */
#define MEMSHARE_INFO_NAMED	(1U << 0)	/* the buffer has a name */
#define MEMSHARE_INFO_DESTROYED	(1U << 1)	/* named, but destroyed */
#define MEMSHARE_INFO_PHYS	(1U << 2)	/* phys_addr/pfns are filled */

/*
 * MEMSHARE_IOC_BUF_INFO (buffer fd): describe the buffer.
 * If @pfns_ptr is non-zero it points to an array of @pfns_count __u64 that
 * receives the PFN of each page from @pfns_first on; @pfns_count is set to the
 * number written.  PFNs and @phys_addr are zero without CAP_SYS_ADMIN.
 */
struct memshare_buf_info {
	__u32 size;
	__u32 flags;			/* out: MEMSHARE_INFO_* */
	__u64 length;			/* bytes, a multiple of the page size */
	__u32 backend;			/* enum memshare_backend */
	__u32 policy;			/* enum memshare_policy */
	__u64 nr_pages;
	__u64 nr_mappings;		/* live VMAs of this buffer */
	__u64 phys_addr;		/* contig: first byte; CAP_SYS_ADMIN */
	__u64 pfns_ptr;			/* in: user pointer to __u64[], or 0 */
	__u64 pfns_first;		/* in: first page index */
	__u64 pfns_count;		/* in: array length; out: entries written */
	char name[MEMSHARE_NAME_MAX];	/* named buffers; else empty */
	__u64 __reserved[2];
};
#define MEMSHARE_BUF_INFO_SIZE_VER0	120

/* Kernel-side access operations (memshare_access.op). */
enum memshare_access_op {
	MEMSHARE_ACCESS_CRC32C = 0,	/* out: crc32c of the range */
	MEMSHARE_ACCESS_FILL = 1,	/* kernel stores @fill in the range */
	MEMSHARE_ACCESS_WRITE = 2	/* kernel copies @length bytes from
					 * @user_ptr into the range */
};

/*
 * MEMSHARE_IOC_ACCESS (buffer fd): the kernel reads or writes
 * [@offset, @offset + @length) of the buffer through its kernel mapping.
 * CRC32C is the standard CRC-32C (Castagnoli; initial value ~0, final xor
 * ~0; "123456789" gives 0xe3069283).
 */
struct memshare_access {
	__u32 size;
	__u32 flags;			/* must be 0 */
	__u32 op;			/* enum memshare_access_op */
	__u32 fill;			/* FILL: byte value in bits 0-7 */
	__u64 offset;
	__u64 length;
	__u64 user_ptr;			/* WRITE: source */
	__u32 crc32c;			/* CRC32C: out */
	__u32 __reserved0;
	__u64 __reserved[2];
};
#define MEMSHARE_ACCESS_SIZE_VER0	64

#define MEMSHARE_IOC_MAGIC	0xB9

/* 0x00-0x0f: control device */
#define MEMSHARE_IOC_VERSION	_IOWR(MEMSHARE_IOC_MAGIC, 0x00, struct memshare_version)
#define MEMSHARE_IOC_CREATE	_IOWR(MEMSHARE_IOC_MAGIC, 0x01, struct memshare_create)
#define MEMSHARE_IOC_DESTROY	_IOW(MEMSHARE_IOC_MAGIC, 0x02, struct memshare_destroy)
#define MEMSHARE_IOC_OPEN	_IOWR(MEMSHARE_IOC_MAGIC, 0x03, struct memshare_open)
/* 0x10-0x1f: buffer fd */
#define MEMSHARE_IOC_BUF_INFO	_IOWR(MEMSHARE_IOC_MAGIC, 0x10, struct memshare_buf_info)
#define MEMSHARE_IOC_ACCESS	_IOWR(MEMSHARE_IOC_MAGIC, 0x11, struct memshare_access)
/* 0x20-0x2f: reserved for pinning user memory */
/* 0x30-0x3f: reserved for address translation */

#endif /* _UAPI_LINUX_MEMSHARE_H */
