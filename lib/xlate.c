// SPDX-License-Identifier: MIT
/*
 * libmemshare: address translation, the part common to both backends.
 *
 * A handle (struct ms_xlate) is bound to one process and one backend when
 * it is made: the module (MEMSHARE_IOC_XLATE, xlate_module.c) or
 * /proc/PID/pagemap with /proc/PID/maps (xlate_pagemap.c).  The strings an
 * answer points to (ms_xlate_entry.path) live in the handle until its next
 * call, so a handle is used by one thread at a time.
 *
 * This file also reads /proc/PID/maps for the pagemap backend and guesses
 * each VMA's kind from its path (see ms__maps_kind()).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <linux/magic.h>

#include "internal.h"

ssize_t ms__pread_full(int fd, void *buf, size_t len, uint64_t off)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, (char *)buf + done, len - done,
				  (off_t)(off + done));

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return done ? (ssize_t)done : -errno;
		}
		if (!n)
			break;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

/* ---- /proc/PID/maps ---------------------------------------------------- */

static bool has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

#define DELETED " (deleted)"

static bool is_deleted(const char *path, size_t *base_len)
{
	size_t len = strlen(path), dl = strlen(DELETED);

	*base_len = len;
	if (len < dl || strcmp(path + len - dl, DELETED))
		return false;
	*base_len = len - dl;
	return true;
}

unsigned int ms__maps_kind(const char *path, bool shared, bool *need_fs)
{
	size_t base;
	bool deleted;

	*need_fs = false;
	if (!path || !*path)
		return MEMSHARE_VMA_ANON;
	if (path[0] == '[') {
		if (!strcmp(path, "[heap]"))
			return MEMSHARE_VMA_HEAP;
		if (!strcmp(path, "[stack]") || has_prefix(path, "[stack:"))
			return MEMSHARE_VMA_STACK;
		/* prctl(PR_SET_VMA_ANON_NAME) names */
		if (has_prefix(path, "[anon:"))
			return MEMSHARE_VMA_ANON;
		if (has_prefix(path, "[anon_shmem:"))
			return MEMSHARE_VMA_SHMEM;
		return MEMSHARE_VMA_SPECIAL;	/* vdso, vvar, vsyscall, ... */
	}
	/* a buffer fd from MEMSHARE_IOC_CREATE or _OPEN (kmod/file.c) */
	if (!strcmp(path, "anon_inode:memshare"))
		return MEMSHARE_VMA_MEMSHARE;
	if (!strcmp(path, "/dev/" MEMSHARE_CONTROL_NAME) ||
	    has_prefix(path, "/dev/" MEMSHARE_NAMED_PREFIX))
		return MEMSHARE_VMA_MEMSHARE;
	if (path[0] != '/')			/* anon_inode:..., socket:... */
		return MEMSHARE_VMA_FILE;

	deleted = is_deleted(path, &base);
	/* MAP_SHARED | MAP_ANONYMOUS is a shmem file named /dev/zero */
	if (deleted && base == strlen("/dev/zero") &&
	    !strncmp(path, "/dev/zero", base))
		return MEMSHARE_VMA_SHMEM;
	/* MAP_PRIVATE of /dev/zero is anonymous memory */
	if (!strcmp(path, "/dev/zero") && !shared)
		return MEMSHARE_VMA_ANON;
	/* MAP_HUGETLB without a file */
	if (deleted && base == strlen("/anon_hugepage") &&
	    !strncmp(path, "/anon_hugepage", base))
		return MEMSHARE_VMA_HUGETLB;
	*need_fs = true;
	/* memfd_create() and SysV shm: shmem, unless on hugetlbfs */
	if (has_prefix(path, "/memfd:") || has_prefix(path, "/SYSV"))
		return MEMSHARE_VMA_SHMEM;
	return MEMSHARE_VMA_FILE;
}

int ms__maps_parse_line(char *line, struct ms__vma *v)
{
	unsigned long long start, end, off;
	unsigned int dmaj, dmin;
	unsigned long long ino;
	char perms[8];
	int n = -1;
	char *path;
	bool need_fs;

	if (sscanf(line, "%llx-%llx %7s %llx %x:%x %llu %n", &start, &end,
		   perms, &off, &dmaj, &dmin, &ino, &n) < 7 || n < 0 ||
	    strlen(perms) < 4 || start >= end)
		return -EINVAL;
	path = line + n;
	while (*path == ' ')
		path++;
	memset(v, 0, sizeof(*v));
	v->start = start;
	v->end = end;
	v->pgoff = off / (unsigned long long)sysconf(_SC_PAGESIZE);
	if (perms[0] == 'r')
		v->flags |= MEMSHARE_VMA_F_READ;
	if (perms[1] == 'w')
		v->flags |= MEMSHARE_VMA_F_WRITE;
	if (perms[2] == 'x')
		v->flags |= MEMSHARE_VMA_F_EXEC;
	if (perms[3] == 's')
		v->flags |= MEMSHARE_VMA_F_SHARED;
	v->path = *path ? path : NULL;
	v->kind = ms__maps_kind(v->path, perms[3] == 's', &need_fs);
	return need_fs ? 1 : 0;
}

