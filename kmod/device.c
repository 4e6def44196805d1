// SPDX-License-Identifier: GPL-2.0
/*
 * memshare: the control device /dev/memshare.
 *
 * Its ioctls are thin wrappers: copy the argument struct in, check flags and
 * reserved fields, call the core (buffer.c, named.c, pin.c), copy the result
 * out.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/uaccess.h>

#include "memshare.h"

static long ms_ioctl_version(void __user *uarg)
{
	struct memshare_version v;
	u32 usize;
	int err;

	err = ms_args_in(&v, sizeof(v), MEMSHARE_VERSION_SIZE_VER0, uarg,
			 &usize);
	if (err)
		return err;
	if (v.flags)
		return -EINVAL;

	/* Everything past size and flags is output. */
	memset((char *)&v + 8, 0, sizeof(v) - 8);
	v.abi_major = MEMSHARE_ABI_MAJOR;
	v.abi_minor = MEMSHARE_ABI_MINOR;
	v.features = MEMSHARE_FEAT_VMALLOC | MEMSHARE_FEAT_CONTIG |
		     MEMSHARE_FEAT_EAGER | MEMSHARE_FEAT_NAMED |
		     MEMSHARE_FEAT_ACCESS | MEMSHARE_FEAT_PIN |
		     MEMSHARE_FEAT_XLATE;
	/* kaddr.c knows the x86-64 memory map only. */
	if (IS_ENABLED(CONFIG_X86_64))
		v.features |= MEMSHARE_FEAT_KADDR;
	if (ms_contig_large_supported())
		v.features |= MEMSHARE_FEAT_CONTIG_LARGE;
	strscpy(v.module_version, MEMSHARE_VERSION_STR,
		sizeof(v.module_version));
	v.max_buffer_bytes = READ_ONCE(ms_limits.max_buffer_size);
	v.max_total_bytes = READ_ONCE(ms_limits.max_total_size);
	v.max_contig_bytes = ms_contig_max_bytes();
	v.max_named = READ_ONCE(ms_limits.max_named);
	v.total_bytes = atomic64_read(&ms_stats.total_bytes);
	v.nr_buffers = atomic_read(&ms_stats.nr_buffers);
	v.nr_named = atomic_read(&ms_stats.nr_named);
	v.nr_mappings = atomic64_read(&ms_stats.nr_mappings);
	v.max_pin_bytes = READ_ONCE(ms_limits.max_pin_size);
	v.nr_pins = atomic64_read(&ms_stats.nr_pins);
	v.pinned_pages = atomic64_read(&ms_stats.pinned_pages);
	v.pt_levels = ms_pt_levels();
	return ms_args_out(uarg, &v, sizeof(v), usize);
}

static long ms_ioctl_create(void __user *uarg)
{
	struct memshare_create c;
	struct ms_buffer *buf;
	struct file *file = NULL;
	bool named, want_fd;
	int fd = -1;
	u32 usize;
	int err;

	err = ms_args_in(&c, sizeof(c), MEMSHARE_CREATE_SIZE_VER0, uarg,
			 &usize);
	if (err)
		return err;
	if (c.flags & ~MEMSHARE_CREATE_FLAGS || c.__reserved0 ||
	    !ms_mem_is_zero(c.__reserved, sizeof(c.__reserved)))
		return -EINVAL;
	named = c.flags & MEMSHARE_CREATE_NAMED;
	want_fd = !(c.flags & MEMSHARE_CREATE_NO_FD);
	if (!named && (!want_fd || !ms_mem_is_zero(c.name, sizeof(c.name))))
		return -EINVAL;
	if (named) {
		if (!capable(CAP_SYS_ADMIN))
			return -EPERM;
		err = ms_named_validate(c.name);
		if (err)
			return err;
	}

	buf = ms_buffer_create(c.length, c.backend, c.policy);
	if (IS_ERR(buf))
		return PTR_ERR(buf);

	if (named) {
		err = ms_named_create(c.name, buf);
		if (err)
			goto err_put_buf;
	}
	if (want_fd) {
		err = ms_buffer_install_fd(buf, &fd, &file);
		if (err)
			goto err_unpublish;
	}

	c.length = buf->length;
	c.fd = fd;
	err = ms_args_out(uarg, &c, sizeof(c), usize);
	if (err)
		goto err_put_fd;
	if (file)
		fd_install(fd, file);
	/* The file and the registry hold their own references. */
	ms_buffer_put(buf);
	return 0;

err_put_fd:
	if (file) {
		fput(file);
		put_unused_fd(fd);
	}
err_unpublish:
	if (named)
		ms_named_unpublish(buf);
err_put_buf:
	ms_buffer_put(buf);
	return err;
}

static long ms_ioctl_destroy(void __user *uarg)
{
	struct memshare_destroy d;
	u32 usize;
	int err;

	err = ms_args_in(&d, sizeof(d), MEMSHARE_DESTROY_SIZE_VER0, uarg,
			 &usize);
	if (err)
		return err;
	if (d.flags || !ms_mem_is_zero(d.__reserved, sizeof(d.__reserved)))
		return -EINVAL;
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	err = ms_named_validate(d.name);
	if (err)
		return err;
	return ms_named_destroy(d.name);
}

