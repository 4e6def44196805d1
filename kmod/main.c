// SPDX-License-Identifier: GPL-2.0
/*
 * memshare: module parameters, counters, init and exit.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/stat.h>
#include <linux/string.h>

#include "memshare.h"
#ifdef MEMSHARE_INJECT_BUGS
#include "inject.h"
#endif

struct ms_limits ms_limits = {
	.max_buffer_size = 1ULL << 30,
	.max_total_size = 2ULL << 30,
	.max_pin_size = 1ULL << 30,
	.max_pin_total = 4ULL << 30,
	.max_named = 64,
};

struct ms_stats ms_stats;
umode_t ms_named_mode = 0600;

/* Size parameters accept memparse() suffixes: 64K, 1M, 2G. */
static int ms_param_set_size(const char *val, const struct kernel_param *kp)
{
	unsigned long long v;
	char *end;

	v = memparse(val, &end);
	if (end == val)
		return -EINVAL;
	if (*end == '\n')
		end++;
	if (*end || v < PAGE_SIZE)
		return -EINVAL;
	WRITE_ONCE(*(u64 *)kp->arg, v);
	return 0;
}

static int ms_param_get_size(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%llu\n", READ_ONCE(*(u64 *)kp->arg));
}

static const struct kernel_param_ops ms_param_size_ops = {
	.set = ms_param_set_size,
	.get = ms_param_get_size,
};

module_param_cb(max_buffer_size, &ms_param_size_ops,
		&ms_limits.max_buffer_size, 0644);
MODULE_PARM_DESC(max_buffer_size,
		 "Largest single buffer in bytes, K/M/G suffixes (default 1G)");
module_param_cb(max_total_size, &ms_param_size_ops,
		&ms_limits.max_total_size, 0644);
MODULE_PARM_DESC(max_total_size,
		 "All buffers together in bytes, K/M/G suffixes (default 2G)");
module_param_cb(max_pin_size, &ms_param_size_ops, &ms_limits.max_pin_size,
		0644);
MODULE_PARM_DESC(max_pin_size,
		 "Largest single pin of user memory in bytes, K/M/G suffixes (default 1G)");
module_param_cb(max_pin_total, &ms_param_size_ops, &ms_limits.max_pin_total,
		0644);
MODULE_PARM_DESC(max_pin_total,
		 "All pins together in bytes, K/M/G suffixes (default 4G, at most 4G)");
module_param_named(max_named, ms_limits.max_named, uint, 0644);
MODULE_PARM_DESC(max_named, "Largest number of named buffers (default 64)");

static ushort dev_mode = 0666;
module_param(dev_mode, ushort, 0444);
MODULE_PARM_DESC(dev_mode, "Mode of /dev/memshare (default 0666)");
static ushort named_mode = 0600;
module_param(named_mode, ushort, 0444);
MODULE_PARM_DESC(named_mode, "Mode of /dev/memshare-NAME (default 0600)");

static char *buffers;
module_param(buffers, charp, 0444);
MODULE_PARM_DESC(buffers,
		 "Named buffers created at load: NAME:SIZE[:contig][:eager],...");

umode_t ms_device_mode(void)
{
	return dev_mode & 0777;
}

static int __init memshare_init(void)
{
	int err;

	if ((dev_mode | named_mode) & ~0777) {
		pr_err("dev_mode and named_mode must be permission bits (<= 0777)\n");
		return -EINVAL;
	}
	ms_named_mode = named_mode;

	err = ms_named_init();
	if (err)
		return err;

	if (buffers && *buffers) {
		err = ms_named_parse_param(buffers);
		if (err)
			goto err_named;
	}

	err = ms_selftest_init();
	if (err)
		goto err_named;

	err = ms_device_init();
	if (err)
		goto err_selftest;

	pr_info("version %s loaded: max_buffer_size=%llu max_total_size=%llu max_pin_size=%llu max_named=%u\n",
		MEMSHARE_VERSION_STR, ms_limits.max_buffer_size,
		ms_limits.max_total_size, ms_limits.max_pin_size,
		ms_limits.max_named);
#ifdef MEMSHARE_INJECT_BUGS
	ms_inject_bugs();	/* vm/check-detectors' test build only */
#endif
	return 0;

err_selftest:
	ms_selftest_exit();
err_named:
	ms_named_exit();
	return err;
}

static void __exit memshare_exit(void)
{
	ms_device_exit();
	ms_selftest_exit();
	ms_named_exit();
	pr_info("unloaded\n");
}

module_init(memshare_init);
module_exit(memshare_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The memshare developers");
MODULE_DESCRIPTION("Memory shared between the kernel and user space");
MODULE_VERSION(MEMSHARE_VERSION_STR);