/*
 * The kind of a file mapping from the file itself: through
 * /proc/PID/map_files/ (CAP_SYS_ADMIN; sees deleted files and memfds as
 * they are), else through the path in the process's root.
 */
static unsigned int maps_kind_fs(struct ms_xlate *x, const struct ms__vma *v,
				 unsigned int guess)
{
	char name[64 + 4096];
	struct statfs sfs;
	struct stat st;
	size_t base;
	int fd = -1;

	if (!x->no_map_files) {
		snprintf(name, sizeof(name), "map_files/%" PRIx64 "-%" PRIx64,
			 v->start, v->end);
		fd = openat(x->procdir, name, O_PATH | O_CLOEXEC);
		if (fd < 0 && (errno == EPERM || errno == EACCES))
			x->no_map_files = true;
	}
	if (fd < 0 && !is_deleted(v->path, &base)) {
		if (x->pid)
			snprintf(name, sizeof(name), "/proc/%d/root%s",
				 x->real_pid, v->path);
		else
			snprintf(name, sizeof(name), "%s", v->path);
		fd = open(name, O_PATH | O_CLOEXEC);
	}
	if (fd < 0)
		return guess;
	if (fstat(fd, &st) || fstatfs(fd, &sfs)) {
		close(fd);
		return guess;
	}
	close(fd);
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		return MEMSHARE_VMA_FILE;	/* a device (devtmpfs) */
	if (sfs.f_type == HUGETLBFS_MAGIC)
		return MEMSHARE_VMA_HUGETLB;
	if (sfs.f_type == TMPFS_MAGIC)
		return MEMSHARE_VMA_SHMEM;
	return MEMSHARE_VMA_FILE;
}

/*
 * The kind of a file VMA: as the previous read found it when the VMA is
 * the same (bounds and path), else from the file system.
 */
static unsigned int maps_kind_prev(struct ms_xlate *x, const struct ms__vma *v)
{
	const struct ms__vma *old = ms__vma_find(x, v->start, NULL);

	if (old && old->start == v->start && old->end == v->end &&
	    old->path && !strcmp(old->path, v->path))
		return old->kind;
	return maps_kind_fs(x, v, v->kind);
}

static int maps_slurp(struct ms_xlate *x, char **textp, size_t *lenp)
{
	size_t len = 0, cap = 64 << 10;
	char *text = malloc(cap + 1), *p;
	int fd, err = 0;

	if (!text)
		return -ENOMEM;
	fd = openat(x->procdir, "maps", O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = errno == ENOENT ? -ESRCH :
		      errno == EACCES ? -EPERM : -errno;
		free(text);
		return err;
	}
	for (;;) {
		ssize_t n;

		if (len == cap) {
			p = realloc(text, cap * 2 + 1);
			if (!p) {
				err = -ENOMEM;
				break;
			}
			text = p;
			cap *= 2;
		}
		n = read(fd, text + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			/* the process exited while we read */
			err = errno == ESRCH ? -ESRCH : -errno;
			break;
		}
		if (!n)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (err) {
		free(text);
		return err;
	}
	text[len] = '\0';
	*textp = text;
	*lenp = len;
	return 0;
}

int ms__maps_read(struct ms_xlate *x)
{
	struct ms__vma *vmas = NULL, *nv;
	size_t len = 0, nr = 0, cap = 0;
	char *text = NULL, *line, *nl;
	int err;

	err = maps_slurp(x, &text, &len);
	if (err)
		return err;
	for (line = text; line < text + len && *line; line = nl + 1) {
		struct ms__vma v;
		int r;

		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line);
		*nl = '\0';
		r = ms__maps_parse_line(line, &v);
		if (r < 0)
			continue;
		if (r > 0)
			v.kind = maps_kind_prev(x, &v);
		if (v.kind == MEMSHARE_VMA_HUGETLB)
			v.flags |= MEMSHARE_VMA_F_HUGETLB;
		if (v.kind == MEMSHARE_VMA_STACK)
			v.flags |= MEMSHARE_VMA_F_GROWSDOWN;
		if (nr == cap) {
			cap = cap ? cap * 2 : 64;
			nv = realloc(vmas, cap * sizeof(*vmas));
			if (!nv) {
				free(vmas);
				free(text);
				return -ENOMEM;
			}
			vmas = nv;
		}
		vmas[nr++] = v;
		if (nl == text + len)
			break;
	}
	free(x->vmas);
	free(x->maps_text);
	x->vmas = vmas;
	x->nr_vmas = nr;
	x->maps_text = text;
	return 0;
}

