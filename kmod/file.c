// SPDX-License-Identifier: GPL-2.0
/*
 * memshare: the buffer file.
 *
 * One set of file operations serves both kinds of buffer files: the
 * anonymous-inode fds returned by MEMSHARE_IOC_CREATE/OPEN, and the named
 * buffers' device nodes (named.c adds ->open).
 *
 * Mappings are MAP_SHARED only and page-backed (VM_MIXEDMAP with struct
 * pages, never VM_PFNMAP), so pagemap shows the real PFNs and GUP (O_DIRECT,
 * io_uring) works on them.  "lazy" mappings get their pages one by one from
 * the fault handler; "eager" mappings are populated at mmap() time with
 * vm_insert_pages().  VM_DONTEXPAND refuses mremap() growth.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/anon_inodes.h>
#include <linux/capability.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/sizes.h>
#include <linux/uio.h>
#include <linux/uaccess.h>

#include "memshare.h"

/* vm_insert_pages() batch: bounded work between reschedules. */
#define MS_EAGER_BATCH	512UL
/* read()/write() copy in chunks, rescheduling between them. */
#define MS_RW_CHUNK	((size_t)SZ_1M)

bool ms_may_see_phys(const struct file *file)
{
	return file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN) &&
	       capable(CAP_SYS_ADMIN);
}

/* ---- mappings ------------------------------------------------------------ */

static void ms_vm_open(struct vm_area_struct *vma)
{
	struct ms_buffer *buf = vma->vm_private_data;

	atomic64_inc(&buf->nr_mappings);
	atomic64_inc(&ms_stats.nr_mappings);
}

static void ms_vm_close(struct vm_area_struct *vma)
{
	struct ms_buffer *buf = vma->vm_private_data;

	atomic64_dec(&buf->nr_mappings);
	atomic64_dec(&ms_stats.nr_mappings);
}

static vm_fault_t ms_vm_fault(struct vm_fault *vmf)
{
	struct ms_buffer *buf = vmf->vma->vm_private_data;
	struct page *page;

	if (vmf->pgoff >= buf->nr_pages)
		return VM_FAULT_SIGBUS;
	page = buf->pages[vmf->pgoff];
	get_page(page);
	vmf->page = page;
	return 0;
}

static const struct vm_operations_struct ms_vm_ops = {
	.open = ms_vm_open,
	.close = ms_vm_close,
	.fault = ms_vm_fault,
};

static int ms_map_eager(struct vm_area_struct *vma, struct ms_buffer *buf)
{
	unsigned long left = vma_pages(vma);
	unsigned long addr = vma->vm_start;
	struct page **pages = buf->pages + vma->vm_pgoff;
	int err;

	while (left) {
		unsigned long batch = min(left, MS_EAGER_BATCH);
		unsigned long num = batch;

		err = vm_insert_pages(vma, addr, pages, &num);
		if (err)
			return err;
		/* num is what was left undone: 0 on success. */
		if (num)
			return -EFAULT;
		addr += batch << PAGE_SHIFT;
		pages += batch;
		left -= batch;
		if (left) {
			if (fatal_signal_pending(current))
				return -EINTR;
			cond_resched();
		}
	}
	return 0;
}

static int ms_buf_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct ms_buffer *buf = file->private_data;
	unsigned long pages = vma_pages(vma);
	int err;

	/* MAP_PRIVATE would give copy-on-write copies, not shared memory. */
	if (!(vma->vm_flags & VM_MAYSHARE))
		return -EINVAL;
	if (vma->vm_pgoff >= buf->nr_pages ||
	    pages > buf->nr_pages - vma->vm_pgoff)
		return -EINVAL;

	/*
	 * VM_MIXEDMAP: pages with struct page, mapped by the driver;
	 * VM_DONTEXPAND: mremap() may not grow the mapping past what was
	 * checked here.
	 */
	vm_flags_set(vma, VM_MIXEDMAP | VM_DONTEXPAND);
	vma->vm_ops = &ms_vm_ops;
	vma->vm_private_data = buf;
	ms_vm_open(vma);

	if (buf->policy == MEMSHARE_MAP_EAGER) {
		err = ms_map_eager(vma, buf);
		if (err) {
			/* The core zaps what was inserted; ->close is not called. */
			ms_vm_close(vma);
			return err;
		}
	}
	return 0;
}

