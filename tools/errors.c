// SPDX-License-Identifier: MIT
/*
 * The CLI's error lines: errno names, hints, and the one-line format
 *	memshare: WHAT: ENAME (strerror)[; hint: HINT]
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <memshare.h>

#include "errors.h"

#define E(x) [x] = #x
static const char *const errno_names[] = {
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG),
	E(ENOEXEC), E(EBADF), E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES),
	E(EFAULT), E(ENOTBLK), E(EBUSY), E(EEXIST), E(EXDEV), E(ENODEV),
	E(ENOTDIR), E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE), E(ENOTTY),
	E(ETXTBSY), E(EFBIG), E(ENOSPC), E(ESPIPE), E(EROFS), E(EMLINK),
	E(EPIPE), E(EDOM), E(ERANGE), E(EDEADLK), E(ENAMETOOLONG), E(ENOLCK),
	E(ENOSYS), E(ENOTEMPTY), E(ELOOP), E(ENOMSG), E(EIDRM), E(ECHRNG),
	E(EL2NSYNC), E(EL3HLT), E(EL3RST), E(ELNRNG), E(EUNATCH), E(ENOCSI),
	E(EL2HLT), E(EBADE), E(EBADR), E(EXFULL), E(ENOANO), E(EBADRQC),
	E(EBADSLT), E(EBFONT), E(ENOSTR), E(ENODATA), E(ETIME), E(ENOSR),
	E(ENONET), E(ENOPKG), E(EREMOTE), E(ENOLINK), E(EADV), E(ESRMNT),
	E(ECOMM), E(EPROTO), E(EMULTIHOP), E(EDOTDOT), E(EBADMSG),
	E(EOVERFLOW), E(ENOTUNIQ), E(EBADFD), E(EREMCHG), E(ELIBACC),
	E(ELIBBAD), E(ELIBSCN), E(ELIBMAX), E(ELIBEXEC), E(EILSEQ),
	E(ERESTART), E(ESTRPIPE), E(EUSERS), E(ENOTSOCK), E(EDESTADDRREQ),
	E(EMSGSIZE), E(EPROTOTYPE), E(ENOPROTOOPT), E(EPROTONOSUPPORT),
	E(ESOCKTNOSUPPORT), E(EOPNOTSUPP), E(EPFNOSUPPORT), E(EAFNOSUPPORT),
	E(EADDRINUSE), E(EADDRNOTAVAIL), E(ENETDOWN), E(ENETUNREACH),
	E(ENETRESET), E(ECONNABORTED), E(ECONNRESET), E(ENOBUFS), E(EISCONN),
	E(ENOTCONN), E(ESHUTDOWN), E(ETOOMANYREFS), E(ETIMEDOUT),
	E(ECONNREFUSED), E(EHOSTDOWN), E(EHOSTUNREACH), E(EALREADY),
	E(EINPROGRESS), E(ESTALE), E(EUCLEAN), E(ENOTNAM), E(ENAVAIL),
	E(EISNAM), E(EREMOTEIO), E(EDQUOT), E(ENOMEDIUM), E(EMEDIUMTYPE),
	E(ECANCELED), E(ENOKEY), E(EKEYEXPIRED), E(EKEYREVOKED),
	E(EKEYREJECTED), E(EOWNERDEAD), E(ENOTRECOVERABLE), E(ERFKILL),
	E(EHWPOISON),
};
#undef E

const char *cli_errno_name(int err)
{
	if (err < 0)
		err = -err;
	if ((size_t)err < sizeof(errno_names) / sizeof(errno_names[0]))
		return errno_names[err];
	return NULL;
}

int cli_format_error(char *buf, size_t size, const char *what, int err,
		     const char *hint)
{
	const char *name;
	char unknown[24];
	char *p;
	int n;

	if (err < 0)
		err = -err;
	name = cli_errno_name(err);
	if (!name) {
		snprintf(unknown, sizeof(unknown), "E%d", err);
		name = unknown;
	}
	n = snprintf(buf, size, "memshare: %s: %s (%s)%s%s", what, name,
		     strerror(err), hint ? "; hint: " : "", hint ? hint : "");
	/* One line, whatever a name given by the user holds. */
	for (p = buf; size && *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = '?';
	return n;
}

