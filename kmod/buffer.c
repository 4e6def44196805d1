// SPDX-License-Identifier: GPL-2.0
/*
 * memshare: the buffer object.
 *
 * A buffer is a page array with one kernel mapping (vaddr):
 *  - vmalloc: __vmalloc() memory; pages found with vmalloc_to_page();
 *  - contig:  physically contiguous pages (contig.c), reached through the
 *             direct map.
 * Each page is an ordinary order-0 page with its own refcount, so the fault
 * handler and vm_insert_pages() can map it, and GUP (O_DIRECT, io_uring)
 * can pin it: mappings are not VM_PFNMAP.
 *
 * Buffers are refcounted: every file (fd, named device node) holds one
 * reference, every VMA holds its file, and a named buffer's registry entry
 * holds one.  Memory is charged to the creator's memory cgroup and bounded
 * by the max_buffer_size and max_total_size parameters.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/pfn.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include <asm/cacheflush.h>

#include "memshare.h"

/* Kernel-side operations work in chunks, rescheduling between them. */
#define MS_CHUNK	SZ_256K

/* Allocations on behalf of user space: accounted, no OOM killer, no splat. */
#define MS_GFP_USER_ALLOC \
	(GFP_KERNEL_ACCOUNT | __GFP_ZERO | __GFP_NOWARN | __GFP_RETRY_MAYFAIL)

const char *ms_backend_name(u32 backend)
{
	return backend == MEMSHARE_BACKEND_CONTIG ? "contig" : "vmalloc";
}

const char *ms_policy_name(u32 policy)
{
	return policy == MEMSHARE_MAP_EAGER ? "eager" : "lazy";
}

/* Reserve @bytes of the max_total_size budget. */
static int ms_charge_total(u64 bytes)
{
	u64 total = atomic64_add_return(bytes, &ms_stats.total_bytes);

	if (total > READ_ONCE(ms_limits.max_total_size)) {
		atomic64_sub(bytes, &ms_stats.total_bytes);
		return -ENOMEM;
	}
	return 0;
}

static void ms_uncharge_total(u64 bytes)
{
	atomic64_sub(bytes, &ms_stats.total_bytes);
}

static int ms_vmalloc_alloc(struct ms_buffer *buf)
{
	unsigned long i;

	buf->vaddr = __vmalloc(buf->length, MS_GFP_USER_ALLOC);
	if (!buf->vaddr)
		return -ENOMEM;
	for (i = 0; i < buf->nr_pages; i++)
		buf->pages[i] = vmalloc_to_page(buf->vaddr + i * PAGE_SIZE);
	return 0;
}

/**
 * ms_buffer_create() - allocate a zero-filled buffer
 * @length: bytes, rounded up to the page size; 0 < length <= max_buffer_size
 * @backend: MEMSHARE_BACKEND_*
 * @policy: MEMSHARE_MAP_*
 *
 * Return: the buffer with one reference, or ERR_PTR(-EINVAL) for a bad
 * argument, ERR_PTR(-ENOMEM) over max_total_size or out of memory.
 */
struct ms_buffer *ms_buffer_create(u64 length, u32 backend, u32 policy)
{
	struct ms_buffer *buf;
	u64 rounded;
	int err;

	if (backend != MEMSHARE_BACKEND_VMALLOC &&
	    backend != MEMSHARE_BACKEND_CONTIG)
		return ERR_PTR(-EINVAL);
	if (policy != MEMSHARE_MAP_LAZY && policy != MEMSHARE_MAP_EAGER)
		return ERR_PTR(-EINVAL);
	if (!length || length > READ_ONCE(ms_limits.max_buffer_size))
		return ERR_PTR(-EINVAL);
	rounded = round_up(length, PAGE_SIZE);
	if (rounded < length || rounded > SIZE_MAX ||
	    rounded > READ_ONCE(ms_limits.max_buffer_size))
		return ERR_PTR(-EINVAL);

	err = ms_charge_total(rounded);
	if (err)
		return ERR_PTR(err);

	buf = kzalloc(sizeof(*buf), GFP_KERNEL_ACCOUNT);
	if (!buf) {
		err = -ENOMEM;
		goto err_uncharge;
	}
	kref_init(&buf->ref);
	atomic64_set(&buf->nr_mappings, 0);
	buf->length = rounded;
	buf->nr_pages = rounded >> PAGE_SHIFT;
	buf->backend = backend;
	buf->policy = policy;

	buf->pages = kvcalloc(buf->nr_pages, sizeof(*buf->pages),
			      GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!buf->pages) {
		err = -ENOMEM;
		goto err_free_buf;
	}

	if (backend == MEMSHARE_BACKEND_CONTIG)
		err = ms_contig_alloc(buf, MS_GFP_USER_ALLOC);
	else
		err = ms_vmalloc_alloc(buf);
	if (err)
		goto err_free_pages;

	atomic_inc(&ms_stats.nr_buffers);
	return buf;

err_free_pages:
	kvfree(buf->pages);
err_free_buf:
	kfree(buf);
err_uncharge:
	ms_uncharge_total(rounded);
	return ERR_PTR(err);
}

