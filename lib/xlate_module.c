// SPDX-License-Identifier: MIT
/*
 * libmemshare: address translation through the module (MEMSHARE_IOC_XLATE),
 * and kernel address classification (MEMSHARE_IOC_KADDR).
 *
 * The kernel writes its entries straight into the caller's
 * struct ms_xlate_entry array: entry_size is sizeof(struct ms_xlate_entry),
 * so each memshare_xlate_entry is followed by the library's known and path
 * fields, which the kernel zeroes and the library fills after the call.
 * Large requests are split into chunks of MS_XLATE_CHUNK entries, each with
 * its own string table, kept in the handle until its next call.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "internal.h"

#define MS_XLATE_CHUNK		16384
#define MS_STRTAB_FIRST		(64U << 10)
#define MS_STRTAB_MAX		(16U << 20)

static int xlate_ioctl(int fd, unsigned long cmd, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, cmd, arg);
	} while (ret == -1 && errno == EINTR);
	return ret == -1 ? -errno : ret;
}

/* What the module fills, given the handle's flags. */
static uint64_t module_known(const struct ms_xlate *x)
{
	uint64_t k = MS_KNOWN_PRESENT | MS_KNOWN_LEVEL | MS_KNOWN_ENTRIES |
		     MS_KNOWN_BITS | MS_KNOWN_SOFT_DIRTY | MS_KNOWN_SWAP |
		     MS_KNOWN_VMA;

	if (x->flags & MS_XLATE_PATHS)
		k |= MS_KNOWN_PATH;
	if (x->flags & MS_XLATE_PAGE)
		k |= MS_KNOWN_PAGE_FLAGS | MS_KNOWN_MAPCOUNT |
		     MS_KNOWN_REFCOUNT | MS_KNOWN_COMPOUND | MS_KNOWN_ZONE;
	if (x->flags & MS_XLATE_READ)
		k |= MS_KNOWN_DATA;
	return k;
}

static int xlate_call(struct ms_xlate *x, struct memshare_xlate *req)
{
	req->size = sizeof(*req);
	req->pid = x->pid;
	req->entry_size = sizeof(struct ms_xlate_entry);
	req->flags |= x->flags & (MS_XLATE_PAGE | MS_XLATE_PATHS |
				  MS_XLATE_READ);
	return xlate_ioctl(x->ctl, MEMSHARE_IOC_XLATE, req);
}

int ms__xlate_module_open(struct ms_xlate *x)
{
	struct memshare_version v;
	int err;

	x->backend = MS_BACKEND_MODULE;
	x->ctl = open(MS_CONTROL_PATH, O_RDWR | O_CLOEXEC);
	if (x->ctl < 0 && errno == EACCES)
		x->ctl = open(MS_CONTROL_PATH, O_RDONLY | O_CLOEXEC);
	if (x->ctl < 0) {
		err = errno;
		if (err == ENOENT || err == ENODEV || err == ENXIO)
			return -ENODEV;
		return -err;
	}
	err = ms_version(x->ctl, &v);
	if (err == -ENOTTY || (!err && !(v.features & MEMSHARE_FEAT_XLATE)))
		err = -EOPNOTSUPP;	/* a module older than ABI 1.2 */
	if (err)
		goto fail;

	/* another process: surface -EPERM/-ESRCH now */
	if (x->pid) {
		struct ms_xlate_entry e;
		struct memshare_xlate req;
		uint64_t addr = 0;

		memset(&req, 0, sizeof(req));
		req.addrs_ptr = (uintptr_t)&addr;
		req.entries_ptr = (uintptr_t)&e.e;
		req.count = 1;
		req.flags = 0;
		req.size = sizeof(req);
		req.pid = x->pid;
		req.entry_size = sizeof(e);
		err = xlate_ioctl(x->ctl, MEMSHARE_IOC_XLATE, &req);
		if (err > 0)
			err = 0;
		if (err)
			goto fail;
	}
	return 0;
fail:
	close(x->ctl);
	x->ctl = -1;
	return err;
}

/* A new string table of @size bytes, owned by the handle. */
static char *strtab_new(struct ms_xlate *x, size_t size)
{
	char *t;

	if (x->nr_strtabs == x->cap_strtabs) {
		size_t cap = x->cap_strtabs ? x->cap_strtabs * 2 : 8;
		char **n = realloc(x->strtabs, cap * sizeof(*n));

		if (!n)
			return NULL;
		x->strtabs = n;
		x->cap_strtabs = cap;
	}
	t = malloc(size);
	if (t)
		x->strtabs[x->nr_strtabs++] = t;
	return t;
}

/* Drop the handle's newest string table (a retry with a bigger one). */
static void strtab_drop_last(struct ms_xlate *x)
{
	free(x->strtabs[--x->nr_strtabs]);
}

