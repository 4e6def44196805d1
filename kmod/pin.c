// SPDX-License-Identifier: GPL-2.0
/*
 * memshare: pinning user memory.
 *
 * MEMSHARE_IOC_PIN (control device) pins the pages behind a range of the
 * caller's address space with pin_user_pages_fast() and returns a pin fd
 * that holds them until it is released (Documentation/core-api/
 * pin_user_pages.rst: FOLL_PIN, "case 5", pin/write/unpin; with
 * MEMSHARE_PIN_LONGTERM, FOLL_LONGTERM, "case 2").  The pin holds the pages,
 * not the mapping: after munmap() the kernel still reaches the old pages.
 *
 * The kernel reaches the pinned pages one at a time through
 * kmap_local_page() (MEMSHARE_IOC_PIN_ACCESS).  Pages the kernel wrote are
 * remembered in a bitmap and marked dirty when they are unpinned
 * (unpin_user_pages_dirty_lock()), at release.
 *
 * Long-term pins are charged as io_uring charges its fixed buffers: the
 * user's locked_vm against RLIMIT_MEMLOCK (unless CAP_IPC_LOCK), and the
 * mm's pinned_vm (VmPin in /proc/PID/status).  The pin keeps what it
 * charged: a reference on the mm_struct (mmgrab(), not the address space)
 * and on the pinner's cred, whose user_struct is charged (5.10 and 6.1 do
 * not export free_uid() to modules; put_cred() is).  So a pin released
 * after its process exited, or by another process it was passed to,
 * uncharges the right user and mm.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/anon_inodes.h>
#include <linux/bitmap.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/pfn.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/user.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <asm/cacheflush.h>

#include "memshare.h"

/* Pages all pins together may hold at most (see ms_pin_create()). */
#define MS_PIN_MAX_TOTAL_PAGES	BIT_ULL(20)

/* Pages per pin_user_pages_fast() or unpin call, between reschedules. */
#define MS_PIN_BATCH	1024UL
/* Kernel-side operations reschedule after this many bytes. */
#define MS_PIN_CHUNK	SZ_256K

struct ms_pin {
	u64 addr;			/* as pinned */
	u64 length;			/* bytes */
	unsigned long nr_pages;
	unsigned long nr_extents;	/* physically contiguous runs */
	unsigned int first_offset;	/* addr's offset in pages[0] */
	u32 flags;			/* MEMSHARE_PIN_* */
	struct page **pages;
	unsigned long *written;		/* write pins: pages the kernel wrote */
	/* Long-term pins: what was charged, returned at release. */
	struct mm_struct *mm;		/* mmgrab(): pinned_vm */
	const struct cred *cred;	/* user's locked_vm, or NULL */
};

/* ---- accounting -------------------------------------------------------- */

/*
 * Charge a long-term pin of @pin->nr_pages before pinning: the user's
 * locked_vm against RLIMIT_MEMLOCK (-ENOMEM over it), unless the caller has
 * CAP_IPC_LOCK, and the mm's pinned_vm.
 */
static int ms_pin_charge(struct ms_pin *pin)
{
	unsigned long limit, nr = pin->nr_pages;
	struct user_struct *user;
	long cur;

	if (!(pin->flags & MEMSHARE_PIN_LONGTERM))
		return 0;

	if (!capable(CAP_IPC_LOCK)) {
		user = current_user();
		limit = rlimit(RLIMIT_MEMLOCK) >> PAGE_SHIFT;
		cur = atomic_long_read(&user->locked_vm);
		do {
			if (nr > limit || (unsigned long)cur > limit - nr)
				return -ENOMEM;
		} while (!atomic_long_try_cmpxchg(&user->locked_vm, &cur,
						  cur + nr));
		pin->cred = get_current_cred();
	}

	mmgrab(current->mm);
	pin->mm = current->mm;
	atomic64_add(nr, &pin->mm->pinned_vm);
	return 0;
}