const char *cli_hint(enum cli_ctx ctx, int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case EPERM:
		if (ctx == CLI_CTX_PIN_ACCESS)
			return "the kernel writes only to pins made with "
			       "write access (MEMSHARE_PIN_WRITE)";
		return "needs root (CAP_SYS_ADMIN)";
	case EACCES:
		return "needs root (CAP_SYS_ADMIN)";
	case ENOENT:
	case ENODEV:
	case ENXIO:
		if (ctx == CLI_CTX_CONTROL || ctx == CLI_CTX_SYSFS)
			return "the memshare module is not loaded "
			       "(insmod memshare.ko)";
		if (ctx == CLI_CTX_NAMED && err == ENOENT)
			return "no such buffer (see memshare ls)";
		break;
	case EEXIST:
		if (ctx == CLI_CTX_CREATE)
			return "a buffer of that name exists (see memshare ls)";
		break;
	case ENOMEM:
		if (ctx == CLI_CTX_CREATE)
			return "over the module limit (see memshare info)";
		break;
	case ENAMETOOLONG:
		return "names are at most 31 characters";
	case ENOSPC:
		if (ctx == CLI_CTX_WRITE)
			return "the data does not fit in the buffer";
		break;
	case ENOTTY:
		if (ctx == CLI_CTX_XLATE)
			return "the module is too old for address translation "
			       "(needs ABI 1.2, feature xlate; see memshare "
			       "info)";
		if (ctx == CLI_CTX_KADDR)
			return "the module is too old to classify kernel "
			       "addresses (needs ABI 1.2, feature kaddr; see "
			       "memshare info)";
		if (ctx == CLI_CTX_PIN || ctx == CLI_CTX_PIN_ACCESS)
			return "the module is too old to pin user memory "
			       "(needs ABI 1.1, feature pin; see memshare info)";
		return "not a memshare device, or a module too old for this "
		       "command";
	case E2BIG:
		return "the module is older than this tool";
	case EOPNOTSUPP:
		if (ctx == CLI_CTX_XLATE || ctx == CLI_CTX_KADDR)
			return cli_hint(ctx, ENOTTY);
		return "the module lacks this feature (see features in "
		       "memshare info)";
	case ESRCH:
		if (ctx == CLI_CTX_XLATE)
			return "no such process, or it has no memory (a "
			       "kernel thread or a zombie)";
		break;
	default:
		break;
	}
	return NULL;
}

const char *cli_xlate_hint(int err, bool other_pid, bool read, int backend)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case EPERM:
	case EACCES:
		if (other_pid && read)
			return "another user's process needs ptrace read "
			       "access (PTRACE_MODE_READ_FSCREDS), and --read "
			       "root (CAP_SYS_ADMIN)";
		if (other_pid)
			return "another user's process needs ptrace read "
			       "access (PTRACE_MODE_READ_FSCREDS), as "
			       "/proc/PID/pagemap does";
		if (read)
			return "--read needs root (CAP_SYS_ADMIN)";
		break;
	case ENOENT:
	case ENODEV:
	case ENXIO:
		if (backend == MS_BACKEND_MODULE)
			return "the memshare module is not loaded (insmod "
			       "memshare.ko); --backend pagemap works without "
			       "it";
		break;
	case EOPNOTSUPP:
		if (read && backend == MS_BACKEND_PAGEMAP)
			return "--read needs the module backend, not pagemap";
		if (read && backend != MS_BACKEND_MODULE)
			return "--read needs the module backend: the memshare "
			       "module is not loaded (insmod memshare.ko)";
		break;
	default:
		break;
	}
	return cli_hint(CLI_CTX_XLATE, err);
}

int cli_format_size(char *buf, size_t size, uint64_t bytes)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB",
					     "PiB", "EiB" };
	unsigned int u = 0;

	if (bytes < 1024)
		return snprintf(buf, size, "%" PRIu64 " bytes", bytes);
	while (u + 1 < sizeof(units) / sizeof(units[0]) &&
	       bytes >> (10 * (u + 2)))
		u++;
	if (!(bytes & ((UINT64_C(1) << (10 * (u + 1))) - 1)))
		return snprintf(buf, size, "%" PRIu64 " %s",
				bytes >> (10 * (u + 1)), units[u]);
	return snprintf(buf, size, "%.1f %s",
			(double)bytes / (double)(UINT64_C(1) << (10 * (u + 1))),
			units[u]);
}

static bool name_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

