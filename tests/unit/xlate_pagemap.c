// SPDX-License-Identifier: MIT
/*
 * ms_xlate_* with the pagemap backend forced, on the test's own process:
 * presence, PFNs (as /proc/self/pagemap shows them), VMA kinds and paths,
 * page state, the range form's extents and the batch form against one
 * address at a time.  PFN and page-state checks need CAP_SYS_ADMIN (the
 * host runs the tests as root); without it they check that PFNs are hidden.
 */
#include <fcntl.h>
#include <limits.h>
#include <sys/statfs.h>
#include <linux/magic.h>

#include <memshare.h>

#include "../../lib/internal.h"
#include "testutil.h"

#define PG 4096UL

static struct ms_xlate *x;
static bool phys;

static uint64_t pagemap_of(const void *p)
{
	uint64_t pm = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0 || pread(fd, &pm, 8, (off_t)((uintptr_t)p / PG * 8)) != 8)
		pm = 0;
	if (fd >= 0)
		close(fd);
	return pm;
}

static struct ms_xlate_entry one(const void *p)
{
	struct ms_xlate_entry e;
	uint64_t a = (uintptr_t)p;

	memset(&e, 0xa5, sizeof(e));
	CHECK_INT(ms_xlate_addrs(x, &a, 1, &e), 0);
	return e;
}

