// SPDX-License-Identifier: MIT
/*
 * Found by msfuzz ("ACCESS success despite [writes through a read-only
 * fd]" / "[reads through a write-only fd]").
 *
 * MEMSHARE_IOC_ACCESS ignores the fd's access mode: FILL and WRITE change
 * the buffer through an fd opened O_RDONLY (where write() gives EBADF and
 * mmap(PROT_WRITE, MAP_SHARED) EACCES), and CRC32C reads it through an fd
 * opened O_WRONLY (where read() gives EBADF).  With named_mode granting
 * others read-only access (e.g. 0644), an unprivileged user who may only
 * open /dev/memshare-NAME O_RDONLY can overwrite a root-owned buffer; an fd
 * passed read-only to another process grants write access.
 * Needs root (named buffer); the unprivileged part runs when named_mode
 * lets others read but not write.
 */
#include "mstest.h"

#define NAME	"fz-repro-fdmode"
#define PATH	"/dev/memshare-" NAME

static long access_op(int fd, uint32_t op, uint32_t fill, uint64_t len,
		      uint32_t *crc)
{
	struct memshare_access a = { .size = sizeof(a), .op = op, .fill = fill,
				     .length = len };
	long r = mst_ioctl(fd, MEMSHARE_IOC_ACCESS, &a);

	if (crc)
		*crc = a.crc32c;
	return r;
}

static int bad;

static void expect_refused(long r, const char *what)
{
	if (r >= 0) {
		printf("BUG: %s succeeded (want EBADF or EACCES)\n", what);
		bad = 1;
	} else {
		NOTE("%s: %s", what, mst_res(r));
	}
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	struct memshare_create c;
	struct memshare_destroy d = { .size = sizeof(d), .name = NAME };
	unsigned int mode = mst_param_mode("named_mode", 0600);
	uint8_t b[16];
	uint32_t crc;
	int ro, wo;

	ioctl(ctl, MEMSHARE_IOC_DESTROY, &d);
	mst_create_init(&c, MST_PAGE);
	c.flags = MEMSHARE_CREATE_NAMED | MEMSHARE_CREATE_NO_FD;
	strcpy(c.name, NAME);
	CHECK_OK(mst_ioctl(ctl, MEMSHARE_IOC_CREATE, &c), "CREATE " NAME);
	CHECK(mst_wait_path(PATH, true), PATH " appears");

	ro = open(PATH, O_RDONLY | O_CLOEXEC);
	CHECK(ro >= 0, "open O_RDONLY");
	CHECK_ERR(SYSRES(write(ro, "x", 1)), EBADF, "write() on the O_RDONLY fd");
	CHECK(mmap(NULL, MST_PAGE, PROT_WRITE, MAP_SHARED, ro, 0) == MAP_FAILED &&
	      errno == EACCES, "mmap(PROT_WRITE) on the O_RDONLY fd is EACCES");
	expect_refused(access_op(ro, MEMSHARE_ACCESS_FILL, 0x42, 16, NULL),
		       "ACCESS FILL through the O_RDONLY fd");
	CHECK_EQ(pread(ro, b, sizeof(b), 0), sizeof(b), "pread");
	NOTE("first byte now %#x", b[0]);

	wo = open(PATH, O_WRONLY | O_CLOEXEC);
	CHECK(wo >= 0, "open O_WRONLY");
	CHECK_ERR(SYSRES(read(wo, b, 1)), EBADF, "read() on the O_WRONLY fd");
	expect_refused(access_op(wo, MEMSHARE_ACCESS_CRC32C, 0, 16, &crc),
		       "ACCESS CRC32C through the O_WRONLY fd");

	/* The same as an unprivileged user, when others may only read. */
	if ((mode & 06) == 04) {
		pid_t pid;
		int st;

		pid = fork();
		if (!pid) {
			int fd;

			if (setresgid(1000, 1000, 1000) || setresuid(1000, 1000, 1000))
				_exit(2);
			fd = open(PATH, O_RDONLY);
			if (fd < 0)
				_exit(3);
			_exit(access_op(fd, MEMSHARE_ACCESS_FILL, 0x66, 16, NULL) ? 0 : 1);
		}
		waitpid(pid, &st, 0);
		if (WIFEXITED(st) && WEXITSTATUS(st) == 1) {
			CHECK_EQ(pread(ro, b, 1, 0), 1, "pread");
			printf("BUG: uid 1000, allowed only to read %s (named_mode "
			       "%o), overwrote it: first byte %#x\n", PATH, mode, b[0]);
			bad = 1;
		}
	} else {
		NOTE("named_mode %o: unprivileged part skipped (load with "
		     "named_mode=0644)", mode);
	}
	close(ro);
	close(wo);
	ioctl(ctl, MEMSHARE_IOC_DESTROY, &d);
	if (bad)
		FAIL("MEMSHARE_IOC_ACCESS ignores the fd's access mode");
	PASS();
}
