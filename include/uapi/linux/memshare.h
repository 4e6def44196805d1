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
#define MEMSHARE_ABI_MINOR	2	/* 1: pinning user memory;
					 * 2: address translation, kaddr */

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
#define MEMSHARE_FEAT_XLATE	(1ULL << 7)	/* MEMSHARE_IOC_XLATE */
#define MEMSHARE_FEAT_KADDR	(1ULL << 8)	/* MEMSHARE_IOC_KADDR */

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
 * pt_levels (since ABI 1.2) is the number of page table levels the kernel
 * runs with (4, or 5 with la57); 0 from older modules.
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
	/* since ABI 1.2 */
	__u32 pt_levels;		/* page table levels: 4 or 5 */
	__u32 __reserved1;
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

/* ---- address translation (ABI 1.2) ---- */

/*
 * Page table levels.  memshare_xlate_entry.level is the level of the leaf
 * entry for a present page (PTE: 4K, PMD: 2M, PUD: 1G on x86-64) and the
 * level whose entry is empty or not present otherwise; NONE when nothing
 * was walked (no VMA).
 */
enum memshare_level {
	MEMSHARE_LEVEL_NONE = 0,
	MEMSHARE_LEVEL_PTE = 1,
	MEMSHARE_LEVEL_PMD = 2,
	MEMSHARE_LEVEL_PUD = 3,
	MEMSHARE_LEVEL_P4D = 4,
	MEMSHARE_LEVEL_PGD = 5
};

/* Indexes of memshare_xlate_entry.entries[], top level first. */
#define MEMSHARE_ENT_PGD	0
#define MEMSHARE_ENT_P4D	1	/* == pgd when p4d is folded (4 levels) */
#define MEMSHARE_ENT_PUD	2
#define MEMSHARE_ENT_PMD	3
#define MEMSHARE_ENT_PTE	4
#define MEMSHARE_ENT_NR		5

/* Kinds of VMA (memshare_xlate_entry.vma_kind), most specific first. */
enum memshare_vma_kind {
	MEMSHARE_VMA_NONE = 0,		/* no VMA: the address is unmapped */
	MEMSHARE_VMA_ANON = 1,		/* private anonymous memory */
	MEMSHARE_VMA_FILE = 2,		/* a file (private or shared) */
	MEMSHARE_VMA_SHMEM = 3,		/* shmem: tmpfs, memfd, SysV shm,
					 * MAP_SHARED|MAP_ANONYMOUS */
	MEMSHARE_VMA_HUGETLB = 4,	/* hugetlbfs or MAP_HUGETLB */
	MEMSHARE_VMA_PFNMAP = 5,	/* VM_PFNMAP or VM_IO: raw PFNs */
	MEMSHARE_VMA_STACK = 6,		/* the main thread's stack */
	MEMSHARE_VMA_HEAP = 7,		/* the brk heap */
	MEMSHARE_VMA_MEMSHARE = 8,	/* a memshare buffer */
	MEMSHARE_VMA_SPECIAL = 9	/* no file, kernel-installed (vdso,
					 * vvar, ...) */
};

/* memshare_xlate_entry.vma_flags: the VMA's vm_flags, decoded. */
#define MEMSHARE_VMA_F_READ	(1U << 0)
#define MEMSHARE_VMA_F_WRITE	(1U << 1)
#define MEMSHARE_VMA_F_EXEC	(1U << 2)
#define MEMSHARE_VMA_F_SHARED	(1U << 3)	/* VM_SHARED */
#define MEMSHARE_VMA_F_LOCKED	(1U << 4)	/* VM_LOCKED (mlock) */
#define MEMSHARE_VMA_F_IO	(1U << 5)	/* VM_IO */
#define MEMSHARE_VMA_F_PFNMAP	(1U << 6)	/* VM_PFNMAP */
#define MEMSHARE_VMA_F_MIXEDMAP	(1U << 7)	/* VM_MIXEDMAP */
#define MEMSHARE_VMA_F_HUGETLB	(1U << 8)	/* VM_HUGETLB */
#define MEMSHARE_VMA_F_GROWSDOWN (1U << 9)	/* VM_GROWSDOWN */
#define MEMSHARE_VMA_F_HUGEPAGE	(1U << 10)	/* MADV_HUGEPAGE */
#define MEMSHARE_VMA_F_NOHUGEPAGE (1U << 11)	/* MADV_NOHUGEPAGE */
#define MEMSHARE_VMA_F_SOFTDIRTY (1U << 12)	/* VM_SOFTDIRTY */
#define MEMSHARE_VMA_F_DONTEXPAND (1U << 13)	/* VM_DONTEXPAND */

