// SPDX-License-Identifier: MIT
/*
 * libmemshare: address translation without the module, from
 * /proc/PID/pagemap (present, swap, soft-dirty, PFN), /proc/PID/maps (the
 * VMAs), and for MS_XLATE_PAGE /proc/kpageflags and /proc/kpagecount (the
 * page's flags and map count).  See Documentation/admin-guide/mm/pagemap.rst.
 *
 * Those files are read in large blocks: a range in chunks of
 * PM_CHUNK entries; a batch sorted by address (the answer keeps the
 * caller's order) and cut into windows of nearby pages, each read once;
 * the page files likewise by PFN.  Never one pread() per page.
 *
 * pagemap shows PFNs and swap entries only to an opener with CAP_SYS_ADMIN
 * (zero otherwise); whether it does is probed once, when the handle is
 * made, on a page of the caller's own stack.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define PM_CHUNK	8192		/* entries per pread() of a range */
#define PM_GAP		64		/* pages between batch neighbours */
#define PM_WINDOW	65536		/* entries per pread() of a batch */
#define KPF_SCAN	4096		/* kpageflags entries per scan read */
#define KPF_SCAN_MAX	(1U << 20)	/* compound pages up to 4 GiB */

/* /proc/kpageflags bits that memshare_page_state.flags shares (0-26, 32-33) */
#define KPF_ANON	12
#define KPF_HEAD	15
#define KPF_TAIL	16
#define KPF_THP		22
#define KPF_ZERO_PAGE	24
#define KPF_MASK	(((1ULL << 27) - 1) | (3ULL << 32))

static int errno_open(int err)
{
	if (err == EACCES || err == EPERM)
		return -EPERM;
	if (err == ENOENT || err == ESRCH)
		return -ESRCH;
	return -err;
}

/* Does a pagemap opened now show PFNs?  Ask about a page of our stack. */
static bool probe_phys(int self_pagemap, unsigned int shift)
{
	volatile char probe[64];
	uint64_t pm = 0;

	probe[0] = 1;
	if (ms__pread_full(self_pagemap, &pm, sizeof(pm),
			   ((uintptr_t)probe >> shift) * sizeof(pm)) !=
	    sizeof(pm))
		return false;
	return (pm & MS_PM_PRESENT) && (pm & MS_PM_PFN_MASK);
}