/*
 * Did a path not fit?  Some VMA got MEMSHARE_NO_PATH while the table had
 * less than PATH_MAX bytes left.
 */
static bool strtab_overflowed(const struct memshare_xlate *req,
			      const struct ms_xlate_entry *out, size_t n)
{
	size_t i;

	if (req->strtab_size - req->strtab_used >= PATH_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (out[i].e.vma_kind != MEMSHARE_VMA_NONE &&
		    out[i].e.path_offset == MEMSHARE_NO_PATH)
			return true;
	return false;
}

/* Set known and path of @n entries after a call with string table @tab. */
static int finish(struct ms_xlate *x, const struct memshare_xlate *req,
		  const char *tab, struct ms_xlate_entry *out, size_t n)
{
	uint64_t known = module_known(x);
	size_t i;

	for (i = 0; i < n; i++) {
		uint32_t off = out[i].e.path_offset;

		out[i].known = known;
		if (!(out[i].e.flags & MEMSHARE_XF_PHYS))
			out[i].known &= ~MS_KNOWN_PFN;
		else
			out[i].known |= MS_KNOWN_PFN;
		out[i].path = NULL;
		if (!tab || off == MEMSHARE_NO_PATH)
			continue;
		if (off >= req->strtab_used ||
		    !memchr(tab + off, '\0', req->strtab_used - off))
			return -EIO;	/* never from a sane kernel */
		out[i].path = tab + off;
	}
	return 0;
}

/*
 * One ioctl, with a string table when paths are asked for, grown and
 * retried while paths do not fit.  @n is the number of entries written.
 */
static int xlate_chunk(struct ms_xlate *x, struct memshare_xlate *in,
		       struct ms_xlate_entry *out, size_t *n)
{
	size_t size = MS_STRTAB_FIRST;
	struct memshare_xlate req;
	char *tab = NULL;
	int err;

	for (;;) {
		req = *in;
		if (x->flags & MS_XLATE_PATHS) {
			tab = strtab_new(x, size);
			if (!tab)
				return -ENOMEM;
			req.strtab_ptr = (uintptr_t)tab;
			req.strtab_size = (uint32_t)size;
		}
		err = xlate_call(x, &req);
		if (err < 0)
			return err;
		*n = (in->flags & MEMSHARE_XLATE_RANGE) ? req.count : in->count;
		if (*n > in->count)
			return -EIO;
		if (!tab || size >= MS_STRTAB_MAX ||
		    !strtab_overflowed(&req, out, *n))
			break;
		strtab_drop_last(x);
		size *= 4;
	}
	*in = req;
	return finish(x, &req, tab, out, *n);
}

int ms__xlate_module_addrs(struct ms_xlate *x, const uint64_t *addrs,
			   size_t count, struct ms_xlate_entry *out)
{
	size_t done = 0;

	while (done < count) {
		struct memshare_xlate req;
		size_t chunk = count - done, n;
		int err;

		if (chunk > MS_XLATE_CHUNK)
			chunk = MS_XLATE_CHUNK;
		memset(&req, 0, sizeof(req));
		req.addrs_ptr = (uintptr_t)(addrs + done);
		req.entries_ptr = (uintptr_t)&out[done].e;
		req.count = chunk;
		err = xlate_chunk(x, &req, out + done, &n);
		if (err)
			return err;
		done += chunk;
	}
	return 0;
}

int64_t ms__xlate_module_range(struct ms_xlate *x, uint64_t start,
			       uint64_t end, struct ms_xlate_entry *out,
			       size_t cap, uint64_t *next)
{
	uint64_t cur = start;
	size_t done = 0;

	while (done < cap && cur < end) {
		struct memshare_xlate req;
		size_t chunk = cap - done, n;
		int err;

		if (chunk > MS_XLATE_CHUNK)
			chunk = MS_XLATE_CHUNK;
		memset(&req, 0, sizeof(req));
		req.flags = MEMSHARE_XLATE_RANGE;
		req.entries_ptr = (uintptr_t)&out[done].e;
		req.count = chunk;
		req.start = cur;
		req.end = end;
		err = xlate_chunk(x, &req, out + done, &n);
		if (err)
			return err;
		done += n;
		if (req.next <= cur && !n)
			break;		/* no progress: never from a sane kernel */
		cur = req.next;
	}
	*next = cur;
	return (int64_t)done;
}

MS_EXPORT int ms_kaddr(int ctl, uint64_t addr, struct memshare_kaddr *out)
{
	int ret;

	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	out->size = sizeof(*out);
	out->addr = addr;
	ret = xlate_ioctl(ctl, MEMSHARE_IOC_KADDR, out);
	return ret < 0 ? ret : 0;
}
