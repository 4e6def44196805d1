/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memshare: internal interfaces between the module's files.
 *
 * main.c     module parameters, counters, init/exit
 * device.c   the control device /dev/memshare and its ioctls
 * args.c     extensible ioctl argument structs (copy in/out)
 * buffer.c   the buffer object: allocation, limits, kernel-side access
 * contig.c   physically contiguous allocation
 * file.c     the buffer file: mmap, fault, read/write, buffer ioctls
 * named.c    named buffers: registry, device nodes, unload log
 * pin.c      pinning user memory: pin fds, kernel access to pinned pages
 * task.c     another process's mm, with the ptrace check pagemap makes
 * xlate.c    translation: walking a process's page tables
 * pagestate.c  struct page state, shared by xlate.c and kaddr.c
 * kaddr.c    kernel address classification
 * selftest.c debugfs self-test targets for kaddr
 * sysfs.c    /sys/class/memshare/NAME attributes
 */
#ifndef MEMSHARE_INTERNAL_H
#define MEMSHARE_INTERNAL_H

#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/kref.h>
#include <linux/mm_types.h>
#include <linux/types.h>
#include <uapi/linux/memshare.h>

#include "compat.h"

#define MEMSHARE_VERSION_STR	"0.3.0"

/* Limits, set by module parameters (main.c). */
struct ms_limits {
	u64 max_buffer_size;
	u64 max_total_size;
	u64 max_pin_size;
	u64 max_pin_total;
	unsigned int max_named;
};

extern struct ms_limits ms_limits;
extern umode_t ms_named_mode;
umode_t ms_device_mode(void);

/* Live counters (main.c), reported by MEMSHARE_IOC_VERSION. */
struct ms_stats {
	atomic64_t total_bytes;
	atomic_t nr_buffers;
	atomic_t nr_named;
	atomic64_t nr_mappings;
	atomic64_t nr_pins;		/* live pin fds */
	atomic64_t pinned_pages;	/* pages held by live pins */
};

extern struct ms_stats ms_stats;

struct ms_buffer {
	struct kref ref;
	size_t length;			/* bytes, page multiple */
	unsigned long nr_pages;
	u32 backend;			/* MEMSHARE_BACKEND_* */
	u32 policy;			/* MEMSHARE_MAP_* */
	void *vaddr;			/* kernel mapping of the whole buffer */
	struct page **pages;		/* nr_pages entries */
	bool contig_range;		/* contig: from alloc_contig_range() */
	atomic64_t nr_mappings;		/* live VMAs */
	/* named buffers (named.c); name is constant once published */
	bool named;
	bool destroyed;
	char name[MEMSHARE_NAME_MAX];
};

/* buffer.c */
struct ms_buffer *ms_buffer_create(u64 length, u32 backend, u32 policy);
void ms_buffer_put(struct ms_buffer *buf);
static inline struct ms_buffer *ms_buffer_get(struct ms_buffer *buf)
{
	kref_get(&buf->ref);
	return buf;
}

int ms_buffer_check_range(const struct ms_buffer *buf, u64 offset, u64 len);
int ms_buffer_crc32c(struct ms_buffer *buf, u64 offset, u64 len, u32 *crc);
int ms_buffer_fill(struct ms_buffer *buf, u64 offset, u64 len, u8 byte);
int ms_buffer_copy_in(struct ms_buffer *buf, u64 offset,
		      const void __user *src, u64 len);
void ms_buffer_flush_for_user(struct ms_buffer *buf, u64 offset, u64 len);
void ms_buffer_sync_for_kernel(struct ms_buffer *buf, u64 offset, u64 len);
const char *ms_backend_name(u32 backend);
const char *ms_policy_name(u32 policy);
phys_addr_t ms_buffer_phys(const struct ms_buffer *buf);

/* contig.c */
int ms_contig_alloc(struct ms_buffer *buf, gfp_t gfp);
void ms_contig_free(struct ms_buffer *buf);
u64 ms_contig_max_bytes(void);
bool ms_contig_large_supported(void);

/* file.c */
extern const struct file_operations ms_buf_fops;
int ms_buffer_install_fd(struct ms_buffer *buf, int *fdp, struct file **filep);
bool ms_file_is_buffer(const struct file *file);

/* args.c */
int ms_args_in(void *karg, size_t ksize, size_t ver0,
	       const void __user *uarg, u32 *usize);
int ms_args_out(void __user *uarg, const void *karg, size_t ksize, u32 usize);
/* Match ioctl commands on direction, type and number only. */
#define MS_IOC_STRIP_SIZE(cmd)	((cmd) & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT))
#define ms_mem_is_zero(p, len)	(!memchr_inv((p), 0, (len)))

/* named.c */
int ms_named_init(void);
void ms_named_exit(void);
int ms_named_validate(const char *name);
int ms_named_create(const char *name, struct ms_buffer *buf);
int ms_named_destroy(const char *name);
struct ms_buffer *ms_named_lookup(const char *name);
int ms_named_parse_param(const char *spec);
void ms_named_unpublish(struct ms_buffer *buf);
struct ms_buffer *ms_named_get_by_devt(dev_t devt);

/* pin.c */
int ms_pin_install(u64 addr, u64 length, u32 flags, int *fdp,
		   struct file **filep, u64 *nr_pages);

/* task.c: the mm of @pid (0: the caller's), if the caller may read it. */
struct mm_struct *ms_task_mm(pid_t pid);

/* xlate.c */
int ms_xlate(struct file *file, struct memshare_xlate *x);
u32 ms_pt_levels(void);

/* pagestate.c: @page's state; takes and drops a speculative reference. */
void ms_page_state(struct page *page, struct memshare_page_state *st);

/* kaddr.c */
int ms_kaddr(struct file *file, struct memshare_kaddr *k);

/* selftest.c: /sys/kernel/debug/memshare/targets */
int ms_selftest_init(void);
void ms_selftest_exit(void);

/* sysfs.c */
extern const struct attribute_group *ms_named_groups[];

/* device.c */
int ms_device_init(void);
void ms_device_exit(void);

/* The opener and the caller both need CAP_SYS_ADMIN for physical addresses. */
bool ms_may_see_phys(const struct file *file);

#endif /* MEMSHARE_INTERNAL_H */