/* ---- read/write ---------------------------------------------------------- */

/*
 * read_iter/write_iter: readv/writev and io_uring work too, and
 * copy_from_iter() does not zero what it could not copy (copy_from_user()
 * does): a write from a partly unreadable user buffer changes exactly the
 * bytes it reports as written, which every mapper of the buffer would see.
 */
static ssize_t ms_buf_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct ms_buffer *buf = iocb->ki_filp->private_data;
	size_t count = iov_iter_count(to);
	loff_t pos = iocb->ki_pos;
	size_t done = 0;

	if (pos < 0)
		return -EINVAL;
	if (pos >= buf->length || !count)
		return 0;
	count = min_t(u64, count, buf->length - pos);
	while (done < count) {
		size_t n = min(count - done, MS_RW_CHUNK);
		size_t copied = copy_to_iter(buf->vaddr + pos + done, n, to);

		done += copied;
		if (copied < n)
			break;
		if (done < count) {
			if (fatal_signal_pending(current))
				break;
			cond_resched();
		}
	}
	if (!done)
		return -EFAULT;
	iocb->ki_pos = pos + done;
	return done;
}

static ssize_t ms_buf_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct ms_buffer *buf = iocb->ki_filp->private_data;
	size_t count = iov_iter_count(from);
	loff_t pos = iocb->ki_pos;
	size_t done = 0;

	if (pos < 0)
		return -EINVAL;
	if (!count)
		return 0;
	/* A buffer has a fixed size: writing at its end is "no space left". */
	if (pos >= buf->length)
		return -ENOSPC;
	count = min_t(u64, count, buf->length - pos);
	while (done < count) {
		size_t n = min(count - done, MS_RW_CHUNK);
		size_t copied = copy_from_iter(buf->vaddr + pos + done, n, from);

		done += copied;
		if (copied < n)
			break;
		if (done < count) {
			if (fatal_signal_pending(current))
				break;
			cond_resched();
		}
	}
	ms_buffer_flush_for_user(buf, pos, done);
	if (!done)
		return -EFAULT;
	iocb->ki_pos = pos + done;
	return done;
}

static loff_t ms_buf_llseek(struct file *file, loff_t offset, int whence)
{
	struct ms_buffer *buf = file->private_data;

	return fixed_size_llseek(file, offset, whence, buf->length);
}

/* ---- buffer ioctls --------------------------------------------------------- */

static long ms_ioctl_buf_info(struct file *file, void __user *uarg)
{
	struct ms_buffer *buf = file->private_data;
	struct memshare_buf_info info;
	bool phys = ms_may_see_phys(file);
	u64 __user *upfns;
	u32 usize;
	u64 i, n;
	int err;

	err = ms_args_in(&info, sizeof(info), MEMSHARE_BUF_INFO_SIZE_VER0,
			 uarg, &usize);
	if (err)
		return err;
	/* Output-only fields (name, length, ...) are ignored on input. */
	if (info.flags ||
	    !ms_mem_is_zero(info.__reserved, sizeof(info.__reserved)))
		return -EINVAL;

	n = 0;
	if (info.pfns_ptr) {
		if (info.pfns_first > buf->nr_pages)
			return -EINVAL;
		n = min_t(u64, info.pfns_count, buf->nr_pages - info.pfns_first);
		upfns = u64_to_user_ptr(info.pfns_ptr);
		for (i = 0; i < n; i++) {
			u64 pfn = 0;

			if (phys)
				pfn = page_to_pfn(buf->pages[info.pfns_first + i]);
			if (put_user(pfn, upfns + i))
				return -EFAULT;
			if (!(i % 4096))
				cond_resched();
		}
	}

	info.flags = 0;
	if (buf->named)
		info.flags |= MEMSHARE_INFO_NAMED;
	if (READ_ONCE(buf->destroyed))
		info.flags |= MEMSHARE_INFO_DESTROYED;
	if (phys)
		info.flags |= MEMSHARE_INFO_PHYS;
	info.length = buf->length;
	info.backend = buf->backend;
	info.policy = buf->policy;
	info.nr_pages = buf->nr_pages;
	info.nr_mappings = atomic64_read(&buf->nr_mappings);
	info.phys_addr = phys ? ms_buffer_phys(buf) : 0;
	info.pfns_count = n;
	memset(info.name, 0, sizeof(info.name));
	if (buf->named)
		strscpy(info.name, buf->name, sizeof(info.name));
	return ms_args_out(uarg, &info, sizeof(info), usize);
}