/*
 * memshare_xlate_entry.flags.  Bits 1-9 decode the leaf entry (the entry at
 * @level): PRESENT is the kernel's pte_present() (a PROT_NONE or NUMA
 * hinting entry maps a page although the hardware present bit is clear:
 * PRESENT and PROTNONE are then both set).
 */
#define MEMSHARE_XF_MAPPED	(1ULL << 0)	/* inside a VMA */
#define MEMSHARE_XF_PRESENT	(1ULL << 1)	/* maps a page (pfn valid) */
#define MEMSHARE_XF_WRITE	(1ULL << 2)	/* writable entry */
#define MEMSHARE_XF_USER	(1ULL << 3)	/* user-accessible */
#define MEMSHARE_XF_ACCESSED	(1ULL << 4)
#define MEMSHARE_XF_DIRTY	(1ULL << 5)
#define MEMSHARE_XF_NX		(1ULL << 6)	/* no-execute */
#define MEMSHARE_XF_GLOBAL	(1ULL << 7)
#define MEMSHARE_XF_SOFT_DIRTY	(1ULL << 8)	/* kernels with soft-dirty */
#define MEMSHARE_XF_PROTNONE	(1ULL << 9)	/* PROT_NONE / NUMA hinting */
#define MEMSHARE_XF_SWAP	(1ULL << 10)	/* swap entry: swap_type/offset */
#define MEMSHARE_XF_MIGRATION	(1ULL << 11)	/* migration entry */
#define MEMSHARE_XF_NONPRESENT_OTHER (1ULL << 12) /* device, hwpoison, marker */
#define MEMSHARE_XF_SPECIAL	(1ULL << 13)	/* pte_special: no struct page
						 * is meant (PFNMAP, zero) */
#define MEMSHARE_XF_HUGE	(1ULL << 14)	/* leaf above the PTE level */
#define MEMSHARE_XF_THP		(1ULL << 15)	/* a transparent huge page */
#define MEMSHARE_XF_ZERO_PAGE	(1ULL << 16)	/* the shared zero page */
#define MEMSHARE_XF_PAGE	(1ULL << 17)	/* @page is filled */
#define MEMSHARE_XF_PHYS	(1ULL << 18)	/* pfn, paddr, swap entries and
						 * the entries' address bits
						 * are shown (CAP_SYS_ADMIN) */
#define MEMSHARE_XF_DATA	(1ULL << 19)	/* @data holds 8 bytes */
#define MEMSHARE_XF_PFNMAP_HELPER (1ULL << 20)	/* pfn from the kernel's pfnmap
						 * helper (follow_pfn(),
						 * follow_pfnmap_start()) */

/*
 * struct page state (memshare_xlate_entry.page, memshare_kaddr.page).
 * Bits 0-26 of @flags have the numbers and meaning of KPF_* in
 * <linux/kernel-page-flags.h> (as /proc/kpageflags reports them); bits from
 * 32 are memshare's.  @refcount leaves out the reference memshare holds
 * while it looks.
 */
