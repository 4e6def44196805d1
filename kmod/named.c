// SPDX-License-Identifier: GPL-2.0
/*
 * memshare: named buffers.
 *
 * A named buffer is published as the character device /dev/memshare-NAME
 * and as /sys/class/memshare/NAME (sysfs.c).  It lives until
 * MEMSHARE_IOC_DESTROY or module unload, independently of the processes that
 * use it; its memory lives on while any fd or mapping still holds it.  When
 * it is destroyed the module logs its name, size and an escaped preview of
 * its first bytes.
 *
 * ms_named_lock protects the list, the minor map and the count.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>

#include "memshare.h"

/* Device minors available to named buffers. */
#define MS_NAMED_MINORS	1024
/* At most this many bytes of a buffer are shown when it is destroyed. */
#define MS_PREVIEW_BYTES	64

struct ms_named {
	struct list_head node;
	struct ms_buffer *buf;		/* the registry's reference */
	struct device *dev;
	dev_t devt;
};

static DEFINE_MUTEX(ms_named_lock);
static LIST_HEAD(ms_named_list);
static DEFINE_XARRAY_ALLOC(ms_named_minors);	/* minor -> struct ms_named */
static unsigned int ms_named_count;
static dev_t ms_named_base;
static struct cdev ms_named_cdev;
static struct class *ms_class;

static char *ms_named_devnode(MS_DEVNODE_CONST struct device *dev,
			      umode_t *mode)
{
	if (mode)
		*mode = ms_named_mode;
	return kasprintf(GFP_KERNEL, MEMSHARE_NAMED_PREFIX "%s",
			 dev_name(dev));
}

/**
 * ms_named_validate() - check a name from user space or the command line
 * @name: a MEMSHARE_NAME_MAX-byte array
 *
 * Return: 0; -ENAMETOOLONG without a NUL in MEMSHARE_NAME_MAX bytes;
 * -EINVAL for an empty name, "." or "..", or a character outside
 * [A-Za-z0-9_.-].
 */
int ms_named_validate(const char *name)
{
	size_t len = strnlen(name, MEMSHARE_NAME_MAX);
	size_t i;

	if (len == MEMSHARE_NAME_MAX)
		return -ENAMETOOLONG;
	if (!len || !strcmp(name, ".") || !strcmp(name, ".."))
		return -EINVAL;
	for (i = 0; i < len; i++) {
		char c = name[i];

		/* ASCII only: the kernel's isalnum() accepts Latin-1 letters. */
		if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') &&
		    !(c >= '0' && c <= '9') && c != '_' && c != '.' && c != '-')
			return -EINVAL;
	}
	return 0;
}

static struct ms_named *ms_named_find(const char *name)
{
	struct ms_named *n;

	lockdep_assert_held(&ms_named_lock);
	list_for_each_entry(n, &ms_named_list, node)
		if (!strcmp(n->buf->name, name))
			return n;
	return NULL;
}

/**
 * ms_named_create() - publish @buf under @name
 * @name: validated by the caller with ms_named_validate()
 * @buf: a new buffer; on success the registry takes a reference of its own
 *
 * Return: 0, -EEXIST, -ENOSPC over max_named, or an error from the driver
 * core.
 */
