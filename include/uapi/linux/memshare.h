/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR MIT) */
/*
 * memshare: memory shared between the kernel and user space.
 *
 * Two kinds of file descriptors speak this interface:
 *
 *  - the control device, /dev/memshare: version/limits, buffer creation,
 *    named-buffer management, pinning user memory;
 *  - a buffer fd, returned by MEMSHARE_IOC_CREATE or MEMSHARE_IOC_OPEN, or
 *    obtained by opening a named buffer's node /dev/memshare-NAME: mmap
 *    (MAP_SHARED), read/write/pread/pwrite/lseek, and the buffer ioctls;
 *  - a pin fd, returned by MEMSHARE_IOC_PIN: user pages held by
 *    pin_user_pages() until it is closed, and the pin ioctls.
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
#define MEMSHARE_ABI_MINOR	1	/* 1: pinning user memory */

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
#define MEMSHARE_FEAT_PIN	(1ULL << 6)	/* pinning user memory */

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
	/* since ABI 1.1 */
	__u64 max_pin_bytes;		/* largest single pin */
	__u64 nr_pins;			/* live pin fds */
	__u64 pinned_pages;		/* pages held by live pins */
	__u64 __reserved[1];
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
	char name[MEMSHARE_NAME_MAX];	/* out: named buffers; else empty */
	__u64 __reserved[2];
};
#define MEMSHARE_BUF_INFO_SIZE_VER0	120

/* Kernel-side access operations (memshare_access.op). */
enum memshare_access_op {
	MEMSHARE_ACCESS_CRC32C = 0,	/* out: crc32c of the range */
	MEMSHARE_ACCESS_FILL = 1,	/* kernel stores @fill in the range */
	MEMSHARE_ACCESS_WRITE = 2,	/* kernel copies @length bytes from
					 * @user_ptr into the range */
	MEMSHARE_ACCESS_TO_BUFFER = 3,	/* pin fd only: copy the range to the
					 * buffer @buf_fd at @buf_offset */
	MEMSHARE_ACCESS_FROM_BUFFER = 4	/* pin fd only: copy from the buffer
					 * @buf_fd at @buf_offset into the range */
};

/*
 * MEMSHARE_IOC_ACCESS (buffer fd): the kernel reads or writes
 * [@offset, @offset + @length) of the buffer through its kernel mapping
 * (ops CRC32C, FILL, WRITE).  CRC32C is the standard CRC-32C (Castagnoli;
 * initial value ~0, final xor ~0; "123456789" gives 0xe3069283).  The fd's
 * mode applies as for read() and write(): CRC32C needs it open for reading,
 * FILL and WRITE for writing (-EBADF).  A WRITE that faults on @user_ptr
 * leaves the rest of the range unchanged.
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

/* memshare_pin.flags, memshare_pin_info.pin_flags */
#define MEMSHARE_PIN_WRITE	(1U << 0)	/* the kernel may write (FOLL_WRITE) */
#define MEMSHARE_PIN_LONGTERM	(1U << 1)	/* FOLL_LONGTERM; charged to
						 * RLIMIT_MEMLOCK */
#define MEMSHARE_PIN_FLAGS	(MEMSHARE_PIN_WRITE | MEMSHARE_PIN_LONGTERM)

/*
 * MEMSHARE_IOC_PIN (control device): pin the pages behind
 * [@addr, @addr + @length) of the calling process with pin_user_pages() and
 * return a pin fd (O_CLOEXEC) in @fd; closing it (or exiting) unpins.  All
 * or nothing: -EFAULT if part of the range is unmapped, or is read-only and
 * MEMSHARE_PIN_WRITE was asked; -EINVAL for a zero length or an overflowing
 * range; -ENOMEM over RLIMIT_MEMLOCK (long-term pins, without
 * CAP_IPC_LOCK) or over the max_pin_size parameter; the kernel's own errno
 * where it refuses a long-term pin of a kind of memory.
 */
struct memshare_pin {
	__u32 size;
	__u32 flags;			/* MEMSHARE_PIN_* */
	__u64 addr;
	__u64 length;
	__s32 fd;			/* out */
	__u32 __reserved0;
	__u64 nr_pages;			/* out */
	__u64 __reserved[2];
};
#define MEMSHARE_PIN_SIZE_VER0		56

/*
 * One physically contiguous run of pinned memory (a scatter list entry).
 * The extents of a pin cover its bytes exactly, in order: the first has
 * offset 0 and starts at first_offset into its page, the last ends at the
 * pin's length; phys_addr is that of the extent's first byte.
 */
