/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memshare: the one place where kernel versions differ.
 *
 * HAVE_* macros come from compat_config.h, generated at build time by
 * kmod/build, which compiles each snippet in kmod/probes/ against the target
 * kernel's headers (as OpenZFS's config/kernel-*.m4 do).  Polyfills keep the
 * upstream names, so the rest of the module is written against the newest
 * API.
 */
#ifndef MEMSHARE_COMPAT_H
#define MEMSHARE_COMPAT_H

#include "compat_config.h"

#include <linux/device.h>
#include <linux/fs.h>
#include <linux/mm.h>

/* 6.3 added vm_flags_set()/vm_flags_clear(); vm_flags became read-only. */
#ifndef HAVE_VM_FLAGS_SET
static inline void vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma->vm_flags |= flags;
}

static inline void vm_flags_clear(struct vm_area_struct *vma,
				  vm_flags_t flags)
{
	vma->vm_flags &= ~flags;
}
#endif

/* 6.4 dropped class_create()'s owner argument. */
#ifndef HAVE_CLASS_CREATE_1ARG
#undef class_create
#define class_create(name)						\
({									\
	static struct lock_class_key __key;				\
	__class_create(THIS_MODULE, name, &__key);			\
})
#endif

/* 6.2 made class->devnode() take a const struct device. */
#ifdef HAVE_CLASS_DEVNODE_CONST
#define MS_DEVNODE_CONST const
#else
#define MS_DEVNODE_CONST
#endif

/*
 * 6.14 made crc32c() a library function of <linux/crc32.h>.  Before, it was
 * in the libcrc32c module (a crypto API wrapper) while vmlinux exported the
 * plain __crc32c_le() with the same (unfinalized) semantics; use that and
 * keep the module free of a module dependency.
 */
#include <linux/crc32.h>
#ifndef HAVE_CRC32C_LIB
static inline u32 crc32c(u32 crc, const void *p, size_t len)
{
	return __crc32c_le(crc, p, len);
}
#endif

/*
 * Files made by alloc_file_pseudo() (anon_inode_getfile()) are not marked
 * positional; 6.7 removed FMODE_LSEEK (seekability follows ->llseek).
 */
#ifndef FMODE_LSEEK
#define FMODE_LSEEK	0
#endif

#endif /* MEMSHARE_COMPAT_H */