const struct ms__vma *ms__vma_find(const struct ms_xlate *x, uint64_t addr,
				   size_t *next)
{
	size_t lo = 0, hi = x->nr_vmas;

	/* the first VMA whose end is above @addr */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (x->vmas[mid].end <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < x->nr_vmas && x->vmas[lo].start <= addr) {
		if (next)
			*next = lo + 1;
		return &x->vmas[lo];
	}
	if (next)
		*next = lo;
	return NULL;
}

/* ---- the public API ---------------------------------------------------- */

MS_EXPORT int ms_xlate_new(const struct ms_xlate_opts *opts,
			   struct ms_xlate **out)
{
	struct ms_xlate *x;
	int backend, err;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!ms__opts_valid(opts, sizeof(*opts), opts ? opts->sz : 0))
		return -EINVAL;
	if (MS_OPTS_GET(opts, __pad, 0))
		return -EINVAL;
	backend = MS_OPTS_GET(opts, backend, MS_BACKEND_AUTO);
	if (backend != MS_BACKEND_AUTO && backend != MS_BACKEND_MODULE &&
	    backend != MS_BACKEND_PAGEMAP)
		return -EINVAL;

	x = calloc(1, sizeof(*x));
	if (!x)
		return -ENOMEM;
	x->pid = MS_OPTS_GET(opts, pid, 0);
	x->flags = MS_OPTS_GET(opts, flags, 0);
	x->ctl = x->procdir = x->pagemap = -1;
	x->kpageflags = x->kpagecount = -1;
	if (x->pid < 0 || (x->flags & ~(unsigned int)(MS_XLATE_PAGE |
		MS_XLATE_PATHS | MS_XLATE_READ))) {
		free(x);
		return -EINVAL;
	}

	err = -ENODEV;
	if (backend != MS_BACKEND_PAGEMAP) {
		err = ms__xlate_module_open(x);
		/* AUTO: no module, or one without MEMSHARE_FEAT_XLATE */
		if (backend == MS_BACKEND_AUTO &&
		    (err == -ENODEV || err == -EOPNOTSUPP))
			backend = MS_BACKEND_PAGEMAP;
	}
	if (backend == MS_BACKEND_PAGEMAP)
		err = ms__xlate_pagemap_open(x);
	if (err) {
		ms_xlate_free(x);
		return err;
	}
	*out = x;
	return 0;
}

static void strtabs_free(struct ms_xlate *x)
{
	size_t i;

	for (i = 0; i < x->nr_strtabs; i++)
		free(x->strtabs[i]);
	x->nr_strtabs = 0;
}

MS_EXPORT void ms_xlate_free(struct ms_xlate *x)
{
	if (!x)
		return;
	strtabs_free(x);
	free(x->strtabs);
	free(x->vmas);
	free(x->maps_text);
	if (x->ctl >= 0)
		close(x->ctl);
	if (x->procdir >= 0)
		close(x->procdir);
	if (x->pagemap >= 0)
		close(x->pagemap);
	if (x->kpageflags >= 0)
		close(x->kpageflags);
	if (x->kpagecount >= 0)
		close(x->kpagecount);
	free(x);
}

MS_EXPORT int ms_xlate_backend(const struct ms_xlate *x)
{
	return x ? x->backend : -EINVAL;
}

MS_EXPORT int ms_xlate_addrs(struct ms_xlate *x, const uint64_t *addrs,
			     size_t count, struct ms_xlate_entry *out)
{
	if (!x)
		return -EINVAL;
	if (!count)
		return 0;
	if (!addrs || !out)
		return -EINVAL;
	strtabs_free(x);
	if (x->backend == MS_BACKEND_MODULE)
		return ms__xlate_module_addrs(x, addrs, count, out);
	return ms__xlate_pagemap_addrs(x, addrs, count, out);
}

MS_EXPORT int64_t ms_xlate_range(struct ms_xlate *x, uint64_t start,
				 uint64_t end, struct ms_xlate_entry *out,
				 size_t cap, uint64_t *next)
{
	int64_t n;
	uint64_t nx = start;

	if (!x || !out || !cap || start > end)
		return -EINVAL;
	if (next)
		*next = end;
	if (start == end)
		return 0;
	strtabs_free(x);
	if (x->backend == MS_BACKEND_MODULE)
		n = ms__xlate_module_range(x, start, end, out, cap, &nx);
	else
		n = ms__xlate_pagemap_range(x, start, end, out, cap, &nx);
	if (n >= 0 && next)
		*next = nx >= end ? end : nx;
	return n;
}
