// SPDX-License-Identifier: MIT
/* Reading a named buffer's attributes from /sys/class/memshare/NAME/. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

const char *cli_backend_name(uint32_t backend)
{
	switch (backend) {
	case MEMSHARE_BACKEND_VMALLOC:
		return "vmalloc";
	case MEMSHARE_BACKEND_CONTIG:
		return "contig";
	default:
		return "unknown";
	}
}

const char *cli_policy_name(uint32_t policy)
{
	switch (policy) {
	case MEMSHARE_MAP_LAZY:
		return "lazy";
	case MEMSHARE_MAP_EAGER:
		return "eager";
	default:
		return "unknown";
	}
}

/* Read a small attribute file, without its trailing whitespace. */
static int read_attr(int dfd, const char *attr, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = openat(dfd, attr, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	do {
		n = read(fd, buf, size - 1);
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	close(fd);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' ' ||
			 buf[n - 1] == '\t'))
		n--;
	buf[n] = '\0';
	return 0;
}

/* A number in decimal or 0x-hex, the whole string. */
static bool parse_u64(const char *s, uint64_t *v)
{
	unsigned long long x;
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno || *end)
		return false;
	*v = x;
	return true;
}

/* backend and policy: a name, or the enum's number. */
static void read_enum_attr(int dfd, const char *attr, char *out, size_t size,
			   const char *(*name_of)(uint32_t))
{
	char buf[64];
	const char *s = buf;
	uint64_t v;
	size_t n;

	out[0] = '\0';
	if (read_attr(dfd, attr, buf, sizeof(buf)))
		return;
	if (parse_u64(buf, &v) && v <= UINT32_MAX)
		s = name_of((uint32_t)v);
	n = strnlen(s, size - 1);
	memcpy(out, s, n);
	out[n] = '\0';
}

int cli_read_buf_attrs(const char *classdir, const char *name,
		       struct cli_buf_attrs *a)
{
	char path[4096], buf[64];
	int dfd;

	memset(a, 0, sizeof(*a));
	snprintf(a->name, sizeof(a->name), "%s", name);
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", classdir, name) >=
	    sizeof(path))
		return -ENAMETOOLONG;
	dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	if (!read_attr(dfd, "size", buf, sizeof(buf)))
		a->has_size = parse_u64(buf, &a->size);
	read_enum_attr(dfd, "backend", a->backend, sizeof(a->backend),
		       cli_backend_name);
	read_enum_attr(dfd, "policy", a->policy, sizeof(a->policy),
		       cli_policy_name);
	if (!read_attr(dfd, "mappings", buf, sizeof(buf)))
		a->has_mappings = parse_u64(buf, &a->mappings);
	if (!read_attr(dfd, "phys_addr", buf, sizeof(buf)))
		a->has_phys = parse_u64(buf, &a->phys_addr) && a->phys_addr;
	close(dfd);
	return 0;
}