#define MEMSHARE_PS_LOCKED	(1ULL << 0)
#define MEMSHARE_PS_REFERENCED	(1ULL << 2)
#define MEMSHARE_PS_UPTODATE	(1ULL << 3)
#define MEMSHARE_PS_DIRTY	(1ULL << 4)
#define MEMSHARE_PS_LRU		(1ULL << 5)
#define MEMSHARE_PS_ACTIVE	(1ULL << 6)
#define MEMSHARE_PS_SLAB	(1ULL << 7)
#define MEMSHARE_PS_WRITEBACK	(1ULL << 8)
#define MEMSHARE_PS_BUDDY	(1ULL << 10)
#define MEMSHARE_PS_MMAP	(1ULL << 11)	/* mapped in user space */
#define MEMSHARE_PS_ANON	(1ULL << 12)
#define MEMSHARE_PS_SWAPCACHE	(1ULL << 13)
#define MEMSHARE_PS_SWAPBACKED	(1ULL << 14)
#define MEMSHARE_PS_HEAD	(1ULL << 15)	/* compound head */
#define MEMSHARE_PS_TAIL	(1ULL << 16)	/* compound tail */
#define MEMSHARE_PS_HUGE	(1ULL << 17)	/* hugetlb */
#define MEMSHARE_PS_UNEVICTABLE	(1ULL << 18)
#define MEMSHARE_PS_HWPOISON	(1ULL << 19)
#define MEMSHARE_PS_NOPAGE	(1ULL << 20)	/* no struct page */
#define MEMSHARE_PS_KSM		(1ULL << 21)
#define MEMSHARE_PS_THP		(1ULL << 22)	/* transparent huge page */
#define MEMSHARE_PS_ZERO_PAGE	(1ULL << 24)
#define MEMSHARE_PS_PGTABLE	(1ULL << 26)
#define MEMSHARE_PS_RESERVED	(1ULL << 32)	/* PG_reserved */
#define MEMSHARE_PS_MLOCKED	(1ULL << 33)
#define MEMSHARE_PS_FILE	(1ULL << 48)	/* page cache (has a mapping,
						 * not anonymous) */
#define MEMSHARE_PS_FREE	(1ULL << 49)	/* refcount was zero */

/* Memory zones (memshare_page_state.zone). */
enum memshare_zone {
	MEMSHARE_ZONE_UNKNOWN = 0,
	MEMSHARE_ZONE_DMA = 1,
	MEMSHARE_ZONE_DMA32 = 2,
	MEMSHARE_ZONE_NORMAL = 3,
	MEMSHARE_ZONE_HIGHMEM = 4,
	MEMSHARE_ZONE_MOVABLE = 5,
	MEMSHARE_ZONE_DEVICE = 6
};

struct memshare_page_state {
	__u64 flags;			/* MEMSHARE_PS_* */
	__u32 refcount;			/* of the folio (compound page) */
	__s32 mapcount;			/* of this page: user mappings */
	__u32 order;			/* compound order, 0 for a small page */
	__u32 zone;			/* enum memshare_zone */
	__u32 nid;			/* NUMA node */
	__u32 __reserved0;
	__u64 index;			/* this page's index in its compound
					 * page (0 for a small page or head) */
	__u64 __reserved[2];
};

/*
 * One translated address (batch form) or extent (range form).
 *
 * Batch: @vaddr is the address asked for; @paddr the physical address of
 * that byte; @length the bytes from @vaddr to the end of its page.
 * Range: one run of pages [@vaddr, @vaddr + @length) of one VMA (or one gap
 * between VMAs) with equal flags, level and vma fields, physically
 * contiguous when present and the caller may see PFNs (otherwise
 * contiguity is not considered, so that it does not leak); @paddr, @pfn,
 * @entries, @page and @data describe its first page, swap entries its
 * first page's entry.
 *
 * Without MEMSHARE_XF_PHYS, @pfn, @paddr, @swap_type, @swap_offset and the
 * address bits of @entries are 0 (as /proc/PID/pagemap hides them).
 */
struct memshare_xlate_entry {
	__u64 vaddr;
	__u64 length;
	__u64 flags;			/* MEMSHARE_XF_* */
	__u64 paddr;
	__u64 pfn;
	__u64 page_size;		/* bytes mapped by the leaf, or 0 */
	__u32 level;			/* enum memshare_level */
	__u32 pt_levels;		/* 4 or 5 */
	__u64 entries[MEMSHARE_ENT_NR];	/* raw entries, top first; 0 below
					 * @level */
	__u32 swap_type;		/* XF_SWAP, XF_MIGRATION */
	__u32 __reserved0;
	__u64 swap_offset;
	/* the VMA (zero when vma_kind is NONE) */
	__u32 vma_kind;			/* enum memshare_vma_kind */
	__u32 vma_flags;		/* MEMSHARE_VMA_F_* */
	__u64 vma_start;
	__u64 vma_end;
	__u64 vma_pgoff;		/* file offset of vma_start in pages;
					 * 0 without a file */
	__u32 path_offset;		/* XLATE_PATHS: offset of the VMA's
					 * file path in the string table, or
					 * MEMSHARE_NO_PATH */
	__u32 __reserved1;
	struct memshare_page_state page; /* XF_PAGE */
	__u64 data;			/* XF_DATA: the 8 bytes at @paddr */
	__u64 __reserved[2];
};
#define MEMSHARE_XLATE_ENTRY_SIZE_VER0	232
#define MEMSHARE_NO_PATH	0xffffffffU

