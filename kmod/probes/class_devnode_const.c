// SPDX-License-Identifier: GPL-2.0
/* 6.2: class->devnode() takes a const struct device. */
#include <linux/device.h>

static char *probe_devnode(const struct device *dev, umode_t *mode)
{
	return NULL;
}

void probe(struct class *cls);
void probe(struct class *cls)
{
	cls->devnode = probe_devnode;
}
