// SPDX-License-Identifier: GPL-2.0
/*
 * memshare: extensible ioctl argument structs.
 *
 * Every struct starts with __u32 size and __u32 flags.  The caller's size is
 * the truth, not the size encoded in the command number: a caller built
 * against an older (smaller) or newer (larger) header keeps working, as with
 * openat2() and clone3().
 */
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/uaccess.h>

#include "memshare.h"

/**
 * ms_args_in() - copy an argument struct from user space
 * @karg: kernel copy, @ksize bytes
 * @ksize: the struct's size as this module knows it
 * @ver0: the struct's first published size; smaller is -EINVAL
 * @uarg: user pointer
 * @usize: returns the caller's size, for ms_args_out()
 *
 * Bytes the caller did not pass are zero; bytes the caller passed beyond
 * @ksize must be zero (-E2BIG otherwise), as copy_struct_from_user() does.
 */
int ms_args_in(void *karg, size_t ksize, size_t ver0,
	       const void __user *uarg, u32 *usize)
{
	u32 size;
	int err;

	if (get_user(size, (const u32 __user *)uarg))
		return -EFAULT;
	if (size < ver0)
		return -EINVAL;
	if (size > PAGE_SIZE)
		return -E2BIG;
	err = copy_struct_from_user(karg, ksize, uarg, size);
	if (err)
		return err;
	*usize = size;
	return 0;
}

/* Write back min(caller's size, ours) bytes; the size field is unchanged. */
int ms_args_out(void __user *uarg, const void *karg, size_t ksize, u32 usize)
{
	if (copy_to_user(uarg, karg, min_t(size_t, ksize, usize)))
		return -EFAULT;
	return 0;
}