/* memshare_xlate.flags */
#define MEMSHARE_XLATE_RANGE	(1U << 0)	/* translate [start, end) into
						 * extents; else a batch */
#define MEMSHARE_XLATE_PAGE	(1U << 1)	/* fill struct page state;
						 * CAP_SYS_ADMIN, else not
						 * filled */
#define MEMSHARE_XLATE_PATHS	(1U << 2)	/* fill the string table */
#define MEMSHARE_XLATE_READ	(1U << 3)	/* read 8 bytes at each present
						 * paddr; CAP_SYS_ADMIN */
#define MEMSHARE_XLATE_FLAGS	(MEMSHARE_XLATE_RANGE | MEMSHARE_XLATE_PAGE | \
				 MEMSHARE_XLATE_PATHS | MEMSHARE_XLATE_READ)

/*
 * MEMSHARE_IOC_XLATE (control device): translate virtual addresses of the
 * process @pid (0: the caller) by walking its page tables.  Another process
 * needs ptrace read access (PTRACE_MODE_READ_FSCREDS, as
 * /proc/PID/pagemap): -EPERM without it, -ESRCH if it does not exist or
 * has no mm, -EAGAIN if it called execve() while being checked (try
 * again); a negative @pid is -EINVAL.
 *
 * Batch (no MEMSHARE_XLATE_RANGE): @addrs_ptr points to @count __u64
 * addresses; @entries_ptr to @count entries, one per address, in order.
 * Any address is valid input (unmapped ones come back without XF_MAPPED);
 * @start and @end must be 0.
 *
 * Range: [@start, @end) (rounded out to pages) becomes extents, written to
 * @entries_ptr (@count entries at most) in address order; @count is set to
 * the number written and @next to the address after the last extent (@end
 * when the range is done; call again from @next otherwise).  @addrs_ptr
 * must be 0; @start > @end, or @end above the user address space
 * (TASK_SIZE_MAX: 0x7ffffffff000 with 4 levels on x86-64), is -EINVAL.
 *
 * Entries are @entry_size bytes apart (at least
 * MEMSHARE_XLATE_ENTRY_SIZE_VER0); the kernel writes what it knows of
 * each and zeroes the rest.  With MEMSHARE_XLATE_PATHS, the file paths of
 * VMAs go to the string table @strtab_ptr (@strtab_size bytes), each
 * NUL-terminated, once per VMA in a call; @strtab_used is set to the bytes
 * used.  A path that does not fit gets MEMSHARE_NO_PATH.
 *
 * The walk takes the mmap lock for reading and reads the page tables
 * locklessly with interrupts off, as GUP-fast does; each entry is a
 * snapshot, valid when it was taken.
 */
struct memshare_xlate {
	__u32 size;
	__u32 flags;			/* MEMSHARE_XLATE_* */
	__s32 pid;			/* 0: the caller */
	__u32 entry_size;		/* sizeof(struct memshare_xlate_entry) */
	__u64 addrs_ptr;		/* batch: __u64[count] */
	__u64 entries_ptr;		/* struct memshare_xlate_entry[count] */
	__u64 count;			/* batch: addresses; range: in:
					 * capacity, out: written */
	__u64 start;			/* range */
	__u64 end;			/* range */
	__u64 next;			/* range, out */
	__u64 strtab_ptr;		/* XLATE_PATHS: char[strtab_size] */
	__u32 strtab_size;
	__u32 strtab_used;		/* out */
	__u64 __reserved[2];
};
#define MEMSHARE_XLATE_SIZE_VER0	96

/* ---- kernel address classification (ABI 1.2) ---- */

