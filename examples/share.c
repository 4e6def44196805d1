// SPDX-License-Identifier: MIT
/*
 * share: a kernel buffer shared with user space, with no copy.
 *
 * The seed-001 scenario: create a buffer in the kernel, map it twice, and
 * show that the two mappings, read()/write() on the fd and the kernel itself
 * all see the same bytes.
 *
 *	share [SIZE] [--contig] [--eager]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <memshare.h>

static int fail(const char *what, int err)
{
	fprintf(stderr, "share: %s: %s\n", what, strerror(-err));
	return 1;
}

int main(int argc, char **argv)
{
	MS_OPTS(ms_create_opts, opts);
	struct memshare_buf_info info;
	uint64_t size = 64 * 1024;
	char *a, *b, line[64];
	uint32_t kcrc;
	int ctl, buf, err, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--contig"))
			opts.backend = MEMSHARE_BACKEND_CONTIG;
		else if (!strcmp(argv[i], "--eager"))
			opts.policy = MEMSHARE_MAP_EAGER;
		else if (ms_parse_size(argv[i], &size))
			return fprintf(stderr, "usage: share [SIZE] [--contig] [--eager]\n"), 2;
	}

	if (size < 3 * 4096)
		size = 3 * 4096;	/* room for the three strings below */

	ctl = ms_open();
	if (ctl < 0)
		return fail("open /dev/memshare (is memshare.ko loaded?)", ctl);
	buf = ms_create(ctl, size, &opts);
	if (buf < 0)
		return fail("create", buf);
	err = ms_buf_info(buf, &info);
	if (err)
		return fail("info", err);
	printf("1. the kernel allocated a %s buffer of %llu bytes (%s mapping); fd %d\n",
	       info.backend == MEMSHARE_BACKEND_CONTIG ? "contig" : "vmalloc",
	       (unsigned long long)info.length,
	       info.policy == MEMSHARE_MAP_EAGER ? "eager" : "lazy", buf);

	err = ms_map(buf, 0, info.length, PROT_READ | PROT_WRITE, (void **)&a);
	if (!err)
		err = ms_map(buf, 0, info.length, PROT_READ | PROT_WRITE, (void **)&b);
	if (err)
		return fail("mmap", err);
	printf("2. mapped it twice: at %p and at %p\n", (void *)a, (void *)b);

	strcpy(a, "stored through mapping A");
	printf("3. stored in A, mapping B reads \"%s\"\n", b);

	if (pwrite(buf, "written with pwrite()", 22, 4096) != 22)
		return fail("pwrite", -errno);
	printf("4. pwrite() at 4096, both mappings read \"%s\" / \"%s\"\n",
	       a + 4096, b + 4096);

	if (pread(buf, line, sizeof(line), 0) < 0)
		return fail("pread", -errno);
	printf("5. pread() at 0 returns \"%s\"\n", line);

	err = ms_kcrc32c(buf, 0, info.length, &kcrc);
	if (err)
		return fail("kernel crc32c", err);
	printf("6. the kernel's CRC-32C of the buffer is %08x; user space computes %08x\n",
	       kcrc, ms_crc32c(a, info.length));

	err = ms_kwrite(buf, 8192, "written by the kernel", 22);
	if (err)
		return fail("kernel write", err);
	printf("7. the kernel wrote at 8192; mapping B reads \"%s\"\n", b + 8192);

	err = ms_buf_info(buf, &info);
	if (err)
		return fail("info", err);
	printf("8. the buffer has %llu live mappings\n",
	       (unsigned long long)info.nr_mappings);

	ms_unmap(a, info.length);
	close(buf);
	printf("9. closed the fd: mapping B still works and reads \"%s\"\n", b);
	ms_unmap(b, info.length);
	close(ctl);
	printf("10. unmapped B: the kernel frees the buffer\n");
	return 0;
}