static void ms_pin_uncharge(struct ms_pin *pin)
{
	if (pin->cred) {
		atomic_long_sub(pin->nr_pages, &pin->cred->user->locked_vm);
		put_cred(pin->cred);
		pin->cred = NULL;
	}
	if (pin->mm) {
		atomic64_sub(pin->nr_pages, &pin->mm->pinned_vm);
		mmdrop(pin->mm);
		pin->mm = NULL;
	}
}

/* ---- pinning ------------------------------------------------------------- */

/* Between chunks of long operations: let others run, stop when killed. */
static int ms_pin_break(void)
{
	if (fatal_signal_pending(current))
		return -EINTR;
	cond_resched();
	return 0;
}

/*
 * Pin all of @pin's pages or none.  pin_user_pages_fast() may pin fewer
 * pages than asked (it stops at the first page it cannot pin and reports
 * the error on the next call): go on from there.  Its errors pass through:
 * -EFAULT for an unmapped page, a write pin of a read-only mapping, or
 * memory GUP never pins (VM_IO/VM_PFNMAP, secretmem); -EFAULT or
 * -EOPNOTSUPP for file-backed memory refused for long-term pins (6.5+:
 * writable shared mappings of file systems that write back; fsdax);
 * -ENOMEM when migrating pages out of ZONE_MOVABLE/CMA fails.
 */
static int ms_pin_pages(struct ms_pin *pin)
{
	unsigned long start = pin->addr & PAGE_MASK;
	unsigned int gup_flags = 0;
	unsigned long done = 0;
	int n, err;

	if (pin->flags & MEMSHARE_PIN_WRITE)
		gup_flags |= FOLL_WRITE;
	if (pin->flags & MEMSHARE_PIN_LONGTERM)
		gup_flags |= FOLL_LONGTERM;

	while (done < pin->nr_pages) {
		n = pin_user_pages_fast(start + (done << PAGE_SHIFT),
					min(pin->nr_pages - done, MS_PIN_BATCH),
					gup_flags, pin->pages + done);
		if (n <= 0) {
			err = n ? n : -EFAULT;
			goto err_unpin;
		}
		done += n;
		if (done < pin->nr_pages) {
			err = ms_pin_break();
			if (err)
				goto err_unpin;
		}
	}
	return 0;

err_unpin:
	unpin_user_pages(pin->pages, done);
	return err;
}

/* Unpin everything, marking dirty the pages the kernel wrote. */
static void ms_pin_unpin(struct ms_pin *pin)
{
	unsigned long i = 0, end;
	bool dirty;

	while (i < pin->nr_pages) {
		dirty = pin->written && test_bit(i, pin->written);
		end = pin->nr_pages;
		if (pin->written)
			end = dirty ?
			      find_next_zero_bit(pin->written, end, i) :
			      find_next_bit(pin->written, end, i);
		end = min(end, i + MS_PIN_BATCH);
		unpin_user_pages_dirty_lock(pin->pages + i, end - i, dirty);
		i = end;
		cond_resched();
	}
}

/* The end of the physically contiguous run of pages starting at @i. */
static unsigned long ms_pin_run_end(const struct ms_pin *pin, unsigned long i)
{
	unsigned long pfn = page_to_pfn(pin->pages[i]);
	unsigned long j;

	for (j = i + 1; j < pin->nr_pages; j++)
		if (page_to_pfn(pin->pages[j]) != pfn + (j - i))
			break;
	return j;
}

static unsigned long ms_pin_count_extents(const struct ms_pin *pin)
{
	unsigned long i = 0, n = 0;

	while (i < pin->nr_pages) {
		i = ms_pin_run_end(pin, i);
		n++;
		if (!(n % 4096))
			cond_resched();
	}
	return n;
}

static void ms_pin_free(struct ms_pin *pin)
{
	kvfree(pin->written);
	kvfree(pin->pages);
	kfree(pin);
}

