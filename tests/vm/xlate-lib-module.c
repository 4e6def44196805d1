// SPDX-License-Identifier: MIT
/* libmemshare's translation API on the module backend, as root: AUTO picks
 * the module; a written, an untouched and an unmapped page in one batch
 * (present with pagemap's PFN, level, known bits, the word READ gives; not
 * present; nothing); a file mapping's path; a batch larger than one ioctl
 * chunk equal to one address at a time and, on every present page, to the
 * pagemap backend; the range form over a mapping and a gap with the same
 * extent bounds as the pagemap backend. */
#include <limits.h>

#include "mstest.h"

#define NB 20000	/* more than the library's 16384 per ioctl */

static struct ms_xlate *new_handle(int backend, unsigned int flags)
{
	MS_OPTS(ms_xlate_opts, o, .backend = backend, .flags = flags);
	struct ms_xlate *x = NULL;
	int err = ms_xlate_new(&o, &x);

	if (err)
		FAIL("ms_xlate_new(%s) (got %s, want 0)",
		     ms_backend_name(backend), mst_res(err));
	return x;
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	struct ms_xlate *x, *pm;
	struct ms_xlate_entry e[3], *b, *c, one;
	uint64_t addrs[3], *ba, word = 0x0123456789abcdefULL, next;
	char exe[PATH_MAX];
	uint8_t *m, *f;
	int64_t n, k, i;
	int fd;

	x = new_handle(MS_BACKEND_AUTO, MS_XLATE_PAGE | MS_XLATE_PATHS |
		       MS_XLATE_READ);
	CHECK(ms_xlate_backend(x) == MS_BACKEND_MODULE,
	      "AUTO with the module (got %s)",
	      ms_backend_name(ms_xlate_backend(x)));

	m = mmap(NULL, 3 * MST_PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED, "mmap");
	CHECK(madvise(m, 3 * MST_PAGE, MADV_NOHUGEPAGE) == 0, "madvise");
	memset(m, 0x11, MST_PAGE);
	memcpy(m + 0x128, &word, sizeof(word));
	CHECK(munmap(m + 2 * MST_PAGE, MST_PAGE) == 0, "munmap");
	addrs[0] = (uintptr_t)m + 0x128;
	addrs[1] = (uintptr_t)m + MST_PAGE;
	addrs[2] = (uintptr_t)m + 2 * MST_PAGE + 5;
	CHECK_OK(ms_xlate_addrs(x, addrs, 3, e), "ms_xlate_addrs");

	CHECK(e[0].e.flags & MEMSHARE_XF_PRESENT, "written page present");
	CHECK(e[0].e.pfn == mst_pagemap_pfn(m), "pfn 0x%llx, pagemap 0x%llx",
	      (unsigned long long)e[0].e.pfn,
	      (unsigned long long)mst_pagemap_pfn(m));
	CHECK(e[0].e.paddr == e[0].e.pfn * MST_PAGE + 0x128, "paddr");
	CHECK(e[0].e.level == MEMSHARE_LEVEL_PTE, "level %u", e[0].e.level);
	CHECK(e[0].e.vma_kind == MEMSHARE_VMA_ANON, "kind %u",
	      e[0].e.vma_kind);
	CHECK(e[0].path == NULL, "anon has no path");
	CHECK((e[0].e.flags & MEMSHARE_XF_DATA) && e[0].e.data == word,
	      "READ gives the word (got 0x%llx)",
	      (unsigned long long)e[0].e.data);
	CHECK(e[0].known == (MS_KNOWN_PRESENT | MS_KNOWN_PFN |
			     MS_KNOWN_LEVEL | MS_KNOWN_ENTRIES |
			     MS_KNOWN_BITS | MS_KNOWN_SOFT_DIRTY |
			     MS_KNOWN_SWAP | MS_KNOWN_VMA | MS_KNOWN_PATH |
			     MS_KNOWN_PAGE_FLAGS | MS_KNOWN_MAPCOUNT |
			     MS_KNOWN_REFCOUNT | MS_KNOWN_COMPOUND |
			     MS_KNOWN_ZONE | MS_KNOWN_DATA),
	      "known 0x%llx", (unsigned long long)e[0].known);
	CHECK(e[0].e.page.flags & MEMSHARE_PS_ANON, "anon page");
	CHECK((e[1].e.flags & MEMSHARE_XF_MAPPED) &&
	      !(e[1].e.flags & MEMSHARE_XF_PRESENT), "untouched: not present");
	CHECK(!(e[2].e.flags & MEMSHARE_XF_MAPPED) &&
	      e[2].e.vma_kind == MEMSHARE_VMA_NONE, "unmapped: nothing");

