// SPDX-License-Identifier: MIT
/*
 * The pagemap backend's reading of /proc/PID/maps: line parsing and the
 * VMA kind guessed from the path (names only, no file system).
 */
#include <memshare.h>

#include "../../lib/internal.h"
#include "testutil.h"

static unsigned int kind(const char *path, bool shared, bool want_fs)
{
	bool fs = !want_fs;
	unsigned int k = ms__maps_kind(path, shared, &fs);

	CHECK_INT(fs, want_fs);
	return k;
}

int main(void)
{
	char l1[] = "7f0000000000-7f0000003000 rw-p 00002000 08:01 1234"
		    "                       /usr/lib/x y.so";
	char l2[] = "55d0a0000000-55d0a0021000 rw-p 00000000 00:00 0 "
		    "                         [heap]";
	char l3[] = "7ffd00000000-7ffd00001000 r-xs 00000000 00:00 0";
	char l4[] = "garbage";
	char l5[] = "7f0000003000-7f0000001000 rw-p 00000000 00:00 0";
	struct ms__vma v;

	CHECK_INT(ms__maps_parse_line(l1, &v), 1);
	CHECK_U64(v.start, 0x7f0000000000ULL);
	CHECK_U64(v.end, 0x7f0000003000ULL);
	CHECK_U64(v.pgoff, 2);
	CHECK_INT(v.flags, MEMSHARE_VMA_F_READ | MEMSHARE_VMA_F_WRITE);
	CHECK_STR(v.path, "/usr/lib/x y.so");
	CHECK_INT(v.kind, MEMSHARE_VMA_FILE);

	CHECK_INT(ms__maps_parse_line(l2, &v), 0);
	CHECK_STR(v.path, "[heap]");
	CHECK_INT(v.kind, MEMSHARE_VMA_HEAP);

	CHECK_INT(ms__maps_parse_line(l3, &v), 0);
	CHECK(v.path == NULL);
	CHECK_INT(v.flags, MEMSHARE_VMA_F_READ | MEMSHARE_VMA_F_EXEC |
		  MEMSHARE_VMA_F_SHARED);
	CHECK_INT(v.kind, MEMSHARE_VMA_ANON);

	CHECK_INT(ms__maps_parse_line(l4, &v), -EINVAL);
	CHECK_INT(ms__maps_parse_line(l5, &v), -EINVAL);

	CHECK_INT(kind(NULL, false, false), MEMSHARE_VMA_ANON);
	CHECK_INT(kind("", false, false), MEMSHARE_VMA_ANON);
	CHECK_INT(kind("[heap]", false, false), MEMSHARE_VMA_HEAP);
	CHECK_INT(kind("[stack]", false, false), MEMSHARE_VMA_STACK);
	CHECK_INT(kind("[vdso]", false, false), MEMSHARE_VMA_SPECIAL);
	CHECK_INT(kind("[vvar]", false, false), MEMSHARE_VMA_SPECIAL);
	CHECK_INT(kind("[vvar_vclock]", false, false), MEMSHARE_VMA_SPECIAL);
	CHECK_INT(kind("[vsyscall]", false, false), MEMSHARE_VMA_SPECIAL);
	CHECK_INT(kind("[uprobes]", false, false), MEMSHARE_VMA_SPECIAL);
	CHECK_INT(kind("[anon:my name]", false, false), MEMSHARE_VMA_ANON);
	CHECK_INT(kind("[anon_shmem:x]", true, false), MEMSHARE_VMA_SHMEM);
	CHECK_INT(kind("anon_inode:memshare", true, false),
		  MEMSHARE_VMA_MEMSHARE);
	CHECK_INT(kind("anon_inode:memshare-pin", true, false),
		  MEMSHARE_VMA_FILE);
	CHECK_INT(kind("anon_inode:[io_uring]", true, false),
		  MEMSHARE_VMA_FILE);
	CHECK_INT(kind("/dev/memshare-seed004", true, false),
		  MEMSHARE_VMA_MEMSHARE);
	CHECK_INT(kind("/dev/zero (deleted)", true, false),
		  MEMSHARE_VMA_SHMEM);
	CHECK_INT(kind("/dev/zero", false, false), MEMSHARE_VMA_ANON);
	CHECK_INT(kind("/anon_hugepage (deleted)", true, false),
		  MEMSHARE_VMA_HUGETLB);
	CHECK_INT(kind("/memfd:foo (deleted)", true, true),
		  MEMSHARE_VMA_SHMEM);
	CHECK_INT(kind("/SYSV0000abcd (deleted)", true, true),
		  MEMSHARE_VMA_SHMEM);
	CHECK_INT(kind("/tmp/gone (deleted)", false, true), MEMSHARE_VMA_FILE);
	CHECK_INT(kind("/usr/bin/cat", false, true), MEMSHARE_VMA_FILE);
	CHECK_INT(kind("/dev/mem", true, true), MEMSHARE_VMA_FILE);
	return t_result();
}