/**
 * ms_pin_create() - pin [@addr, @addr + @length) of the calling process
 * @addr: user address, any alignment
 * @length: bytes, 0 < @length <= max_pin_size
 * @flags: MEMSHARE_PIN_* (checked by the caller)
 *
 * Return: the pin, or ERR_PTR(): -EINVAL for a zero length or a range that
 * wraps around, -ENOMEM over max_pin_size, over RLIMIT_MEMLOCK or out of
 * memory, -EINTR when killed, else what pin_user_pages_fast() refused
 * with (ms_pin_pages()).  Nothing stays pinned or charged on failure.
 */
static struct ms_pin *ms_pin_create(u64 addr, u64 length, u32 flags)
{
	struct ms_pin *pin;
	u64 end;
	int err;

	/* The range must not wrap, nor (32-bit) exceed unsigned long. */
	if (!length || check_add_overflow(addr, length, &end) ||
	    end != (unsigned long)end)
		return ERR_PTR(-EINVAL);
	if (length > READ_ONCE(ms_limits.max_pin_size))
		return ERR_PTR(-ENOMEM);

	pin = kzalloc(sizeof(*pin), GFP_KERNEL_ACCOUNT);
	if (!pin)
		return ERR_PTR(-ENOMEM);
	pin->addr = addr;
	pin->length = length;
	pin->flags = flags;
	pin->first_offset = offset_in_page(addr);
	pin->nr_pages = DIV_ROUND_UP_ULL(pin->first_offset + length, PAGE_SIZE);