int ms_named_create(const char *name, struct ms_buffer *buf)
{
	struct ms_named *n;
	u32 minor;
	int err;

	n = kzalloc(sizeof(*n), GFP_KERNEL_ACCOUNT);
	if (!n)
		return -ENOMEM;

	mutex_lock(&ms_named_lock);
	if (ms_named_find(name)) {
		err = -EEXIST;
		goto err_unlock;
	}
	if (ms_named_count >= READ_ONCE(ms_limits.max_named)) {
		err = -ENOSPC;
		goto err_unlock;
	}
	err = xa_alloc(&ms_named_minors, &minor, n,
		       XA_LIMIT(0, MS_NAMED_MINORS - 1), GFP_KERNEL);
	if (err) {
		err = err == -EBUSY ? -ENOSPC : err;
		goto err_unlock;
	}
	strscpy(buf->name, name, sizeof(buf->name));
	buf->named = true;
	n->buf = buf;
	n->devt = MKDEV(MAJOR(ms_named_base), MINOR(ms_named_base) + minor);
	n->dev = device_create_with_groups(ms_class, NULL, n->devt, buf,
					   ms_named_groups, "%s", name);
	if (IS_ERR(n->dev)) {
		err = PTR_ERR(n->dev);
		goto err_erase_minor;
	}
	ms_buffer_get(buf);
	list_add_tail(&n->node, &ms_named_list);
	ms_named_count++;
	atomic_inc(&ms_stats.nr_named);
	mutex_unlock(&ms_named_lock);
	return 0;

err_erase_minor:
	xa_erase(&ms_named_minors, minor);
	buf->named = false;
	buf->name[0] = '\0';
err_unlock:
	mutex_unlock(&ms_named_lock);
	kfree(n);
	return err;
}

/*
 * Log what a buffer holds: name, size and its first bytes up to the first
 * NUL, printable ASCII as is and every other byte as \xHH (%pE would pass
 * Latin-1 bytes through).
 */
static void ms_named_log(const char *why, struct ms_buffer *buf)
{
	size_t len = strnlen(buf->vaddr, min_t(size_t, buf->length,
						MS_PREVIEW_BYTES));
	const unsigned char *p = buf->vaddr;
	char out[MS_PREVIEW_BYTES * 4 + 1];
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\' && p[i] != '"')
			out[o++] = p[i];
		else
			o += scnprintf(out + o, sizeof(out) - o, "\\x%02x", p[i]);
	}
	out[o] = '\0';
	pr_info("%s %s: %zu bytes, %s: \"%s\"%s\n", why, buf->name,
		buf->length, ms_backend_name(buf->backend), out,
		len == MS_PREVIEW_BYTES ? "..." : "");
}

/* Unpublish @n; called with ms_named_lock held, drops the registry's ref. */
static void ms_named_remove(struct ms_named *n, const char *why)
{
	struct ms_buffer *buf = n->buf;

	lockdep_assert_held(&ms_named_lock);
	list_del(&n->node);
	xa_erase(&ms_named_minors, MINOR(n->devt) - MINOR(ms_named_base));
	ms_named_count--;
	atomic_dec(&ms_stats.nr_named);
	/* Waits for sysfs readers; new opens of the node now fail. */
	device_unregister(n->dev);
	WRITE_ONCE(buf->destroyed, true);
	if (why)
		ms_named_log(why, buf);
	kfree(n);
	ms_buffer_put(buf);
}

/* Return: 0, or -ENOENT when no buffer has that name. */
int ms_named_destroy(const char *name)
{
	struct ms_named *n;
	int err = -ENOENT;

	mutex_lock(&ms_named_lock);
	n = ms_named_find(name);
	if (n) {
		ms_named_remove(n, "destroy");
		err = 0;
	}
	mutex_unlock(&ms_named_lock);
	return err;
}

/* Undo ms_named_create() of a buffer nobody has seen yet: no log. */
void ms_named_unpublish(struct ms_buffer *buf)
{
	struct ms_named *n;

	mutex_lock(&ms_named_lock);
	n = ms_named_find(buf->name);
	if (n && n->buf == buf)
		ms_named_remove(n, NULL);
	mutex_unlock(&ms_named_lock);
}

/* Return: a new reference to the named buffer, or NULL. */
struct ms_buffer *ms_named_lookup(const char *name)
{
	struct ms_buffer *buf = NULL;
	struct ms_named *n;

	mutex_lock(&ms_named_lock);
	n = ms_named_find(name);
	if (n)
		buf = ms_buffer_get(n->buf);
	mutex_unlock(&ms_named_lock);
	return buf;
}

struct ms_buffer *ms_named_get_by_devt(dev_t devt)
{
	struct ms_buffer *buf = NULL;
	struct ms_named *n;

