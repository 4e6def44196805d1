// SPDX-License-Identifier: MIT
/*
 * ms_named_foreach(): the named buffers, from /sys/class/memshare/NAME/.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int ms__named_foreach_dir(const char *dir,
			  int (*cb)(const char *name, void *arg), void *arg)
{
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	struct dirent *de;
	int ret = 0, dfd;
	DIR *d;

	if (!dir || !cb)
		return -EINVAL;
	d = opendir(dir);
	if (!d)
		return -errno;
	dfd = dirfd(d);
	for (;;) {
		char attr[MEMSHARE_NAME_MAX + sizeof("/size")];

		errno = 0;
		de = readdir(d);
		if (!de) {
			ret = -errno;
			break;
		}
		if (de->d_name[0] == '.')
			continue;
		if (strlen(de->d_name) > MEMSHARE_NAME_MAX - 1)
			continue;
		/* A buffer is a directory (or a symlink to one) with "size". */
		strcpy(attr, de->d_name);
		strcat(attr, "/size");
		if (faccessat(dfd, attr, F_OK, 0))
			continue;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			char **nn = realloc(names, ncap * sizeof(*names));

			if (!nn) {
				ret = -ENOMEM;
				break;
			}
			names = nn;
			cap = ncap;
		}
		names[n] = strdup(de->d_name);
		if (!names[n]) {
			ret = -ENOMEM;
			break;
		}
		n++;
	}
	closedir(d);

	if (!ret && n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; !ret && i < n; i++)
		ret = cb(names[i], arg);
	if (!ret)
		ret = (int)n;
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ret;
}

MS_EXPORT int ms_named_foreach(int (*cb)(const char *name, void *arg),
			       void *arg)
{
	return ms__named_foreach_dir(MS_SYSFS_CLASS, cb, arg);
}