	pin->pages = kvcalloc(pin->nr_pages, sizeof(*pin->pages),
			      GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!pin->pages) {
		err = -ENOMEM;
		goto err_free;
	}
	if (flags & MEMSHARE_PIN_WRITE) {
		pin->written = kvcalloc(BITS_TO_LONGS(pin->nr_pages),
					sizeof(unsigned long),
					GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
		if (!pin->written) {
			err = -ENOMEM;
			goto err_free;
		}
	}

	/*
	 * All pins together are bounded by max_pin_total and by 2^20 pages:
	 * then no page's refcount can gain more than 2^30 from pins
	 * (GUP_PIN_COUNTING_BIAS, 1024, each), however user space aliases
	 * one page, and GUP's overflow check (a WARN) stays out of reach.
	 */
	if (atomic64_add_return(pin->nr_pages, &ms_stats.pinned_pages) >
	    min_t(u64, READ_ONCE(ms_limits.max_pin_total) >> PAGE_SHIFT,
		  MS_PIN_MAX_TOTAL_PAGES)) {
		err = -ENOMEM;
		goto err_unreserve;
	}
	err = ms_pin_charge(pin);
	if (err)
		goto err_unreserve;
	err = ms_pin_pages(pin);
	if (err)
		goto err_uncharge;
	pin->nr_extents = ms_pin_count_extents(pin);

	atomic64_inc(&ms_stats.nr_pins);
	return pin;

err_uncharge:
	ms_pin_uncharge(pin);
err_unreserve:
	atomic64_sub(pin->nr_pages, &ms_stats.pinned_pages);
err_free:
	ms_pin_free(pin);
	return ERR_PTR(err);
}

static void ms_pin_destroy(struct ms_pin *pin)
{
	ms_pin_unpin(pin);
	ms_pin_uncharge(pin);
	atomic64_sub(pin->nr_pages, &ms_stats.pinned_pages);
	atomic64_dec(&ms_stats.nr_pins);
	ms_pin_free(pin);
}

/* ---- kernel-side access ---------------------------------------------------- */

/* A kernel-side operation's arguments and state. */
struct ms_pin_op {
	u32 crc;			/* CRC32C: running value */
	u8 byte;			/* FILL */
	const u8 __user *src;		/* WRITE */
	u8 *buf;			/* TO/FROM_BUFFER: the buffer's bytes */
};

/*
 * One piece of a kernel-side operation: @n bytes at @kaddr, the part of a
 * pinned page at @done bytes into the operation.
 */
typedef int (*ms_pin_fn)(struct ms_pin_op *op, u8 *kaddr, size_t n, u64 done);

/*
 * Call @fn on [@offset, @offset + @len) of the pinned range, page by page
 * through kmap_local_page(), rescheduling every MS_PIN_CHUNK bytes and
 * stopping with -EINTR when killed.  @write: @fn stores into the pages,
 * which are then flushed for user space and marked dirty for the unpin.
 */
static int ms_pin_walk(struct ms_pin *pin, u64 offset, u64 len, bool write,
		       ms_pin_fn fn, struct ms_pin_op *op)
{
	u64 pos = pin->first_offset + offset;	/* from pages[0]'s start */
	u64 done = 0, since_break = 0;
	int err = 0;

	while (done < len) {
		unsigned long i = pos >> PAGE_SHIFT;
		size_t in_page = offset_in_page(pos);
		size_t n = min_t(u64, len - done, PAGE_SIZE - in_page);
		struct page *page = pin->pages[i];
		u8 *kaddr = kmap_local_page(page);

		err = fn(op, kaddr + in_page, n, done);
		kunmap_local(kaddr);
		if (write) {
			/* A partial copy may have stored bytes, too. */
			flush_dcache_page(page);
			set_bit(i, pin->written);
		}
		if (err)
			break;
		done += n;
		pos += n;
		since_break += n;
		if (done < len && since_break >= MS_PIN_CHUNK) {
			since_break = 0;
			err = ms_pin_break();
			if (err)
				break;
		}
	}
	return err;
}

static int ms_pin_crc_fn(struct ms_pin_op *op, u8 *kaddr, size_t n, u64 done)
{
	op->crc = crc32c(op->crc, kaddr, n);
	return 0;
}

static int ms_pin_fill_fn(struct ms_pin_op *op, u8 *kaddr, size_t n, u64 done)
{
	memset(kaddr, op->byte, n);
	return 0;
}

static int ms_pin_write_fn(struct ms_pin_op *op, u8 *kaddr, size_t n, u64 done)
{
	/* Not copy_from_user(): a fault must not zero the rest. */
	if (!access_ok(op->src + done, n) ||
	    __copy_from_user(kaddr, op->src + done, n))
		return -EFAULT;
	return 0;
}

static int ms_pin_to_buf_fn(struct ms_pin_op *op, u8 *kaddr, size_t n,
			    u64 done)
{
	memcpy(op->buf + done, kaddr, n);
	return 0;
}

static int ms_pin_from_buf_fn(struct ms_pin_op *op, u8 *kaddr, size_t n,
			      u64 done)
{
	memcpy(kaddr, op->buf + done, n);
	return 0;
}

/* 0 if [offset, offset + len) lies inside the pinned range, else -EINVAL. */
static int ms_pin_check_range(const struct ms_pin *pin, u64 offset, u64 len)
{
	if (offset > pin->length || len > pin->length - offset)
		return -EINVAL;
	return 0;
}

/*
 * Copy between the pinned range and the buffer of @buf_fd: to the buffer
 * (@to_buf) or from it.  -EBADF for a bad fd, or one not open for writing
 * (to the buffer) or reading (from it), as write(2)/read(2); -EINVAL for a
 * file that is not a memshare buffer (as dma_buf_get() for a file that is
 * not a dma-buf) or a range outside either side.
 */
static int ms_pin_copy_buffer(struct ms_pin *pin, u64 offset, u64 len,
			      int buf_fd, u64 buf_offset, bool to_buf)
{
	struct ms_pin_op op = { };
	struct ms_buffer *buf;
	struct file *file;
	int err;

	file = fget(buf_fd);
	if (!file)
		return -EBADF;
	if (!ms_file_is_buffer(file)) {
		err = -EINVAL;
		goto out_fput;
	}
	if (!(file->f_mode & (to_buf ? FMODE_WRITE : FMODE_READ))) {
		err = -EBADF;
		goto out_fput;
	}
	buf = file->private_data;
	err = ms_buffer_check_range(buf, buf_offset, len);
	if (err)
		goto out_fput;

	op.buf = (u8 *)buf->vaddr + buf_offset;
	if (to_buf) {
		err = ms_pin_walk(pin, offset, len, false, ms_pin_to_buf_fn,
				  &op);
		/* Flush what may have been stored, even when interrupted. */
		ms_buffer_flush_for_user(buf, buf_offset, len);
	} else {
		ms_buffer_sync_for_kernel(buf, buf_offset, len);
		err = ms_pin_walk(pin, offset, len, true, ms_pin_from_buf_fn,
				  &op);
	}
out_fput:
	fput(file);
	return err;
}

static long ms_ioctl_pin_access(struct ms_pin *pin, void __user *uarg)
{
	struct memshare_pin_access acc;
	struct ms_pin_op op = { .crc = ~0U };
	bool buf_op, need_write;
	u32 usize;
	int err;

	err = ms_args_in(&acc, sizeof(acc), MEMSHARE_PIN_ACCESS_SIZE_VER0,
			 uarg, &usize);
	if (err)
		return err;
	/* crc32c is output only: its input value is ignored. */
	if (acc.flags || !ms_mem_is_zero(acc.__reserved, sizeof(acc.__reserved)))
		return -EINVAL;

	/* Each op's unused fields must be 0. */
	buf_op = acc.op == MEMSHARE_ACCESS_TO_BUFFER ||
		 acc.op == MEMSHARE_ACCESS_FROM_BUFFER;
	switch (acc.op) {
	case MEMSHARE_ACCESS_CRC32C:
	case MEMSHARE_ACCESS_TO_BUFFER:
	case MEMSHARE_ACCESS_FROM_BUFFER:
		if (acc.fill || acc.user_ptr)
			return -EINVAL;
		break;
	case MEMSHARE_ACCESS_FILL:
		if (acc.fill > 0xff || acc.user_ptr)
			return -EINVAL;
		break;
	case MEMSHARE_ACCESS_WRITE:
		if (acc.fill)
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}
	if (!buf_op && (acc.buf_fd || acc.buf_offset))
		return -EINVAL;

	need_write = acc.op == MEMSHARE_ACCESS_FILL ||
		     acc.op == MEMSHARE_ACCESS_WRITE ||
		     acc.op == MEMSHARE_ACCESS_FROM_BUFFER;
	if (need_write && !(pin->flags & MEMSHARE_PIN_WRITE))
		return -EPERM;
	err = ms_pin_check_range(pin, acc.offset, acc.length);
	if (err)
		return err;

	switch (acc.op) {
	case MEMSHARE_ACCESS_CRC32C:
		err = ms_pin_walk(pin, acc.offset, acc.length, false,
				  ms_pin_crc_fn, &op);
		if (err)
			return err;
		acc.crc32c = ~op.crc;
		return ms_args_out(uarg, &acc, sizeof(acc), usize);
	case MEMSHARE_ACCESS_FILL:
		op.byte = acc.fill;
		return ms_pin_walk(pin, acc.offset, acc.length, true,
				   ms_pin_fill_fn, &op);
	case MEMSHARE_ACCESS_WRITE:
		op.src = u64_to_user_ptr(acc.user_ptr);
		return ms_pin_walk(pin, acc.offset, acc.length, true,
				   ms_pin_write_fn, &op);
	default:
		return ms_pin_copy_buffer(pin, acc.offset, acc.length,
					  acc.buf_fd, acc.buf_offset,
					  acc.op == MEMSHARE_ACCESS_TO_BUFFER);
	}
}

/* ---- description ------------------------------------------------------------ */

/*
 * Store up to @count extents at @uext; *@written: how many.  Extents cover
 * the pinned bytes exactly: the first starts at offset 0, at @first_offset
 * into its page; the last ends at @length.
 */
static int ms_pin_put_extents(const struct ms_pin *pin,
			      struct memshare_extent __user *uext, u64 count,
			      bool phys, u64 *written)
{
	unsigned long i = 0, j;
	u64 off = 0, n = 0;

	while (i < pin->nr_pages && n < count) {
		unsigned int skip = i ? 0 : pin->first_offset;
		struct memshare_extent e;

		j = ms_pin_run_end(pin, i);
		e.offset = off;
		e.length = min_t(u64, ((u64)(j - i) << PAGE_SHIFT) - skip,
				 pin->length - off);
		e.phys_addr = phys ? PFN_PHYS(page_to_pfn(pin->pages[i])) + skip :
				     0;
		if (copy_to_user(uext + n, &e, sizeof(e)))
			return -EFAULT;
		off += e.length;
		n++;
		i = j;
		if (!(n % 4096))
			cond_resched();
	}
	*written = n;
	return 0;
}

static long ms_ioctl_pin_info(struct file *file, void __user *uarg)
{
	struct ms_pin *pin = file->private_data;
	struct memshare_pin_info info;
	bool phys = ms_may_see_phys(file);
	u64 n = 0;
	u32 usize;
	int err;

	err = ms_args_in(&info, sizeof(info), MEMSHARE_PIN_INFO_SIZE_VER0,
			 uarg, &usize);
	if (err)
		return err;
	if (info.flags || !ms_mem_is_zero(info.__reserved, sizeof(info.__reserved)))
		return -EINVAL;

	if (info.extents_ptr) {
		err = ms_pin_put_extents(pin, u64_to_user_ptr(info.extents_ptr),
					 info.extents_count, phys, &n);
		if (err)
			return err;
	}

	info.flags = phys ? MEMSHARE_PIN_INFO_PHYS : 0;
	info.addr = pin->addr;
	info.length = pin->length;
	info.nr_pages = pin->nr_pages;
	info.pin_flags = pin->flags;
	info.first_offset = pin->first_offset;
	info.extents_count = n;
	info.nr_extents = pin->nr_extents;
	return ms_args_out(uarg, &info, sizeof(info), usize);
}

/* ---- the pin file ------------------------------------------------------------ */

static long ms_pin_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (MS_IOC_STRIP_SIZE(cmd)) {
	case MS_IOC_STRIP_SIZE(MEMSHARE_IOC_PIN_INFO):
		return ms_ioctl_pin_info(file, uarg);
	case MS_IOC_STRIP_SIZE(MEMSHARE_IOC_PIN_ACCESS):
		return ms_ioctl_pin_access(file->private_data, uarg);
	default:
		return -ENOTTY;
	}
}