/*
 * Opening a named buffer by name is subject to the same rule as opening its
 * node: root (the node's owner), or anyone when named_mode grants others
 * read and write.
 */
static bool ms_may_open_named(void)
{
	return capable(CAP_SYS_ADMIN) ||
	       (ms_named_mode & 0006) == 0006;
}

static long ms_ioctl_open(void __user *uarg)
{
	struct memshare_open o;
	struct ms_buffer *buf;
	struct file *file;
	u32 usize;
	int fd, err;

	err = ms_args_in(&o, sizeof(o), MEMSHARE_OPEN_SIZE_VER0, uarg, &usize);
	if (err)
		return err;
	if (o.flags || o.__reserved0 ||
	    !ms_mem_is_zero(o.__reserved, sizeof(o.__reserved)))
		return -EINVAL;
	err = ms_named_validate(o.name);
	if (err)
		return err;
	if (!ms_may_open_named())
		return -EACCES;

	buf = ms_named_lookup(o.name);
	if (!buf)
		return -ENOENT;
	err = ms_buffer_install_fd(buf, &fd, &file);
	if (err)
		goto out_put_buf;
	o.fd = fd;
	err = ms_args_out(uarg, &o, sizeof(o), usize);
	if (err) {
		fput(file);
		put_unused_fd(fd);
		goto out_put_buf;
	}
	fd_install(fd, file);
out_put_buf:
	ms_buffer_put(buf);
	return err;
}

static long ms_ioctl_pin(void __user *uarg)
{
	struct memshare_pin p;
	struct file *file;
	u32 usize;
	int fd, err;

	err = ms_args_in(&p, sizeof(p), MEMSHARE_PIN_SIZE_VER0, uarg, &usize);
	if (err)
		return err;
	/* fd and nr_pages are output only. */
	if (p.flags & ~MEMSHARE_PIN_FLAGS || p.__reserved0 ||
	    !ms_mem_is_zero(p.__reserved, sizeof(p.__reserved)))
		return -EINVAL;

	err = ms_pin_install(p.addr, p.length, p.flags, &fd, &file,
			     &p.nr_pages);
	if (err)
		return err;
	p.fd = fd;
	err = ms_args_out(uarg, &p, sizeof(p), usize);
	if (err) {
		fput(file);		/* unpins */
		put_unused_fd(fd);
		return err;
	}
	fd_install(fd, file);
	return 0;
}

static long ms_ioctl_xlate(struct file *file, void __user *uarg)
{
	struct memshare_xlate x;
	u32 usize;
	int err;

	err = ms_args_in(&x, sizeof(x), MEMSHARE_XLATE_SIZE_VER0, uarg, &usize);
	if (err)
		return err;
	/* next and strtab_used are output only. */
	if (x.flags & ~MEMSHARE_XLATE_FLAGS ||
	    !ms_mem_is_zero(x.__reserved, sizeof(x.__reserved)))
		return -EINVAL;

	err = ms_xlate(file, &x);
	if (err)
		return err;
	return ms_args_out(uarg, &x, sizeof(x), usize);
}

static long ms_ioctl_kaddr(struct file *file, void __user *uarg)
{
	struct memshare_kaddr k;
	u32 usize;
	int err;

	err = ms_args_in(&k, sizeof(k), MEMSHARE_KADDR_SIZE_VER0, uarg, &usize);
	if (err)
		return err;
	/* Everything but addr is output. */
	if (k.flags || !ms_mem_is_zero(k.__reserved, sizeof(k.__reserved)))
		return -EINVAL;

	err = ms_kaddr(file, &k);
	if (err)
		return err;
	return ms_args_out(uarg, &k, sizeof(k), usize);
}

static long ms_ctl_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (MS_IOC_STRIP_SIZE(cmd)) {
	case MS_IOC_STRIP_SIZE(MEMSHARE_IOC_VERSION):
		return ms_ioctl_version(uarg);
	case MS_IOC_STRIP_SIZE(MEMSHARE_IOC_CREATE):
		return ms_ioctl_create(uarg);
	case MS_IOC_STRIP_SIZE(MEMSHARE_IOC_DESTROY):
		return ms_ioctl_destroy(uarg);
	case MS_IOC_STRIP_SIZE(MEMSHARE_IOC_OPEN):
		return ms_ioctl_open(uarg);
	case MS_IOC_STRIP_SIZE(MEMSHARE_IOC_PIN):
		return ms_ioctl_pin(uarg);
	case MS_IOC_STRIP_SIZE(MEMSHARE_IOC_XLATE):
		return ms_ioctl_xlate(file, uarg);
	case MS_IOC_STRIP_SIZE(MEMSHARE_IOC_KADDR):
		return ms_ioctl_kaddr(file, uarg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations ms_ctl_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = ms_ctl_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice ms_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = MEMSHARE_CONTROL_NAME,
	.fops = &ms_ctl_fops,
};

int ms_device_init(void)
{
	ms_miscdev.mode = ms_device_mode();
	return misc_register(&ms_miscdev);
}

void ms_device_exit(void)
{
	misc_deregister(&ms_miscdev);
}