	/* a file mapping's path */
	CHECK(realpath("/proc/self/exe", exe), "realpath");
	fd = open(exe, O_RDONLY);
	CHECK(fd >= 0, "open %s", exe);
	f = mmap(NULL, MST_PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(f != MAP_FAILED, "mmap of the file");
	addrs[0] = (uintptr_t)f;
	CHECK_OK(ms_xlate_addrs(x, addrs, 1, e), "ms_xlate_addrs (file)");
	CHECK(e[0].path && !strcmp(e[0].path, exe), "path %s, want %s",
	      e[0].path ? e[0].path : "(null)", exe);
	munmap(f, MST_PAGE);
	close(fd);
	ms_xlate_free(x);

	/* a big batch: = one at a time, = pagemap on present pages */
	x = new_handle(MS_BACKEND_MODULE, MS_XLATE_PATHS);
	pm = new_handle(MS_BACKEND_PAGEMAP, MS_XLATE_PATHS);
	b = calloc(NB, sizeof(*b));
	c = calloc(NB, sizeof(*c));
	ba = calloc(NB, sizeof(*ba));
	m = mmap(NULL, 1024 * MST_PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(b && c && ba && m != MAP_FAILED, "allocations");
	CHECK(madvise(m, 1024 * MST_PAGE, MADV_NOHUGEPAGE) == 0, "madvise");
	for (i = 0; i < 1024; i += 2)
		m[i * MST_PAGE] = 1;
	srand(7);
	for (i = 0; i < NB; i++)
		ba[i] = (uintptr_t)m + (uint64_t)rand() % (1024 * MST_PAGE);
	CHECK_OK(ms_xlate_addrs(x, ba, NB, b), "module batch");
	CHECK_OK(ms_xlate_addrs(pm, ba, NB, c), "pagemap batch");
	for (i = 0; i < NB; i++) {
		uint64_t pg = (ba[i] - (uintptr_t)m) / MST_PAGE;
		bool present = !(pg % 2);

		CHECK(b[i].e.vaddr == ba[i], "[%lld] vaddr", (long long)i);
		CHECK(!!(b[i].e.flags & MEMSHARE_XF_PRESENT) == present,
		      "[%lld] present", (long long)i);
		CHECK(!!(c[i].e.flags & MEMSHARE_XF_PRESENT) == present,
		      "[%lld] pagemap present", (long long)i);
		CHECK(b[i].e.pfn == c[i].e.pfn && b[i].e.paddr == c[i].e.paddr,
		      "[%lld] module pfn 0x%llx, pagemap 0x%llx",
		      (long long)i, (unsigned long long)b[i].e.pfn,
		      (unsigned long long)c[i].e.pfn);
		CHECK(b[i].e.vma_start == c[i].e.vma_start &&
		      b[i].e.vma_end == c[i].e.vma_end, "[%lld] VMA",
		      (long long)i);
		if (i % 97)
			continue;
		CHECK_OK(ms_xlate_addrs(x, &ba[i], 1, &one), "one address");
		CHECK(!memcmp(&one.e, &b[i].e, offsetof(struct
			memshare_xlate_entry, page)),
		      "[%lld] one at a time = batch", (long long)i);
	}

	/* range: [present/absent pages][gap]: same bounds as pagemap */
	CHECK(munmap(m + 512 * MST_PAGE, 512 * MST_PAGE) == 0, "munmap");
	n = ms_xlate_range(x, (uintptr_t)m, (uintptr_t)m + 1024 * MST_PAGE,
			   b, NB, &next);
	k = ms_xlate_range(pm, (uintptr_t)m, (uintptr_t)m + 1024 * MST_PAGE,
			   c, NB, NULL);
	CHECK(n == 513 && k == 513, "512 + 1 extents (module %lld, pagemap "
	      "%lld)", (long long)n, (long long)k);
	CHECK(next == (uintptr_t)m + 1024 * MST_PAGE, "next");
	for (i = 0; i < n; i++)
		CHECK(b[i].e.vaddr == c[i].e.vaddr &&
		      b[i].e.length == c[i].e.length &&
		      (b[i].e.flags & MEMSHARE_XF_PRESENT) ==
		      (c[i].e.flags & MEMSHARE_XF_PRESENT),
		      "extent %lld: module %llx+%llx, pagemap %llx+%llx",
		      (long long)i, (unsigned long long)b[i].e.vaddr,
		      (unsigned long long)b[i].e.length,
		      (unsigned long long)c[i].e.vaddr,
		      (unsigned long long)c[i].e.length);
	CHECK(b[n - 1].e.vma_kind == MEMSHARE_VMA_NONE, "the gap");
	/* one extent per call */
	CHECK(ms_xlate_range(x, (uintptr_t)m, (uintptr_t)m + 1024 * MST_PAGE,
			     b, 1, &next) == 1 &&
	      next == b[0].e.vaddr + b[0].e.length, "cap 1");
	ms_xlate_free(x);
	ms_xlate_free(pm);
	PASS();
}