static int ms_pin_release(struct inode *inode, struct file *file)
{
	ms_pin_destroy(file->private_data);
	return 0;
}

static const struct file_operations ms_pin_fops = {
	.owner = THIS_MODULE,
	.release = ms_pin_release,
	.unlocked_ioctl = ms_pin_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

/**
 * ms_pin_install() - pin user memory and make a pin file for it
 * @addr: user address
 * @length: bytes
 * @flags: MEMSHARE_PIN_* (checked by the caller)
 * @fdp: returns an O_CLOEXEC fd number, not yet installed
 * @filep: returns the pin file, which owns the pin
 * @nr_pages: returns the number of pages pinned
 *
 * The caller reports the fd to user space, then fd_install()s it, or undoes
 * both with fput() (which unpins) and put_unused_fd().
 */
int ms_pin_install(u64 addr, u64 length, u32 flags, int *fdp,
		   struct file **filep, u64 *nr_pages)
{
	struct ms_pin *pin;
	struct file *file;
	int fd, err;

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;
	pin = ms_pin_create(addr, length, flags);
	if (IS_ERR(pin)) {
		err = PTR_ERR(pin);
		goto err_put_fd;
	}
	file = anon_inode_getfile("memshare-pin", &ms_pin_fops, pin, O_RDWR);
	if (IS_ERR(file)) {
		err = PTR_ERR(file);
		goto err_destroy_pin;
	}
	*fdp = fd;
	*filep = file;
	*nr_pages = pin->nr_pages;
	return 0;

err_destroy_pin:
	ms_pin_destroy(pin);
err_put_fd:
	put_unused_fd(fd);
	return err;
}