/* Regions of the kernel's address space (memshare_kaddr.region). */
enum memshare_kregion {
	MEMSHARE_KR_UNKNOWN = 0,	/* none of those below */
	MEMSHARE_KR_USER = 1,		/* a user-space address */
	MEMSHARE_KR_DIRECT_MAP = 2,	/* linear map of RAM (lowmem) */
	MEMSHARE_KR_VMALLOC = 3,	/* vmalloc, vmap, ioremap, VMAP stacks */
	MEMSHARE_KR_MODULE = 4,		/* module text and data */
	MEMSHARE_KR_KERNEL_TEXT = 5,	/* kernel image, executable */
	MEMSHARE_KR_KERNEL_RODATA = 6,	/* kernel image, read-only */
	MEMSHARE_KR_KERNEL_DATA = 7,	/* kernel image, writable: data, bss */
	MEMSHARE_KR_FIXMAP = 8,
	MEMSHARE_KR_VMEMMAP = 9,	/* the struct page array */
	MEMSHARE_KR_CPU_ENTRY_AREA = 10,
	MEMSHARE_KR_KERNEL_IMAGE = 11	/* kernel image, unmapped part */
};

/* How the page was found (memshare_kaddr.method). */
enum memshare_kmethod {
	MEMSHARE_KM_NONE = 0,		/* not resolved */
	MEMSHARE_KM_VIRT_TO_PAGE = 1,	/* virt_to_page(): the direct map */
	MEMSHARE_KM_VMALLOC_TO_PAGE = 2,	/* vmalloc_to_page() */
	MEMSHARE_KM_PAGE_TABLE = 3	/* a walk of the kernel page tables */
};

/* memshare_kaddr.kflags (output) */
#define MEMSHARE_KA_MAPPED	(1ULL << 0)	/* a present kernel mapping */
#define MEMSHARE_KA_PAGE	(1ULL << 1)	/* has a struct page: @page (a
						 * direct-map page may have one
						 * while unmapped: free pages
						 * under DEBUG_PAGEALLOC,
						 * secretmem) */
#define MEMSHARE_KA_WRITE	(1ULL << 2)
#define MEMSHARE_KA_NX		(1ULL << 3)
#define MEMSHARE_KA_GLOBAL	(1ULL << 4)
#define MEMSHARE_KA_HUGE	(1ULL << 5)	/* mapped by a leaf above PTE */
#define MEMSHARE_KA_AGREE	(1ULL << 6)	/* the page table walk and
						 * virt_to_page() or
						 * vmalloc_to_page() agree */
#define MEMSHARE_KA_CURRENT_STACK (1ULL << 7)	/* in the caller's kernel
						 * stack */

/*
 * MEMSHARE_IOC_KADDR (control device, CAP_SYS_ADMIN, else -EPERM):
 * classify the kernel virtual address @addr and find its page, without
 * dereferencing it.  @symbol is the nearest kernel symbol ("name+0x10" or
 * "name+0x10 [module]") when there is one.
 */
struct memshare_kaddr {
	__u32 size;
	__u32 flags;			/* must be 0 */
	__u64 addr;			/* in */
	__u32 region;			/* enum memshare_kregion */
	__u32 method;			/* enum memshare_kmethod */
	__u64 kflags;			/* MEMSHARE_KA_* */
	__u64 region_start;		/* the region's bounds */
	__u64 region_end;
	__u32 level;			/* enum memshare_level of the leaf */
	__u32 __reserved0;
	__u64 page_size;
	__u64 pfn;
	__u64 paddr;
	__u64 entry;			/* the raw leaf entry */
	struct memshare_page_state page; /* KA_PAGE */
	char symbol[64];
	__u64 __reserved[2];
};
#define MEMSHARE_KADDR_SIZE_VER0	224

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
/* 0x30-0x3f: address translation (control device) */
#define MEMSHARE_IOC_XLATE	_IOWR(MEMSHARE_IOC_MAGIC, 0x30, struct memshare_xlate)
#define MEMSHARE_IOC_KADDR	_IOWR(MEMSHARE_IOC_MAGIC, 0x31, struct memshare_kaddr)

#endif /* _UAPI_LINUX_MEMSHARE_H */