bool cli_name_valid(const char *name)
{
	size_t i;

	if (!name || !*name || strlen(name) > MEMSHARE_NAME_MAX - 1 ||
	    !strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	for (i = 0; name[i]; i++)
		if (!name_char_ok(name[i]))
			return false;
	return true;
}

const char *cli_create_hint(char *buf, size_t size, int err,
			    const char *name, uint64_t length,
			    uint32_t backend,
			    const struct memshare_version *v)
{
	char lim[32], req[32];
	bool contig = backend == MEMSHARE_BACKEND_CONTIG;

	if (err < 0)
		err = -err;
	cli_format_size(req, sizeof(req), length);
	if (v && (err == ENOSPC || err == ENOMEM || err == EMFILE ||
		  err == ENFILE || err == EBUSY) && name &&
	    v->max_named && v->nr_named >= v->max_named) {
		snprintf(buf, size, "all max_named (%" PRIu32 ") named buffers "
			 "exist (see memshare ls)", v->max_named);
		return buf;
	}
	if (err == EINVAL) {
		if (name && !cli_name_valid(name)) {
			snprintf(buf, size, "NAME must be 1-%d characters of "
				 "[A-Za-z0-9_.-]", MEMSHARE_NAME_MAX - 1);
			return buf;
		}
		if (!length) {
			snprintf(buf, size, "SIZE must not be zero");
			return buf;
		}
		if (v && length > v->max_buffer_bytes) {
			cli_format_size(lim, sizeof(lim), v->max_buffer_bytes);
			snprintf(buf, size, "%s is over the module limit "
				 "max_buffer_bytes = %" PRIu64 " (%s)", req,
				 (uint64_t)v->max_buffer_bytes, lim);
			return buf;
		}
		if (v && contig && length > v->max_contig_bytes) {
			cli_format_size(lim, sizeof(lim), v->max_contig_bytes);
			snprintf(buf, size, "%s is over the module limit "
				 "max_contig_bytes = %" PRIu64 " (%s)", req,
				 (uint64_t)v->max_contig_bytes, lim);
			return buf;
		}
		return NULL;
	}
	if (err == ENOMEM) {
		if (v && v->total_bytes + length > v->max_total_bytes) {
			char used[32];

			cli_format_size(lim, sizeof(lim), v->max_total_bytes);
			cli_format_size(used, sizeof(used), v->total_bytes);
			snprintf(buf, size, "over the module limit "
				 "max_total_bytes = %" PRIu64 " (%s; %s in use; "
				 "see memshare info)",
				 (uint64_t)v->max_total_bytes, lim, used);
			return buf;
		}
		if (v && contig && length > v->max_contig_bytes) {
			cli_format_size(lim, sizeof(lim), v->max_contig_bytes);
			snprintf(buf, size, "%s is over the module limit "
				 "max_contig_bytes = %" PRIu64 " (%s)", req,
				 (uint64_t)v->max_contig_bytes, lim);
			return buf;
		}
		if (contig) {
			snprintf(buf, size, "over the module limit (see "
				 "memshare info), or no %s of physically "
				 "contiguous memory is free", req);
			return buf;
		}
	}
	return cli_hint(CLI_CTX_CREATE, err);
}

const char *cli_pin_hint(char *buf, size_t size, int err, uint64_t length,
			 bool write, bool longterm, uint64_t memlock,
			 const struct memshare_version *v)
{
	char lim[32], req[32];
	bool over_module = v && v->max_pin_bytes &&
			   length > v->max_pin_bytes;

	if (err < 0)
		err = -err;
	cli_format_size(req, sizeof(req), length);
	if ((err == ENOMEM || err == EINVAL) && over_module) {
		cli_format_size(lim, sizeof(lim), v->max_pin_bytes);
		snprintf(buf, size, "%s is over the module limit "
			 "max_pin_bytes = %" PRIu64 " (%s; parameter "
			 "max_pin_size)", req, (uint64_t)v->max_pin_bytes, lim);
		return buf;
	}
	switch (err) {
	case ENOMEM:
		if (!longterm)
			return "out of memory (short-term pins are not "
			       "charged to RLIMIT_MEMLOCK)";
		if (memlock == CLI_MEMLOCK_UNLIMITED) {
			snprintf(buf, size, "out of memory (RLIMIT_MEMLOCK is "
				 "unlimited, asked %s)", req);
			return buf;
		}
		cli_format_size(lim, sizeof(lim), memlock);
		snprintf(buf, size, "long-term pins are charged to "
			 "RLIMIT_MEMLOCK (limit %s, asked %s%s): raise it with "
			 "ulimit -l or run with CAP_IPC_LOCK", lim, req,
			 length <= memlock ? "; the user's other locked memory "
			 "counts too" : "");
		return buf;
	case EINVAL:
		if (!length)
			return "SIZE must not be zero";
		return NULL;
	case EFAULT:
		if (write && longterm)
			return "part of the range is not mapped, or is "
			       "read-only and write access was asked, or is "
			       "file-backed memory the kernel does not pin "
			       "long-term for writing";
		if (write)
			return "part of the range is not mapped, or is "
			       "read-only and write access was asked";
		return "part of the range is not mapped";
	case EOPNOTSUPP:
	case EPERM:
		if (longterm)
			return "the kernel refuses long-term pins of this kind "
			       "of memory (file-backed or DAX); pin it "
			       "short-term";
		break;
	default:
		break;
	}
	return cli_hint(CLI_CTX_PIN, err);
}