static long ms_ioctl_access(struct file *file, void __user *uarg)
{
	struct ms_buffer *buf = file->private_data;
	struct memshare_access acc;
	u32 usize;
	int err;

	err = ms_args_in(&acc, sizeof(acc), MEMSHARE_ACCESS_SIZE_VER0,
			 uarg, &usize);
	if (err)
		return err;
	/* crc32c is output only: its input value is ignored. */
	if (acc.flags || acc.__reserved0 ||
	    !ms_mem_is_zero(acc.__reserved, sizeof(acc.__reserved)))
		return -EINVAL;

	/* The kernel acts for the fd's holder: the fd's mode applies. */
	switch (acc.op) {
	case MEMSHARE_ACCESS_CRC32C:
		if (acc.fill || acc.user_ptr)
			return -EINVAL;
		if (!(file->f_mode & FMODE_READ))
			return -EBADF;
		err = ms_buffer_crc32c(buf, acc.offset, acc.length, &acc.crc32c);
		if (err)
			return err;
		return ms_args_out(uarg, &acc, sizeof(acc), usize);
	case MEMSHARE_ACCESS_FILL:
		if (acc.fill > 0xff || acc.user_ptr)
			return -EINVAL;
		if (!(file->f_mode & FMODE_WRITE))
			return -EBADF;
		return ms_buffer_fill(buf, acc.offset, acc.length, acc.fill);
	case MEMSHARE_ACCESS_WRITE:
		if (acc.fill)
			return -EINVAL;
		if (!(file->f_mode & FMODE_WRITE))
			return -EBADF;
		return ms_buffer_copy_in(buf, acc.offset,
					 u64_to_user_ptr(acc.user_ptr),
					 acc.length);
	default:
		return -EINVAL;
	}
}

static long ms_buf_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (MS_IOC_STRIP_SIZE(cmd)) {
	case MS_IOC_STRIP_SIZE(MEMSHARE_IOC_BUF_INFO):
		return ms_ioctl_buf_info(file, uarg);
	case MS_IOC_STRIP_SIZE(MEMSHARE_IOC_ACCESS):
		return ms_ioctl_access(file, uarg);
	default:
		return -ENOTTY;
	}
}

static int ms_buf_release(struct inode *inode, struct file *file)
{
	ms_buffer_put(file->private_data);
	return 0;
}

/* Named buffers' device nodes: ->open finds the buffer (named.c). */
static int ms_buf_open(struct inode *inode, struct file *file)
{
	struct ms_buffer *buf = ms_named_get_by_devt(inode->i_rdev);

	if (!buf)
		return -ENXIO;
	file->private_data = buf;
	return 0;
}

const struct file_operations ms_buf_fops = {
	.owner = THIS_MODULE,
	.open = ms_buf_open,
	.release = ms_buf_release,
	.mmap = ms_buf_mmap,
	.read_iter = ms_buf_read_iter,
	.write_iter = ms_buf_write_iter,
	.llseek = ms_buf_llseek,
	.fsync = noop_fsync,		/* msync(MS_SYNC): memory, nothing to write */
	.unlocked_ioctl = ms_buf_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

bool ms_file_is_buffer(const struct file *file)
{
	return file->f_op == &ms_buf_fops;
}

/**
 * ms_buffer_install_fd() - reserve an O_CLOEXEC fd and a file for @buf
 * @buf: the buffer; the file takes its own reference
 * @fdp: returns the fd number, not yet installed
 * @filep: returns the file
 *
 * The caller reports the fd to user space, then fd_install()s it, or undoes
 * both with fput() and put_unused_fd().
 */
int ms_buffer_install_fd(struct ms_buffer *buf, int *fdp, struct file **filep)
{
	struct file *file;
	int fd;

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;
	file = anon_inode_getfile("memshare", &ms_buf_fops, buf, O_RDWR);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		return PTR_ERR(file);
	}
	/* Pseudo files are not positional by default; buffers are. */
	file->f_mode |= FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE;
	ms_buffer_get(buf);
	*fdp = fd;
	*filep = file;
	return 0;
}