static void test_anon(void)
{
	char *p = mmap(NULL, 16 * PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct ms_xlate_entry e;
	uint64_t pm;

	CHECK(p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	p[0] = 1;
	p[2 * PG] = 1;
	CHECK_INT(munmap(p + 15 * PG, PG), 0);

	/* touched: present, with the PFN pagemap shows */
	e = one(p + 123);
	pm = pagemap_of(p);
	CHECK_U64(e.e.vaddr, (uintptr_t)p + 123);
	CHECK_U64(e.e.length, PG - 123);
	CHECK(e.e.flags & MEMSHARE_XF_MAPPED);
	CHECK(e.e.flags & MEMSHARE_XF_PRESENT);
	CHECK(!(e.e.flags & MEMSHARE_XF_SWAP));
	CHECK_INT(e.e.vma_kind, MEMSHARE_VMA_ANON);
	CHECK_U64(e.e.vma_start, (uintptr_t)p);
	CHECK_U64(e.e.vma_end, (uintptr_t)p + 15 * PG);
	CHECK_INT(e.e.vma_flags, MEMSHARE_VMA_F_READ | MEMSHARE_VMA_F_WRITE);
	CHECK_U64(e.e.vma_pgoff, 0);	/* maps shows 0 for anonymous VMAs */
	CHECK(e.path == NULL);
	CHECK_INT(e.e.level, MEMSHARE_LEVEL_NONE);
	CHECK_U64(e.e.page_size, 0);
	CHECK(e.known & MS_KNOWN_PRESENT);
	CHECK(e.known & MS_KNOWN_VMA);
	CHECK(!(e.known & (MS_KNOWN_LEVEL | MS_KNOWN_ENTRIES |
			   MS_KNOWN_BITS | MS_KNOWN_REFCOUNT |
			   MS_KNOWN_ZONE | MS_KNOWN_DATA)));
	if (phys) {
		CHECK(e.e.flags & MEMSHARE_XF_PHYS);
		CHECK(e.known & MS_KNOWN_PFN);
		CHECK(e.e.pfn != 0);
		CHECK_U64(e.e.pfn, pm & MS_PM_PFN_MASK);
		CHECK_U64(e.e.paddr, e.e.pfn * PG + 123);
	} else {
		CHECK(!(e.e.flags & MEMSHARE_XF_PHYS));
		CHECK(!(e.known & MS_KNOWN_PFN));
		CHECK_U64(e.e.pfn, 0);
		CHECK_U64(e.e.paddr, 0);
	}

	/* never touched: mapped, not present */
	e = one(p + PG);
	CHECK(e.e.flags & MEMSHARE_XF_MAPPED);
	CHECK(!(e.e.flags & MEMSHARE_XF_PRESENT));
	CHECK_U64(e.e.pfn, 0);
	CHECK_INT(e.e.vma_kind, MEMSHARE_VMA_ANON);

	/* unmapped: nothing */
	e = one(p + 15 * PG + 8);
	CHECK_U64(e.e.flags, 0);
	CHECK_INT(e.e.vma_kind, MEMSHARE_VMA_NONE);
	CHECK_U64(e.e.vma_start, 0);
	CHECK_U64(e.e.length, PG - 8);
	CHECK(e.path == NULL);

	/* madvise(MADV_DONTNEED): not present any more */
	CHECK_INT(madvise(p + 2 * PG, PG, MADV_DONTNEED), 0);
	e = one(p + 2 * PG);
	CHECK(e.e.flags & MEMSHARE_XF_MAPPED);
	CHECK(!(e.e.flags & MEMSHARE_XF_PRESENT));
	munmap(p, 15 * PG);
}

/* The page state of a touched anonymous page (root: /proc/kpage*). */
static void test_page_state(void)
{
	MS_OPTS(ms_xlate_opts, o, .backend = MS_BACKEND_PAGEMAP,
		.flags = MS_XLATE_PAGE);
	struct ms_xlate *px;
	struct ms_xlate_entry e;
	char *p = mmap(NULL, PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t a = (uintptr_t)p;

	CHECK(p != MAP_FAILED);
	CHECK_INT(ms_xlate_new(&o, &px), 0);
	if (p == MAP_FAILED || !px)
		return;
	p[0] = 1;
	CHECK_INT(ms_xlate_addrs(px, &a, 1, &e), 0);
	if (access("/proc/kpageflags", R_OK) || !phys) {
		CHECK(!(e.known & MS_KNOWN_PAGE_FLAGS));
		CHECK(!(e.e.flags & MEMSHARE_XF_PAGE));
		CHECK_U64(e.e.page.flags, 0);
	} else {
		CHECK(e.known & MS_KNOWN_PAGE_FLAGS);
		CHECK(e.known & MS_KNOWN_MAPCOUNT);
		CHECK(e.known & MS_KNOWN_COMPOUND);
		CHECK(!(e.known & (MS_KNOWN_REFCOUNT | MS_KNOWN_ZONE)));
		CHECK(e.e.flags & MEMSHARE_XF_PAGE);
		CHECK(e.e.page.flags & MEMSHARE_PS_ANON);
		CHECK(e.e.page.flags & MEMSHARE_PS_MMAP);
		CHECK(!(e.e.page.flags & MEMSHARE_PS_FILE));
		CHECK_INT(e.e.page.mapcount, 1);
		CHECK_INT(e.e.page.refcount, 0);
	}
	munmap(p, PG);

	/* a THP, if the kernel makes one: order 9, index of the page */
	p = mmap(NULL, 4UL << 20, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED) {
		char *h = (char *)(((uintptr_t)p + (2UL << 20) - 1) &
				   ~((2UL << 20) - 1));

		madvise(h, 2UL << 20, MADV_HUGEPAGE);
		memset(h, 1, 2UL << 20);
		a = (uintptr_t)h + 5 * PG;
		CHECK_INT(ms_xlate_addrs(px, &a, 1, &e), 0);
		if (e.e.flags & MEMSHARE_XF_THP) {
			CHECK(e.e.page.flags & MEMSHARE_PS_THP);
			CHECK(e.e.page.flags & MEMSHARE_PS_TAIL);
			CHECK_INT(e.e.page.order, 9);
			CHECK_U64(e.e.page.index, 5);
			a = (uintptr_t)h;
			CHECK_INT(ms_xlate_addrs(px, &a, 1, &e), 0);
			CHECK(e.e.page.flags & MEMSHARE_PS_HEAD);
			CHECK_INT(e.e.page.order, 9);
			CHECK_U64(e.e.page.index, 0);
		} else {
			printf("# no THP here: compound checks not done\n");
		}
		munmap(p, 4UL << 20);
	}
	ms_xlate_free(px);
}

static bool on_fs(const char *path, long magic)
{
	struct statfs s;

	return !statfs(path, &s) && s.f_type == magic;
}

static void test_kinds(void)
{
	MS_OPTS(ms_xlate_opts, o, .backend = MS_BACKEND_PAGEMAP,
		.flags = MS_XLATE_PATHS);
	char exe[PATH_MAX], *p, *heap;
	struct ms_xlate *px = NULL;
	struct ms_xlate_entry e;
	int stack_var = 1;
	uint64_t a;
	int fd;

	CHECK_INT(ms_xlate_new(&o, &px), 0);
	if (!px)
		return;

	/* a file: this program (or shmem, when the build is on tmpfs) */
	CHECK(realpath("/proc/self/exe", exe) != NULL);
	fd = open(exe, O_RDONLY);
	CHECK(fd >= 0);
	p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, PG);
	CHECK(p != MAP_FAILED);
	a = (uintptr_t)p;
	CHECK_INT(ms_xlate_addrs(px, &a, 1, &e), 0);
	CHECK_INT(e.e.vma_kind, on_fs(exe, TMPFS_MAGIC) ? MEMSHARE_VMA_SHMEM :
		  MEMSHARE_VMA_FILE);
	CHECK_STR(e.path, exe);
	CHECK(e.known & MS_KNOWN_PATH);
	CHECK_U64(e.e.vma_pgoff, 1);
	CHECK_INT(e.e.vma_flags, MEMSHARE_VMA_F_READ);
	munmap(p, PG);
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	a = (uintptr_t)p;
	CHECK_INT(ms_xlate_addrs(px, &a, 1, &e), 0);
	CHECK_STR(e.path, exe);
	CHECK(e.e.vma_flags & MEMSHARE_VMA_F_READ);
	munmap(p, PG);
	close(fd);

	/* memfd: shmem */
	fd = memfd_create("xlate-test", MFD_CLOEXEC);
	CHECK(fd >= 0);
	CHECK_INT(ftruncate(fd, PG), 0);
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	p[0] = 1;
	a = (uintptr_t)p;
	CHECK_INT(ms_xlate_addrs(px, &a, 1, &e), 0);
	CHECK_INT(e.e.vma_kind, MEMSHARE_VMA_SHMEM);
	CHECK(e.e.vma_flags & MEMSHARE_VMA_F_SHARED);
	CHECK(e.e.flags & MEMSHARE_XF_PRESENT);
	CHECK(e.path && !strncmp(e.path, "/memfd:xlate-test", 17));
	munmap(p, PG);
	close(fd);

	/* MAP_SHARED | MAP_ANONYMOUS: shmem */
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		 -1, 0);
	CHECK(p != MAP_FAILED);
	a = (uintptr_t)p;
	CHECK_INT(ms_xlate_addrs(px, &a, 1, &e), 0);
	CHECK_INT(e.e.vma_kind, MEMSHARE_VMA_SHMEM);
	munmap(p, PG);

	/* the stack */
	a = (uintptr_t)&stack_var;
	CHECK_INT(ms_xlate_addrs(px, &a, 1, &e), 0);
	CHECK_INT(e.e.vma_kind, MEMSHARE_VMA_STACK);
	CHECK(e.e.flags & MEMSHARE_XF_PRESENT);
	CHECK(e.path == NULL);

	/* the brk heap */
	heap = sbrk(0);
	if (sbrk(PG) != (void *)-1) {
		heap[0] = 1;
		a = (uintptr_t)heap;
		CHECK_INT(ms_xlate_addrs(px, &a, 1, &e), 0);
		CHECK_INT(e.e.vma_kind, MEMSHARE_VMA_HEAP);
		CHECK(e.e.flags & MEMSHARE_XF_PRESENT);
		CHECK(e.path == NULL);
	}

	/* PROT_NONE: mapped, not present */
	p = mmap(NULL, PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	a = (uintptr_t)p;
	CHECK_INT(ms_xlate_addrs(px, &a, 1, &e), 0);
	CHECK(e.e.flags & MEMSHARE_XF_MAPPED);
	CHECK(!(e.e.flags & MEMSHARE_XF_PRESENT));
	CHECK_INT(e.e.vma_flags, 0);
	munmap(p, PG);
	ms_xlate_free(px);
}

/*
 * Range: [touched x2][hole x2][untouched x2][hole x2] gives the present
 * pages (one extent, or one per physical run), one gap, one not-present
 * extent, one gap; the same extents with cap 1 and resuming from next.
 */
static void test_range(void)
{
	struct ms_xlate_entry ext[16], e1;
	uint64_t next = 0, cur, base, end;
	int64_t n, i, m;
	char *p = mmap(NULL, 8 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	CHECK(p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	CHECK_INT(mprotect(p, 2 * PG, PROT_READ | PROT_WRITE), 0);
	CHECK_INT(mprotect(p + 4 * PG, 2 * PG, PROT_READ), 0);
	CHECK_INT(munmap(p + 2 * PG, 2 * PG), 0);
	CHECK_INT(munmap(p + 6 * PG, 2 * PG), 0);
	p[0] = 1;
	p[PG] = 1;
	base = (uintptr_t)p;
	end = base + 8 * PG;

	/* start and end are rounded out to pages */
	n = ms_xlate_range(x, base + 5, end - 7, ext, 16, &next);
	CHECK(n >= 4 && n <= 5);
	CHECK_U64(next, end - 7);
	if (n < 4 || n > 5)
		goto out;
	for (i = 0; i < n - 3; i++) {
		CHECK(ext[i].e.flags & MEMSHARE_XF_PRESENT);
		CHECK_U64(ext[i].e.vma_start, base);
		if (i && phys)	/* not merged: not contiguous */
			CHECK(ext[i].e.pfn != ext[i - 1].e.pfn +
			      ext[i - 1].e.length / PG);
	}
	CHECK_U64(ext[0].e.vaddr, base);
	CHECK_U64(ext[n - 4].e.vaddr + ext[n - 4].e.length, base + 2 * PG);
	if (phys && n == 4)
		CHECK_U64(ext[0].e.pfn, pagemap_of(p) & MS_PM_PFN_MASK);
	CHECK_U64(ext[n - 3].e.vaddr, base + 2 * PG);
	CHECK_U64(ext[n - 3].e.length, 2 * PG);
	CHECK_U64(ext[n - 3].e.flags, 0);
	CHECK_INT(ext[n - 3].e.vma_kind, MEMSHARE_VMA_NONE);
	CHECK_U64(ext[n - 2].e.vaddr, base + 4 * PG);
	CHECK_U64(ext[n - 2].e.length, 2 * PG);
	CHECK(ext[n - 2].e.flags & MEMSHARE_XF_MAPPED);
	CHECK(!(ext[n - 2].e.flags & MEMSHARE_XF_PRESENT));
	CHECK_INT(ext[n - 2].e.vma_flags, MEMSHARE_VMA_F_READ);
	CHECK_U64(ext[n - 1].e.vaddr, base + 6 * PG);
	CHECK_U64(ext[n - 1].e.flags, 0);

	/* one at a time */
	for (cur = base, m = 0; cur < end && m < 16; m++) {
		CHECK_INT(ms_xlate_range(x, cur, end, &e1, 1, &next), 1);
		CHECK_U64(e1.e.vaddr, ext[m].e.vaddr);
		CHECK_U64(e1.e.length, ext[m].e.length);
		CHECK_U64(e1.e.flags, ext[m].e.flags);
		CHECK_U64(next, e1.e.vaddr + e1.e.length);
		cur = next;
	}
	CHECK_INT(m, n);
	CHECK_U64(cur, end);

	/* empty and bad ranges */
	CHECK_INT(ms_xlate_range(x, base, base, ext, 16, &next), 0);
	CHECK_U64(next, base);
	CHECK_INT(ms_xlate_range(x, end, base, ext, 16, &next), -EINVAL);
	CHECK_INT(ms_xlate_range(x, base, end, ext, 0, &next), -EINVAL);
	CHECK_INT(ms_xlate_range(x, base, end, NULL, 1, &next), -EINVAL);
out:
	munmap(p, 8 * PG);
}

/* A dense 64 MiB range (more than one pagemap chunk) is one extent. */
static void test_range_big(void)
{
	size_t len = 64UL << 20;
	struct ms_xlate_entry e[4];
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	uint64_t next;

	CHECK(p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	CHECK_INT(ms_xlate_range(x, (uintptr_t)p, (uintptr_t)p + len, e, 4,
				 &next), 1);
	CHECK_U64(e[0].e.length, len);
	CHECK(!(e[0].e.flags & MEMSHARE_XF_PRESENT));
	CHECK_U64(next, (uintptr_t)p + len);
	munmap(p, len);
}

/* 10000 random addresses as one batch == one at a time. */
static void test_batch(void)
{
	const size_t npages = 256, count = 10000;
	struct ms_xlate_entry *b = calloc(count, sizeof(*b)), e;
	uint64_t *addrs = calloc(count, sizeof(*addrs));
	/* PROT_NONE guards: allocations in between do not merge with it */
	char *g = mmap(NULL, (npages + 2) * PG, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *p = g + PG;
	size_t i, bad = 0;

	CHECK(b && addrs && g != MAP_FAILED);
	if (!b || !addrs || g == MAP_FAILED)
		return;
	CHECK_INT(mprotect(p, npages * PG, PROT_READ | PROT_WRITE), 0);
	srand(42);
	for (i = 0; i < npages; i++)
		if (i % 3 == 0)
			p[i * PG] = 1;
	for (i = 0; i < npages; i += 17)
		CHECK_INT(munmap(p + i * PG, PG), 0);
	for (i = 0; i < count; i++)
		addrs[i] = (uintptr_t)p + (uint64_t)rand() % (npages * PG);
	addrs[7] = 0;			/* the NULL page */
	addrs[8] = ~0ULL;		/* no user address */
	addrs[9] = (uintptr_t)&e;	/* the stack */

	CHECK_INT(ms_xlate_addrs(x, addrs, count, b), 0);
	for (i = 0; i < count; i++) {
		CHECK_INT(ms_xlate_addrs(x, &addrs[i], 1, &e), 0);
		if (memcmp(&e.e, &b[i].e, sizeof(e.e)) ||
		    e.known != b[i].known) {
			if (!bad++)
				fprintf(stderr, "%zu: 0x%" PRIx64 " flags 0x%"
					PRIx64 "/0x%" PRIx64 " vma 0x%" PRIx64
					"-0x%" PRIx64 "/0x%" PRIx64 "-0x%"
					PRIx64 "\n", i, addrs[i],
					(uint64_t)e.e.flags,
					(uint64_t)b[i].e.flags,
					(uint64_t)e.e.vma_start,
					(uint64_t)e.e.vma_end,
					(uint64_t)b[i].e.vma_start,
					(uint64_t)b[i].e.vma_end);
		}
	}
	CHECK_INT(bad, 0);
	CHECK_U64(b[8].e.flags, 0);
	CHECK_U64(b[8].e.vaddr, ~0ULL);
	CHECK_INT(b[9].e.vma_kind, MEMSHARE_VMA_STACK);
	for (i = 10; i < count; i++) {
		size_t pg = (addrs[i] - (uintptr_t)p) / PG;

		if (pg % 17 == 0)
			CHECK(!(b[i].e.flags & MEMSHARE_XF_MAPPED));
		else if (pg % 3 == 0)
			CHECK(b[i].e.flags & MEMSHARE_XF_PRESENT);
		else
			CHECK(!(b[i].e.flags & MEMSHARE_XF_PRESENT));
	}
	munmap(g, (npages + 2) * PG);
	free(b);
	free(addrs);
}

int main(void)
{
	MS_OPTS(ms_xlate_opts, o, .backend = MS_BACKEND_PAGEMAP);
	volatile char probe = 1;

	if (access("/proc/self/pagemap", R_OK)) {
		printf("SKIP: no /proc/self/pagemap\n");
		return T_SKIP;
	}
	phys = (pagemap_of((const void *)&probe) & MS_PM_PFN_MASK) != 0;
	CHECK_INT(ms_xlate_new(&o, &x), 0);
	if (!x)
		return t_result();
	CHECK_INT(ms_xlate_backend(x), MS_BACKEND_PAGEMAP);

	test_anon();
	test_page_state();
	test_kinds();
	test_range();
	test_range_big();
	test_batch();
	ms_xlate_free(x);
	return t_result();
}