int ms__xlate_pagemap_open(struct ms_xlate *x)
{
	long psz = sysconf(_SC_PAGESIZE);
	char name[32];
	int self;

	x->backend = MS_BACKEND_PAGEMAP;
	if (x->flags & MS_XLATE_READ)
		return -EOPNOTSUPP;
	x->page_shift = (unsigned int)__builtin_ctzl((unsigned long)psz);
	if (x->pid)
		snprintf(name, sizeof(name), "/proc/%d", x->pid);
	else
		snprintf(name, sizeof(name), "/proc/self");
	x->procdir = open(name, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (x->procdir < 0)
		return errno_open(errno);
	x->real_pid = x->pid ? x->pid : (int)getpid();
	x->pagemap = openat(x->procdir, "pagemap", O_RDONLY | O_CLOEXEC);
	if (x->pagemap < 0)
		return errno_open(errno);

	if (!x->pid) {
		x->phys = probe_phys(x->pagemap, x->page_shift);
	} else {
		self = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
		if (self >= 0) {
			x->phys = probe_phys(self, x->page_shift);
			close(self);
		}
	}
	/* without PFNs there is nothing to look up: PAGE adds nothing */
	if ((x->flags & MS_XLATE_PAGE) && x->phys) {
		x->kpageflags = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
		x->kpagecount = open("/proc/kpagecount", O_RDONLY | O_CLOEXEC);
	}
	return 0;
}

/* What this handle can tell. */
static uint64_t pagemap_known(const struct ms_xlate *x)
{
	uint64_t k = MS_KNOWN_PRESENT | MS_KNOWN_SOFT_DIRTY | MS_KNOWN_SWAP |
		     MS_KNOWN_VMA;

	if (x->phys)
		k |= MS_KNOWN_PFN;
	if (x->flags & MS_XLATE_PATHS)
		k |= MS_KNOWN_PATH;
	if (x->kpageflags >= 0)
		k |= MS_KNOWN_PAGE_FLAGS | MS_KNOWN_COMPOUND;
	if (x->kpagecount >= 0)
		k |= MS_KNOWN_MAPCOUNT;
	return k;
}

void ms__pagemap_decode(uint64_t pm, uint64_t vaddr, unsigned int page_shift,
			bool phys, struct memshare_xlate_entry *e)
{
	uint64_t frame = pm & MS_PM_PFN_MASK;

	if (pm & MS_PM_PRESENT) {
		e->flags |= MEMSHARE_XF_PRESENT;
		if (phys) {
			e->pfn = frame;
			e->paddr = (frame << page_shift) |
				   (vaddr & ((1ULL << page_shift) - 1));
		}
		if (pm & MS_PM_FILE)
			e->page.flags |= MEMSHARE_PS_FILE;
	} else if (pm & MS_PM_SWAP) {
		e->flags |= MEMSHARE_XF_SWAP;
		if (phys) {
			e->swap_type = (uint32_t)(frame &
				((1U << MS_PM_SWAP_TYPE_BITS) - 1));
			e->swap_offset = frame >> MS_PM_SWAP_TYPE_BITS;
		}
	}
	if (pm & MS_PM_SOFT_DIRTY)
		e->flags |= MEMSHARE_XF_SOFT_DIRTY;
	if (phys)
		e->flags |= MEMSHARE_XF_PHYS;
}

/* Fill the VMA part of @out (which is zeroed) and its known bits. */
static void fill_vma(const struct ms_xlate *x, const struct ms__vma *v,
		     uint64_t known, struct ms_xlate_entry *out)
{
	out->known = known;
	out->e.path_offset = MEMSHARE_NO_PATH;
	if (!v)
		return;
	out->e.flags = MEMSHARE_XF_MAPPED;
	out->e.vma_kind = v->kind;
	out->e.vma_flags = v->flags;
	out->e.vma_start = v->start;
	out->e.vma_end = v->end;
	out->e.vma_pgoff = v->pgoff;
	if ((x->flags & MS_XLATE_PATHS) && v->path && v->path[0] != '[')
		out->path = v->path;
}

/* ---- struct page state from /proc/kpageflags and /proc/kpagecount ----- */

struct pslot {
	uint64_t pfn;
	size_t i;			/* entry index */
};

static int pslot_cmp(const void *a, const void *b)
{
	const struct pslot *x = a, *y = b;

	if (x->pfn != y->pfn)
		return x->pfn < y->pfn ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* The compound page last found: [head, head + nr) */
struct compound {
	uint64_t head, nr;
};

/*
 * The head and size of the compound page holding @pfn (flags @kpf), from
 * the HEAD and TAIL bits of its neighbours.  false when they do not add
 * up (the page changed while we looked).
 */
static bool compound_find(struct ms_xlate *x, uint64_t pfn, uint64_t kpf,
			  struct compound *c, uint64_t *buf)
{
	uint64_t head = pfn, p, nr = 1, scanned = 0;
	ssize_t r;
	size_t j, got;

	if (c->nr && pfn >= c->head && pfn - c->head < c->nr)
		return true;
	if (!(kpf & (1ULL << KPF_HEAD))) {
		bool found = false;

		p = pfn;
		while (!found && p && scanned < KPF_SCAN_MAX) {
			uint64_t lo = p > KPF_SCAN ? p - KPF_SCAN : 0;

			r = ms__pread_full(x->kpageflags, buf,
					   (p - lo) * sizeof(*buf),
					   lo * sizeof(*buf));
			if (r != (ssize_t)((p - lo) * sizeof(*buf)))
				return false;
			for (j = p - lo; j-- > 0;) {
				if (buf[j] & (1ULL << KPF_HEAD)) {
					head = lo + j;
					found = true;
					break;
				}
				if (!(buf[j] & (1ULL << KPF_TAIL)))
					return false;
			}
			scanned += p - lo;
			p = lo;
		}
		if (!found)
			return false;
	}
	/* count the tails after the head */
	p = head + 1;
	for (;;) {
		r = ms__pread_full(x->kpageflags, buf, KPF_SCAN * sizeof(*buf),
				   p * sizeof(*buf));
		if (r < 0)
			return false;
		got = (size_t)r / sizeof(*buf);
		for (j = 0; j < got && (buf[j] & (1ULL << KPF_TAIL)); j++)
			;
		nr += j;
		if (j < got || got < KPF_SCAN || nr >= KPF_SCAN_MAX)
			break;
		p += got;
	}
	if (pfn - head >= nr)
		return false;
	c->head = head;
	c->nr = nr;
	return true;
}

static void page_fill(struct ms_xlate *x, struct memshare_xlate_entry *e,
		      uint64_t kpf, uint64_t count, bool have_kpf,
		      bool have_count, struct compound *c, uint64_t *scan,
		      uint64_t *known)
{
	struct memshare_page_state *ps = &e->page;
	bool file = ps->flags & MEMSHARE_PS_FILE;

	memset(ps, 0, sizeof(*ps));
	if (have_kpf) {
		ps->flags = kpf & KPF_MASK;
		/* PM_FILE: a page that is not anonymous (page cache, shmem) */
		if (file && !(kpf & (1ULL << KPF_ANON)))
			ps->flags |= MEMSHARE_PS_FILE;
		if (kpf & (1ULL << KPF_THP))
			e->flags |= MEMSHARE_XF_THP;
		if (kpf & (1ULL << KPF_ZERO_PAGE))
			e->flags |= MEMSHARE_XF_ZERO_PAGE;
		if ((kpf & ((1ULL << KPF_HEAD) | (1ULL << KPF_TAIL)))) {
			if (compound_find(x, e->pfn, kpf, c, scan)) {
				ps->order = (uint32_t)(63 -
					__builtin_clzll(c->nr));
				ps->index = e->pfn - c->head;
			} else {
				*known &= ~MS_KNOWN_COMPOUND;
			}
		}
	}
	if (have_count)
		ps->mapcount = count > INT32_MAX ? INT32_MAX : (int32_t)count;
	if (have_kpf || have_count)
		e->flags |= MEMSHARE_XF_PAGE;
}

/*
 * Fill the page state of the entries @slots[0..n) (present, with a PFN),
 * reading the page files once per window of nearby PFNs.  Entries without
 * a slot get no page state.
 */
static int page_state(struct ms_xlate *x, struct ms_xlate_entry *out,
		      struct pslot *slots, size_t n)
{
	uint64_t *kpf = NULL, *cnt = NULL, *scan = NULL;
	struct compound c = { 0, 0 };
	size_t a, b, k;
	int err = 0;

	if (!n || (x->kpageflags < 0 && x->kpagecount < 0))
		return 0;
	kpf = malloc(PM_WINDOW * sizeof(*kpf));
	cnt = malloc(PM_WINDOW * sizeof(*cnt));
	scan = malloc(KPF_SCAN * sizeof(*scan));
	if (!kpf || !cnt || !scan) {
		err = -ENOMEM;
		goto out;
	}
	qsort(slots, n, sizeof(*slots), pslot_cmp);
	for (a = 0; a < n; a = b) {
		uint64_t first = slots[a].pfn, len;
		ssize_t rk = 0, rc = 0;

		for (b = a + 1; b < n && slots[b].pfn - slots[b - 1].pfn <
		     PM_GAP && slots[b].pfn - first < PM_WINDOW; b++)
			;
		len = slots[b - 1].pfn - first + 1;
		if (x->kpageflags >= 0)
			rk = ms__pread_full(x->kpageflags, kpf,
					    len * sizeof(*kpf),
					    first * sizeof(*kpf));
		if (x->kpagecount >= 0)
			rc = ms__pread_full(x->kpagecount, cnt,
					    len * sizeof(*cnt),
					    first * sizeof(*cnt));
		for (k = a; k < b; k++) {
			uint64_t off = slots[k].pfn - first;
			struct ms_xlate_entry *o = &out[slots[k].i];
			bool hk = rk > 0 && (uint64_t)rk >= (off + 1) * 8;
			bool hc = rc > 0 && (uint64_t)rc >= (off + 1) * 8;

			page_fill(x, &o->e, hk ? kpf[off] : 0,
				  hc ? cnt[off] : 0, hk, hc, &c, scan,
				  &o->known);
		}
	}
out:
	free(kpf);
	free(cnt);
	free(scan);
	return err;
}

/* Without page state, PS_FILE noted by decode goes. */
static void page_clear(struct ms_xlate_entry *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!(out[i].e.flags & MEMSHARE_XF_PAGE))
			memset(&out[i].e.page, 0, sizeof(out[i].e.page));
}

/* ---- batch ------------------------------------------------------------- */

struct aslot {
	uint64_t page;
	size_t i;
};

static int aslot_cmp(const void *a, const void *b)
{
	const struct aslot *x = a, *y = b;

	if (x->page != y->page)
		return x->page < y->page ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

int ms__xlate_pagemap_addrs(struct ms_xlate *x, const uint64_t *addrs,
			    size_t count, struct ms_xlate_entry *out)
{
	uint64_t psz = 1ULL << x->page_shift, known = pagemap_known(x);
	struct aslot *slots = NULL;
	struct pslot *ps = NULL;
	uint64_t *pm = NULL;
	size_t i, a, b, n = 0, np = 0;
	int err;

	err = ms__maps_read(x);
	if (err)
		return err;
	slots = malloc(count * sizeof(*slots));
	pm = malloc(PM_WINDOW * sizeof(*pm));
	if (!slots || !pm) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < count; i++) {
		const struct ms__vma *v = ms__vma_find(x, addrs[i], NULL);

		memset(&out[i], 0, sizeof(out[i]));
		out[i].e.vaddr = addrs[i];
		out[i].e.length = psz - (addrs[i] & (psz - 1));
		fill_vma(x, v, known, &out[i]);
		if (v) {
			slots[n].page = addrs[i] >> x->page_shift;
			slots[n++].i = i;
		}
	}
	qsort(slots, n, sizeof(*slots), aslot_cmp);
	if (x->kpageflags >= 0 || x->kpagecount >= 0) {
		ps = malloc((n ? n : 1) * sizeof(*ps));
		if (!ps) {
			err = -ENOMEM;
			goto out;
		}
	}
	for (a = 0; a < n; a = b) {
		uint64_t first = slots[a].page, len;
		ssize_t r;
		size_t got;

		for (b = a + 1; b < n && slots[b].page - slots[b - 1].page <
		     PM_GAP && slots[b].page - first < PM_WINDOW; b++)
			;
		len = slots[b - 1].page - first + 1;
		r = ms__pread_full(x->pagemap, pm, len * sizeof(*pm),
				   first * sizeof(*pm));
		if (r < 0) {
			err = r == -ESRCH ? -ESRCH : (int)r;
			goto out;
		}
		/* past the end of the address space: nothing there */
		got = (size_t)r / sizeof(*pm);
		if (got < len)
			memset(pm + got, 0, (len - got) * sizeof(*pm));
		for (i = a; i < b; i++) {
			struct ms_xlate_entry *o = &out[slots[i].i];

			ms__pagemap_decode(pm[slots[i].page - first],
					   o->e.vaddr, x->page_shift, x->phys,
					   &o->e);
			if (ps && (o->e.flags & MEMSHARE_XF_PRESENT) &&
			    o->e.pfn) {
				ps[np].pfn = o->e.pfn;
				ps[np++].i = slots[i].i;
			}
		}
	}
	err = page_state(x, out, ps, np);
	page_clear(out, count);
out:
	free(slots);
	free(ps);
	free(pm);
	return err;
}

/* ---- range ------------------------------------------------------------- */

/*
 * May the page with pagemap entry @pm extend the extent whose last page
 * had @last?  The same state, and with PFNs shown the next frame (or the
 * next swap slot of the same swap device).
 */
static bool pm_merge(uint64_t last, uint64_t pm, bool phys)
{
	const uint64_t state = MS_PM_PRESENT | MS_PM_SWAP | MS_PM_SOFT_DIRTY;
	uint64_t lf = last & MS_PM_PFN_MASK, f = pm & MS_PM_PFN_MASK;

	if ((last ^ pm) & state)
		return false;
	if (!phys)
		return true;
	if (pm & MS_PM_PRESENT)
		return f == lf + 1;
	if (pm & MS_PM_SWAP)
		return f == lf + (1U << MS_PM_SWAP_TYPE_BITS);
	return true;
}

int64_t ms__xlate_pagemap_range(struct ms_xlate *x, uint64_t start,
				uint64_t end, struct ms_xlate_entry *out,
				size_t cap, uint64_t *next)
{
	uint64_t psz = 1ULL << x->page_shift, known = pagemap_known(x);
	uint64_t cur = start & ~(psz - 1), e = end + psz - 1, last = 0;
	struct pslot *ps = NULL;
	size_t n = 0, np = 0;
	uint64_t *pm = NULL;
	bool open = false;
	int err;

	e = e < end ? ~(psz - 1) : e & ~(psz - 1);	/* overflow */
	err = ms__maps_read(x);
	if (err)
		return err;
	pm = malloc(PM_CHUNK * sizeof(*pm));
	if (x->kpageflags >= 0 || x->kpagecount >= 0)
		ps = malloc(cap * sizeof(*ps));
	if (!pm || ((x->kpageflags >= 0 || x->kpagecount >= 0) && !ps)) {
		err = -ENOMEM;
		goto out;
	}
	*next = e;
	while (cur < e) {
		size_t vi;
		const struct ms__vma *v = ms__vma_find(x, cur, &vi);
		uint64_t vend;

		if (open) {
			n++;
			open = false;
		}
		if (n == cap) {
			*next = cur;
			break;
		}
		if (!v) {
			/* a gap between VMAs: one extent */
			vend = vi < x->nr_vmas && x->vmas[vi].start < e ?
			       x->vmas[vi].start : e;
			memset(&out[n], 0, sizeof(out[n]));
			out[n].e.vaddr = cur;
			out[n].e.length = vend - cur;
			fill_vma(x, NULL, known, &out[n]);
			n++;
			cur = vend;
			continue;
		}
		vend = v->end < e ? v->end : e;
		while (cur < vend) {
			uint64_t cnt = (vend - cur) >> x->page_shift, k;
			ssize_t r;

			if (cnt > PM_CHUNK)
				cnt = PM_CHUNK;
			r = ms__pread_full(x->pagemap, pm, cnt * sizeof(*pm),
					   (cur >> x->page_shift) *
					   sizeof(*pm));
			if (r < 0) {
				err = (int)r;
				goto out;
			}
			if ((uint64_t)r < cnt * sizeof(*pm))
				memset((char *)pm + r, 0,
				       cnt * sizeof(*pm) - (size_t)r);
			for (k = 0; k < cnt; k++) {
				uint64_t addr = cur + (k << x->page_shift);
				struct ms_xlate_entry *o;

				if (open && pm_merge(last, pm[k], x->phys)) {
					out[n].e.length += psz;
					last = pm[k];
					continue;
				}
				if (open) {
					n++;
					open = false;
				}
				if (n == cap) {
					*next = addr;
					goto done;
				}
				o = &out[n];
				memset(o, 0, sizeof(*o));
				o->e.vaddr = addr;
				o->e.length = psz;
				fill_vma(x, v, known, o);
				ms__pagemap_decode(pm[k], addr, x->page_shift,
						   x->phys, &o->e);
				if (ps && (o->e.flags & MEMSHARE_XF_PRESENT) &&
				    o->e.pfn) {
					ps[np].pfn = o->e.pfn;
					ps[np++].i = n;
				}
				open = true;
				last = pm[k];
			}
			cur += cnt << x->page_shift;
		}
	}
done:
	if (open)
		n++;
	err = page_state(x, out, ps, np);
	page_clear(out, n);
out:
	free(pm);
	free(ps);
	return err ? err : (int64_t)n;
}
