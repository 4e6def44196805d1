// SPDX-License-Identifier: GPL-2.0
/*
 * memshare: /sys/class/memshare/NAME attributes, one value per file
 * (documented in docs/sysfs-class-memshare).
 *
 * The device's drvdata is the buffer; the registry holds a reference until
 * device_unregister() has drained every reader.
 */
#include <linux/device.h>
#include <linux/sysfs.h>

#include "memshare.h"

static ssize_t size_show(struct device *dev, struct device_attribute *attr,
			 char *page)
{
	struct ms_buffer *buf = dev_get_drvdata(dev);

	return sysfs_emit(page, "%zu\n", buf->length);
}
static DEVICE_ATTR_RO(size);

static ssize_t backend_show(struct device *dev, struct device_attribute *attr,
			    char *page)
{
	struct ms_buffer *buf = dev_get_drvdata(dev);

	return sysfs_emit(page, "%s\n", ms_backend_name(buf->backend));
}
static DEVICE_ATTR_RO(backend);

static ssize_t policy_show(struct device *dev, struct device_attribute *attr,
			   char *page)
{
	struct ms_buffer *buf = dev_get_drvdata(dev);

	return sysfs_emit(page, "%s\n", ms_policy_name(buf->policy));
}
static DEVICE_ATTR_RO(policy);

static ssize_t mappings_show(struct device *dev,
			     struct device_attribute *attr, char *page)
{
	struct ms_buffer *buf = dev_get_drvdata(dev);

	return sysfs_emit(page, "%lld\n",
			  (long long)atomic64_read(&buf->nr_mappings));
}
static DEVICE_ATTR_RO(mappings);

/* Mode 0400: physical addresses are for root only, as pagemap's PFNs. */
static ssize_t phys_addr_show(struct device *dev,
			      struct device_attribute *attr, char *page)
{
	struct ms_buffer *buf = dev_get_drvdata(dev);

	return sysfs_emit(page, "0x%llx\n",
			  (unsigned long long)ms_buffer_phys(buf));
}
static DEVICE_ATTR_ADMIN_RO(phys_addr);

static struct attribute *ms_named_attrs[] = {
	&dev_attr_size.attr,
	&dev_attr_backend.attr,
	&dev_attr_policy.attr,
	&dev_attr_mappings.attr,
	&dev_attr_phys_addr.attr,
	NULL,
};

static const struct attribute_group ms_named_group = {
	.attrs = ms_named_attrs,
};

const struct attribute_group *ms_named_groups[] = {
	&ms_named_group,
	NULL,
};