struct memshare_extent {
	__u64 offset;			/* in the pinned range */
	__u64 phys_addr;
	__u64 length;
};

/* memshare_pin_info.flags (output; must be 0 on input) */
#define MEMSHARE_PIN_INFO_PHYS	(1U << 0)	/* extents' phys_addr are filled */

/*
 * MEMSHARE_IOC_PIN_INFO (pin fd): describe the pin.  If @extents_ptr is
 * non-zero it points to @extents_count struct memshare_extent that receive
 * the physical extents in order; @extents_count is set to the number written
 * and @nr_extents to the total.  phys_addr is 0 without CAP_SYS_ADMIN (the
 * offsets and lengths are still filled).
 */
struct memshare_pin_info {
	__u32 size;
	__u32 flags;			/* out: MEMSHARE_PIN_INFO_* */
	__u64 addr;			/* out: as pinned */
	__u64 length;			/* out */
	__u64 nr_pages;			/* out */
	__u32 pin_flags;		/* out: MEMSHARE_PIN_* */
	__u32 first_offset;		/* out: @addr's offset in its page */
	__u64 extents_ptr;		/* in: struct memshare_extent[], or 0 */
	__u64 extents_count;		/* in: array length; out: written */
	__u64 nr_extents;		/* out */
	__u64 __reserved[2];
};
#define MEMSHARE_PIN_INFO_SIZE_VER0	80

/*
 * MEMSHARE_IOC_PIN_ACCESS (pin fd): the kernel reads or writes
 * [@offset, @offset + @length) of the pinned range (offset 0 is the pinned
 * address) through kmap_local_page(), page by page: every op of
 * enum memshare_access_op; TO_BUFFER and FROM_BUFFER copy between the range
 * and the memshare buffer @buf_fd at @buf_offset (both 0 for other ops).
 * WRITE, FILL and FROM_BUFFER need a MEMSHARE_PIN_WRITE pin (-EPERM).
 * A range outside the pin or the buffer is -EINVAL; a @buf_fd that is not
 * open, or not open for writing (TO_BUFFER) or reading (FROM_BUFFER), is
 * -EBADF; one that is not a memshare buffer is -EINVAL.
 */
struct memshare_pin_access {
	__u32 size;
	__u32 flags;			/* must be 0 */
	__u32 op;			/* enum memshare_access_op */
	__u32 fill;			/* FILL: byte value in bits 0-7 */
	__u64 offset;
	__u64 length;
	__u64 user_ptr;			/* WRITE: source */
	__u32 crc32c;			/* CRC32C: out */
	__s32 buf_fd;			/* TO/FROM_BUFFER: a buffer fd */
	__u64 buf_offset;		/* TO/FROM_BUFFER: offset in it */
	__u64 __reserved[2];
};
#define MEMSHARE_PIN_ACCESS_SIZE_VER0	72

#define MEMSHARE_IOC_MAGIC	0xB9

/* 0x00-0x0f: control device */
#define MEMSHARE_IOC_VERSION	_IOWR(MEMSHARE_IOC_MAGIC, 0x00, struct memshare_version)
#define MEMSHARE_IOC_CREATE	_IOWR(MEMSHARE_IOC_MAGIC, 0x01, struct memshare_create)
#define MEMSHARE_IOC_DESTROY	_IOW(MEMSHARE_IOC_MAGIC, 0x02, struct memshare_destroy)
#define MEMSHARE_IOC_OPEN	_IOWR(MEMSHARE_IOC_MAGIC, 0x03, struct memshare_open)
/* 0x10-0x1f: buffer fd */
#define MEMSHARE_IOC_BUF_INFO	_IOWR(MEMSHARE_IOC_MAGIC, 0x10, struct memshare_buf_info)
#define MEMSHARE_IOC_ACCESS	_IOWR(MEMSHARE_IOC_MAGIC, 0x11, struct memshare_access)
/* 0x20-0x2f: pinning user memory (control device, then pin fd) */
#define MEMSHARE_IOC_PIN	_IOWR(MEMSHARE_IOC_MAGIC, 0x20, struct memshare_pin)
#define MEMSHARE_IOC_PIN_INFO	_IOWR(MEMSHARE_IOC_MAGIC, 0x21, struct memshare_pin_info)
#define MEMSHARE_IOC_PIN_ACCESS	_IOWR(MEMSHARE_IOC_MAGIC, 0x22, struct memshare_pin_access)
/* 0x30-0x3f: reserved for address translation */

#endif /* _UAPI_LINUX_MEMSHARE_H */