	mutex_lock(&ms_named_lock);
	n = xa_load(&ms_named_minors, MINOR(devt) - MINOR(ms_named_base));
	if (n && n->devt == devt)
		buf = ms_buffer_get(n->buf);
	mutex_unlock(&ms_named_lock);
	return buf;
}

/* Create one "NAME:SIZE[:contig][:eager]" buffer from the command line. */
static int ms_named_parse_one(char *spec)
{
	u32 backend = MEMSHARE_BACKEND_VMALLOC, policy = MEMSHARE_MAP_LAZY;
	char *name, *size, *opt, *end;
	struct ms_buffer *buf;
	unsigned long long length;
	int err;

	name = strsep(&spec, ":");
	size = strsep(&spec, ":");
	if (!name || !size || !*size) {
		pr_err("buffers: '%s': want NAME:SIZE[:contig][:eager]\n",
		       name ? name : "");
		return -EINVAL;
	}
	err = ms_named_validate(name);
	if (err) {
		pr_err("buffers: bad name '%s'\n", name);
		return err;
	}
	length = memparse(size, &end);
	if (*end) {
		pr_err("buffers: %s: bad size '%s'\n", name, size);
		return -EINVAL;
	}
	while ((opt = strsep(&spec, ":"))) {
		if (!strcmp(opt, "contig")) {
			backend = MEMSHARE_BACKEND_CONTIG;
		} else if (!strcmp(opt, "eager")) {
			policy = MEMSHARE_MAP_EAGER;
		} else {
			pr_err("buffers: %s: unknown option '%s'\n", name, opt);
			return -EINVAL;
		}
	}

	buf = ms_buffer_create(length, backend, policy);
	if (IS_ERR(buf)) {
		pr_err("buffers: %s: cannot create %llu bytes (%pe)\n", name,
		       length, buf);
		return PTR_ERR(buf);
	}
	err = ms_named_create(name, buf);
	ms_buffer_put(buf);
	if (err) {
		pr_err("buffers: %s: cannot publish (%d)\n", name, err);
		return err;
	}
	pr_info("buffer %s: %zu bytes, %s, %s\n", name, buf->length,
		ms_backend_name(backend), ms_policy_name(policy));
	return 0;
}

/* The buffers= parameter: "NAME:SIZE[:contig][:eager],..." */
int ms_named_parse_param(const char *param)
{
	char *copy, *spec, *one;
	int err = 0;

	copy = kstrdup(param, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	spec = copy;
	while ((one = strsep(&spec, ","))) {
		if (!*one)
			continue;
		err = ms_named_parse_one(one);
		if (err)
			break;
	}
	kfree(copy);
	return err;
}

int ms_named_init(void)
{
	int err;

	err = alloc_chrdev_region(&ms_named_base, 0, MS_NAMED_MINORS,
				  "memshare");
	if (err)
		return err;

	cdev_init(&ms_named_cdev, &ms_buf_fops);
	ms_named_cdev.owner = THIS_MODULE;
	err = cdev_add(&ms_named_cdev, ms_named_base, MS_NAMED_MINORS);
	if (err)
		goto err_unregister_region;

	ms_class = class_create("memshare");
	if (IS_ERR(ms_class)) {
		err = PTR_ERR(ms_class);
		goto err_del_cdev;
	}
	ms_class->devnode = ms_named_devnode;
	return 0;

err_del_cdev:
	cdev_del(&ms_named_cdev);
err_unregister_region:
	unregister_chrdev_region(ms_named_base, MS_NAMED_MINORS);
	return err;
}

/* Module unload: log and free every named buffer, then the class. */
void ms_named_exit(void)
{
	struct ms_named *n, *tmp;

	mutex_lock(&ms_named_lock);
	list_for_each_entry_safe(n, tmp, &ms_named_list, node)
		ms_named_remove(n, "unload");
	mutex_unlock(&ms_named_lock);

	class_destroy(ms_class);
	cdev_del(&ms_named_cdev);
	unregister_chrdev_region(ms_named_base, MS_NAMED_MINORS);
	xa_destroy(&ms_named_minors);
}
