// SPDX-License-Identifier: MIT
/* Seed scenario 4: the param buffer seed004 (buffers=seed004:64K): this
 * process writes a string through a mapping of /dev/memshare-seed004; a
 * forked and exec'd process reads it back through /dev/memshare-seed004
 * (mapping and read()) and through MEMSHARE_IOC_OPEN, and `memshare cat
 * seed004` prints it.  The string stays in the buffer: the post-suite
 * check finds it in the kernel's log line when rmmod destroys seed004. */
#include "mstest.h"

#define MSG "hello from user space"
#define DEV "/dev/memshare-" MST_SEED

static int reader(void)
{
	char got[sizeof(MSG)];
	int fd = open(DEV, O_RDWR | O_CLOEXEC);

	CHECK(fd >= 0, "reader: open(%s) (got -%s)", DEV, mst_errname(errno));
	CHECK_EQ(mst_binfo(fd).length, MST_SEED_SIZE, "reader: seed004 length");
	uint8_t *m = mmap(NULL, MST_SEED_SIZE, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED, "reader: mmap (got -%s)", mst_errname(errno));
	CHECK(!memcmp(m, MSG, sizeof(MSG)), "reader: mapping of %s (got \"%.21s\", want \"%s\")",
	      DEV, (char *)m, MSG);
	munmap(m, MST_SEED_SIZE);
	memset(got, 0, sizeof(got));
	CHECK_EQ(read(fd, got, sizeof(got)), sizeof(got), "reader: read()");
	CHECK(!memcmp(got, MSG, sizeof(MSG)), "reader: read() (got \"%.21s\", want \"%s\")", got, MSG);
	close(fd);

	int ctl = mst_ctl();
	fd = (int)CHECK_OK(mst_open_raw(ctl, MST_SEED), "reader: OPEN seed004");
	memset(got, 0, sizeof(got));
	CHECK_EQ(pread(fd, got, sizeof(got), 0), sizeof(got), "reader: pread via OPEN fd");
	CHECK(!memcmp(got, MSG, sizeof(MSG)), "reader: OPEN fd (got \"%.21s\")", got);
	CHECK_EQX(mst_kcrc(fd, 0, sizeof(MSG)), ms_crc32c(MSG, sizeof(MSG)),
		  "reader: kernel CRC of the string");
	close(fd);
	close(ctl);
	printf("# reader (pid %d, exec'd) saw \"%s\"\n", getpid(), MSG);
	return 0;
}

static void check_cli(void)
{
	int p[2];
	static char out[MST_SEED_SIZE + 4096];
	size_t n = 0;
	ssize_t r;

	CHECK_OK(SYSRES(pipe(p)), "pipe");
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execlp("memshare", "memshare", "cat", MST_SEED, (char *)NULL);
		execl("/usr/bin/memshare", "memshare", "cat", MST_SEED, (char *)NULL);
		fprintf(stderr, "exec memshare: %s\n", strerror(errno));
		_exit(127);
	}
	close(p[1]);
	while ((r = read(p[0], out + n, sizeof(out) - n)) > 0)
		n += (size_t)r;
	close(p[0]);
	int rc = mst_wait_child(pid, "memshare cat");
	CHECK(rc == 0, "`memshare cat %s` exit status (got %d, want 0)", MST_SEED, rc);
	CHECK_EQ(n, MST_SEED_SIZE, "`memshare cat seed004` output length");
	CHECK(!memcmp(out, MSG, strlen(MSG)), "`memshare cat seed004` output (got \"%.21s\", want \"%s\")",
	      out, MSG);
	long nz = mst_find_not(out + sizeof(MSG), n - sizeof(MSG), 0);
	CHECK(nz < 0, "`memshare cat seed004`: byte %zu after the string (got 0x%02x, want 0)",
	      sizeof(MSG) + (size_t)nz, (uint8_t)out[sizeof(MSG) + nz]);
}

int main(int argc, char **argv)
{
	MST_INIT();
	if (argc == 2 && !strcmp(argv[1], "--reader"))
		return reader();
	mst_require_root();
	mst_require_seed(MST_SEED);

	/* writer: this process, through a mapping of the node */
	int fd = open(DEV, O_RDWR | O_CLOEXEC);
	CHECK(fd >= 0, "open(%s) (got -%s)", DEV, mst_errname(errno));
	struct memshare_buf_info bi = mst_binfo(fd);
	CHECK_EQ(bi.length, MST_SEED_SIZE, "seed004 length");
	CHECK(bi.flags & MEMSHARE_INFO_NAMED, "seed004 BUF_INFO flags: NAMED unset (0x%x)", bi.flags);
	CHECK(!strcmp(bi.name, MST_SEED), "seed004 BUF_INFO name (got \"%.32s\")", bi.name);
	uint8_t *m = mst_map(fd, 0, MST_SEED_SIZE);
	memset(m, 0, MST_SEED_SIZE);
	memcpy(m, MSG, sizeof(MSG));
	close(fd);	/* the mapping alone must keep it while the reader runs */

	/* reader: forked and exec'd, so it shares nothing but the name */
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		execl("/proc/self/exe", argv[0], "--reader", (char *)NULL);
		printf("FAIL: exec /proc/self/exe: %s\n", strerror(errno));
		_exit(1);
	}
	int rc = mst_wait_child(pid, "reader");
	CHECK(rc == 0, "reader process failed (exit %d)", rc);
	mst_unmap(m, MST_SEED_SIZE);

	check_cli();
	PASS();
}
