// SPDX-License-Identifier: MIT
/* The CLI's error lines: errno names, the format, hints. */
#include <memshare.h>

#include "errors.h"
#include "testutil.h"

int main(void)
{
	struct memshare_version v;
	char line[512], buf[256];
	const char *h;

	/* names */
	CHECK_STR(cli_errno_name(EPERM), "EPERM");
	CHECK_STR(cli_errno_name(ENOENT), "ENOENT");
	CHECK_STR(cli_errno_name(-ENOENT), "ENOENT");
	CHECK_STR(cli_errno_name(EINVAL), "EINVAL");
	CHECK_STR(cli_errno_name(ENOMEM), "ENOMEM");
	CHECK_STR(cli_errno_name(EEXIST), "EEXIST");
	CHECK_STR(cli_errno_name(E2BIG), "E2BIG");
	CHECK_STR(cli_errno_name(ENOTTY), "ENOTTY");
	CHECK_STR(cli_errno_name(ENAMETOOLONG), "ENAMETOOLONG");
	CHECK_STR(cli_errno_name(ENOSPC), "ENOSPC");
	CHECK_STR(cli_errno_name(ERANGE), "ERANGE");
	CHECK_STR(cli_errno_name(EAGAIN), "EAGAIN");	/* not EWOULDBLOCK */
	CHECK_STR(cli_errno_name(EOPNOTSUPP), "EOPNOTSUPP");
	CHECK_STR(cli_errno_name(EHWPOISON), "EHWPOISON");
	CHECK(cli_errno_name(0) == NULL);
	CHECK(cli_errno_name(4095) == NULL);
	/* every errno strerror knows has a name */
	for (int e = 1; e <= EHWPOISON; e++) {
		const char *n = cli_errno_name(e);

		if (e == 41 || e == 58)	/* unused numbers on Linux */
			continue;
		if (!n || n[0] != 'E')
			fprintf(stderr, "errno %d has no name\n", e);
		CHECK(n && n[0] == 'E');
	}

	/* the line */
	cli_format_error(line, sizeof(line), "open /dev/memshare", -ENOENT,
			 cli_hint(CLI_CTX_CONTROL, -ENOENT));
	CHECK_STR(line, "memshare: open /dev/memshare: ENOENT (No such file "
		  "or directory); hint: the memshare module is not loaded "
		  "(insmod memshare.ko)");
	cli_format_error(line, sizeof(line), "read x", EIO, NULL);
	CHECK_STR(line, "memshare: read x: EIO (Input/output error)");
	cli_format_error(line, sizeof(line), "open buffer a\nb\tc", ENOENT,
			 NULL);
	CHECK_STR(line, "memshare: open buffer a?b?c: ENOENT (No such file or "
		  "directory)");
	cli_format_error(line, 20, "a long description", EINVAL, "hint");
	CHECK_STR(line, "memshare: a long de");
	cli_format_error(line, sizeof(line), "odd", 4000, NULL);
	CHECK(!strncmp(line, "memshare: odd: E4000 (", 22));

	/* fixed hints */
	CHECK_STR(cli_hint(CLI_CTX_CREATE, -EPERM),
		  "needs root (CAP_SYS_ADMIN)");
	CHECK_STR(cli_hint(CLI_CTX_NAMED, EACCES),
		  "needs root (CAP_SYS_ADMIN)");
	CHECK_STR(cli_hint(CLI_CTX_CONTROL, -EACCES),
		  "needs root (CAP_SYS_ADMIN)");
	CHECK_STR(cli_hint(CLI_CTX_CREATE, -ENOMEM),
		  "over the module limit (see memshare info)");
	CHECK_STR(cli_hint(CLI_CTX_CREATE, -EEXIST),
		  "a buffer of that name exists (see memshare ls)");
	CHECK_STR(cli_hint(CLI_CTX_NAMED, -ENOENT),
		  "no such buffer (see memshare ls)");
	CHECK(strstr(cli_hint(CLI_CTX_SYSFS, -ENOENT), "not loaded"));
	CHECK(strstr(cli_hint(CLI_CTX_CONTROL, -ENODEV), "not loaded"));
	CHECK(strstr(cli_hint(CLI_CTX_WRITE, -ENOSPC), "does not fit"));
	CHECK(strstr(cli_hint(CLI_CTX_GENERIC, -ENAMETOOLONG), "31"));
	CHECK(cli_hint(CLI_CTX_GENERIC, -EIO) == NULL);
	CHECK(cli_hint(CLI_CTX_NAMED, -ENOMEM) == NULL);

	/* create hints that name the module's limits */
	memset(&v, 0, sizeof(v));
	v.max_buffer_bytes = 256ULL << 20;
	v.max_total_bytes = 1ULL << 30;
	v.max_contig_bytes = 4ULL << 20;
	v.max_named = 8;
	v.total_bytes = 1000ULL << 20;
	v.nr_named = 2;

	h = cli_create_hint(buf, sizeof(buf), -EINVAL, "x", 512ULL << 20,
			    MEMSHARE_BACKEND_VMALLOC, &v);
	CHECK_STR(h, "512 MiB is over the module limit max_buffer_bytes = "
		  "268435456 (256 MiB)");
	h = cli_create_hint(buf, sizeof(buf), -EINVAL, "x", 8ULL << 20,
			    MEMSHARE_BACKEND_CONTIG, &v);
	CHECK_STR(h, "8 MiB is over the module limit max_contig_bytes = "
		  "4194304 (4 MiB)");
	h = cli_create_hint(buf, sizeof(buf), -EINVAL, "bad/name", 4096,
			    MEMSHARE_BACKEND_VMALLOC, &v);
	CHECK(h && strstr(h, "[A-Za-z0-9_.-]"));
	h = cli_create_hint(buf, sizeof(buf), -EINVAL, "x", 0,
			    MEMSHARE_BACKEND_VMALLOC, &v);
	CHECK_STR(h, "SIZE must not be zero");
	CHECK(cli_create_hint(buf, sizeof(buf), -EINVAL, "x", 4096,
			      MEMSHARE_BACKEND_VMALLOC, &v) == NULL);
	CHECK(cli_create_hint(buf, sizeof(buf), -EINVAL, "x", 512ULL << 20,
			      MEMSHARE_BACKEND_VMALLOC, NULL) == NULL);
	h = cli_create_hint(buf, sizeof(buf), -ENOMEM, "x", 100ULL << 20,
			    MEMSHARE_BACKEND_VMALLOC, &v);
	CHECK_STR(h, "over the module limit max_total_bytes = 1073741824 "
		  "(1 GiB; 1000 MiB in use; see memshare info)");
	h = cli_create_hint(buf, sizeof(buf), -ENOMEM, "x", 1ULL << 20,
			    MEMSHARE_BACKEND_VMALLOC, &v);
	CHECK_STR(h, "over the module limit (see memshare info)");
	h = cli_create_hint(buf, sizeof(buf), -ENOMEM, "x", 1ULL << 20,
			    MEMSHARE_BACKEND_VMALLOC, NULL);
	CHECK_STR(h, "over the module limit (see memshare info)");
	h = cli_create_hint(buf, sizeof(buf), -EEXIST, "x", 4096,
			    MEMSHARE_BACKEND_VMALLOC, &v);
	CHECK(h && strstr(h, "exists"));
	h = cli_create_hint(buf, sizeof(buf), -EPERM, "x", 4096,
			    MEMSHARE_BACKEND_VMALLOC, &v);
	CHECK_STR(h, "needs root (CAP_SYS_ADMIN)");
	v.nr_named = 8;
	h = cli_create_hint(buf, sizeof(buf), -ENOSPC, "x", 4096,
			    MEMSHARE_BACKEND_VMALLOC, &v);
	CHECK_STR(h, "all max_named (8) named buffers exist (see memshare "
		  "ls)");

	/* pin hints */
	memset(&v, 0, sizeof(v));
	v.max_pin_bytes = 1ULL << 30;
	h = cli_pin_hint(buf, sizeof(buf), -ENOMEM, 64ULL << 20, true, true,
			 8ULL << 20, &v);
	CHECK_STR(h, "long-term pins are charged to RLIMIT_MEMLOCK (limit "
		  "8 MiB, asked 64 MiB): raise it with ulimit -l or run with "
		  "CAP_IPC_LOCK");
	cli_format_error(line, sizeof(line), "pin 64 MiB", -ENOMEM, h);
	CHECK_STR(line, "memshare: pin 64 MiB: ENOMEM (Cannot allocate "
		  "memory); hint: long-term pins are charged to RLIMIT_MEMLOCK "
		  "(limit 8 MiB, asked 64 MiB): raise it with ulimit -l or run "
		  "with CAP_IPC_LOCK");
	/* under the limit: other locked memory of the user counts */
	h = cli_pin_hint(buf, sizeof(buf), -ENOMEM, 4ULL << 20, false, true,
			 8ULL << 20, NULL);
	CHECK_STR(h, "long-term pins are charged to RLIMIT_MEMLOCK (limit "
		  "8 MiB, asked 4 MiB; the user's other locked memory counts "
		  "too): raise it with ulimit -l or run with CAP_IPC_LOCK");
	/* an odd limit */
	h = cli_pin_hint(buf, sizeof(buf), ENOMEM, 1ULL << 20, true, true,
			 65536 + 512, NULL);
	CHECK(h && strstr(h, "(limit 64.5 KiB, asked 1 MiB)"));
	h = cli_pin_hint(buf, sizeof(buf), -ENOMEM, 64ULL << 20, true, true,
			 CLI_MEMLOCK_UNLIMITED, NULL);
	CHECK_STR(h, "out of memory (RLIMIT_MEMLOCK is unlimited, asked "
		  "64 MiB)");
	h = cli_pin_hint(buf, sizeof(buf), -ENOMEM, 64ULL << 20, true, false,
			 8ULL << 20, NULL);
	CHECK_STR(h, "out of memory (short-term pins are not charged to "
		  "RLIMIT_MEMLOCK)");
	/* over the module's max_pin_bytes: ENOMEM or EINVAL, either kind */
	h = cli_pin_hint(buf, sizeof(buf), -ENOMEM, 2ULL << 30, true, true,
			 8ULL << 20, &v);
	CHECK_STR(h, "2 GiB is over the module limit max_pin_bytes = "
		  "1073741824 (1 GiB; parameter max_pin_size)");
	h = cli_pin_hint(buf, sizeof(buf), -EINVAL, 2ULL << 30, true, false,
			 8ULL << 20, &v);
	CHECK(h && strstr(h, "max_pin_bytes = 1073741824"));
	h = cli_pin_hint(buf, sizeof(buf), -EINVAL, 0, true, false,
			 8ULL << 20, &v);
	CHECK_STR(h, "SIZE must not be zero");
	CHECK(cli_pin_hint(buf, sizeof(buf), -EINVAL, 4096, true, false,
			   8ULL << 20, &v) == NULL);
	h = cli_pin_hint(buf, sizeof(buf), -EFAULT, 4096, false, false,
			 8ULL << 20, &v);
	CHECK_STR(h, "part of the range is not mapped");
	h = cli_pin_hint(buf, sizeof(buf), -EFAULT, 4096, true, false,
			 8ULL << 20, &v);
	CHECK_STR(h, "part of the range is not mapped, or is read-only and "
		  "write access was asked");
	h = cli_pin_hint(buf, sizeof(buf), -EFAULT, 4096, true, true,
			 8ULL << 20, &v);
	CHECK(h && strstr(h, "file-backed"));
	h = cli_pin_hint(buf, sizeof(buf), -EOPNOTSUPP, 4096, true, true,
			 8ULL << 20, &v);
	CHECK(h && strstr(h, "refuses long-term pins"));
	h = cli_pin_hint(buf, sizeof(buf), -ENOTTY, 4096, true, true,
			 8ULL << 20, &v);
	CHECK(h && strstr(h, "ABI 1.1"));
	CHECK(cli_pin_hint(buf, sizeof(buf), -EIO, 4096, true, true,
			   8ULL << 20, &v) == NULL);
	/* the kernel's access to a read-only pin */
	CHECK(strstr(cli_hint(CLI_CTX_PIN_ACCESS, -EPERM),
		     "MEMSHARE_PIN_WRITE"));
	CHECK_STR(cli_hint(CLI_CTX_PIN, -EPERM), "needs root (CAP_SYS_ADMIN)");

	/* sizes for people */
	cli_format_size(buf, sizeof(buf), 0);
	CHECK_STR(buf, "0 bytes");
	cli_format_size(buf, sizeof(buf), 1023);
	CHECK_STR(buf, "1023 bytes");
	cli_format_size(buf, sizeof(buf), 1024);
	CHECK_STR(buf, "1 KiB");
	cli_format_size(buf, sizeof(buf), 1536);
	CHECK_STR(buf, "1.5 KiB");
	cli_format_size(buf, sizeof(buf), 3ULL << 30);
	CHECK_STR(buf, "3 GiB");
	cli_format_size(buf, sizeof(buf), (1ULL << 40) + (1ULL << 39));
	CHECK_STR(buf, "1.5 TiB");
	cli_format_size(buf, sizeof(buf), UINT64_MAX);
	CHECK_STR(buf, "16.0 EiB");

	/* names */
	CHECK(cli_name_valid("a"));
	CHECK(cli_name_valid("Ab_0.9-z"));
	CHECK(cli_name_valid("0123456789012345678901234567890"));	/* 31 */
	CHECK(!cli_name_valid("01234567890123456789012345678901"));	/* 32 */
	CHECK(!cli_name_valid(""));
	CHECK(!cli_name_valid(NULL));
	CHECK(!cli_name_valid("."));
	CHECK(!cli_name_valid(".."));
	CHECK(cli_name_valid("..."));
	CHECK(!cli_name_valid("a/b"));
	CHECK(!cli_name_valid("a b"));
	CHECK(!cli_name_valid("caf\xc3\xa9"));
	return t_result();
}