static void ms_buffer_release(struct kref *ref)
{
	struct ms_buffer *buf = container_of(ref, struct ms_buffer, ref);

	/*
	 * No VMA maps the buffer any more.  Pages that someone else still
	 * holds (a GUP pin taken through a mapping) are freed when they drop
	 * their reference: vfree() and put_page() only drop ours.
	 */
	if (buf->backend == MEMSHARE_BACKEND_CONTIG)
		ms_contig_free(buf);
	else
		vfree(buf->vaddr);
	kvfree(buf->pages);
	ms_uncharge_total(buf->length);
	atomic_dec(&ms_stats.nr_buffers);
	kfree(buf);
}

void ms_buffer_put(struct ms_buffer *buf)
{
	kref_put(&buf->ref, ms_buffer_release);
}

phys_addr_t ms_buffer_phys(const struct ms_buffer *buf)
{
	if (buf->backend != MEMSHARE_BACKEND_CONTIG)
		return 0;
	return PFN_PHYS(page_to_pfn(buf->pages[0]));
}

/* 0 if [offset, offset + len) lies inside the buffer, else -EINVAL. */
int ms_buffer_check_range(const struct ms_buffer *buf, u64 offset, u64 len)
{
	if (offset > buf->length || len > buf->length - offset)
		return -EINVAL;
	return 0;
}

/*
 * After the kernel wrote through its mapping: make the data visible through
 * user mappings on architectures with aliasing caches (no-ops on x86).
 */
void ms_buffer_flush_for_user(struct ms_buffer *buf, u64 offset, u64 len)
{
	unsigned long first, last, i;

	if (!len)
		return;
	if (buf->backend == MEMSHARE_BACKEND_VMALLOC)
		flush_kernel_vmap_range(buf->vaddr + offset, len);
	first = offset >> PAGE_SHIFT;
	last = (offset + len - 1) >> PAGE_SHIFT;
	for (i = first; i <= last; i++)
		flush_dcache_page(buf->pages[i]);
}

/* Before the kernel reads: see what user space stored through its mappings. */
void ms_buffer_sync_for_kernel(struct ms_buffer *buf, u64 offset, u64 len)
{
	if (len && buf->backend == MEMSHARE_BACKEND_VMALLOC)
		invalidate_kernel_vmap_range(buf->vaddr + offset, len);
}

/* Between chunks of long operations: let others run, stop when killed. */
static int ms_chunk_break(void)
{
	if (fatal_signal_pending(current))
		return -EINTR;
	cond_resched();
	return 0;
}

/*
 * ms_buffer_crc32c() - CRC-32C of [@offset, @offset + @len), read by the
 * kernel: the standard CRC-32C, initial value ~0, result inverted.
 */
int ms_buffer_crc32c(struct ms_buffer *buf, u64 offset, u64 len, u32 *crc)
{
	u32 c = ~0U;
	int err;

	err = ms_buffer_check_range(buf, offset, len);
	if (err)
		return err;
	ms_buffer_sync_for_kernel(buf, offset, len);
	while (len) {
		size_t n = min_t(u64, len, MS_CHUNK);

		c = crc32c(c, buf->vaddr + offset, n);
		offset += n;
		len -= n;
		if (len) {
			err = ms_chunk_break();
			if (err)
				return err;
		}
	}
	*crc = ~c;
	return 0;
}

int ms_buffer_fill(struct ms_buffer *buf, u64 offset, u64 len, u8 byte)
{
	u64 start = offset, done = 0;
	int err;

	err = ms_buffer_check_range(buf, offset, len);
	if (err)
		return err;
	while (done < len) {
		size_t n = min_t(u64, len - done, MS_CHUNK);

		memset(buf->vaddr + offset + done, byte, n);
		done += n;
		if (done < len) {
			err = ms_chunk_break();
			if (err)
				break;
		}
	}
	ms_buffer_flush_for_user(buf, start, done);
	return err;
}

int ms_buffer_copy_in(struct ms_buffer *buf, u64 offset,
		      const void __user *src, u64 len)
{
	u64 done = 0;
	int err;

	err = ms_buffer_check_range(buf, offset, len);
	if (err)
		return err;
	while (done < len) {
		size_t n = min_t(u64, len - done, MS_CHUNK);

		/*
		 * Not copy_from_user(): it zeroes what it could not copy, and
		 * the buffer is shared.  A fault leaves the rest as it was.
		 */
		if (!access_ok(src + done, n) ||
		    __copy_from_user(buf->vaddr + offset + done, src + done, n)) {
			err = -EFAULT;
			break;
		}
		done += n;
		if (done < len) {
			err = ms_chunk_break();
			if (err)
				break;
		}
	}
	/* A partial copy leaves partial data: flush what may have changed. */
	ms_buffer_flush_for_user(buf, offset, err ? min_t(u64, len, done + MS_CHUNK) : len);
	return err;
}
