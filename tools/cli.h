/* SPDX-License-Identifier: MIT */
/* The memshare CLI: entry point and the helpers the unit tests use. */
#ifndef MEMSHARE_TOOLS_CLI_H
#define MEMSHARE_TOOLS_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/memshare.h>

#define CLI_VERSION "0.3.0"

/* The whole CLI: parses @argv and runs the command; returns the exit code
 * (0 success, 1 error, 2 usage error). */
int cli_main(int argc, char **argv);

/* A named buffer as sysfs describes it (/sys/class/memshare/NAME/). */
struct cli_buf_attrs {
	char name[MEMSHARE_NAME_MAX];
	bool has_size;
	uint64_t size;
	char backend[16];		/* "vmalloc", "contig", "" if unknown */
	char policy[16];		/* "lazy", "eager", "" if unknown */
	bool has_mappings;
	uint64_t mappings;
	bool has_phys;			/* readable (root) and non-zero */
	uint64_t phys_addr;
};

/*
 * Read the attributes of @name under the class directory @classdir.
 * Returns 0 (missing or unparsable attributes are left unset), or -errno
 * when the buffer's directory cannot be opened.
 */
int cli_read_buf_attrs(const char *classdir, const char *name,
		       struct cli_buf_attrs *a);

/* Names for enum memshare_backend / enum memshare_policy values. */
const char *cli_backend_name(uint32_t backend);
const char *cli_policy_name(uint32_t policy);

/* ---- what the commands in other files (xlate.c) share with cli.c ---- */

struct cli {
	bool json;
};

/* The options a command was given. */
struct cmd_opts {
	bool contig, eager, longterm;
	bool has_offset, has_length;
	uint64_t offset, length;
	bool entries, page, read;	/* xlate */
	int pid;			/* --pid; 0: memshare itself */
	int backend;			/* --backend: enum ms_xlate_backend */
};

struct cmd {
	const char *name;
	const char *args;	/* usage after the name */
	const char *help;
	unsigned int opts;	/* OPTF_* the command accepts */
	int min_pos, max_pos;	/* positional arguments */
	int (*fn)(struct cli *c, const struct cmd *cmd, char **pos,
		  const struct cmd_opts *o);
};

struct json;

/* "error": {"what": ..., "errno": ..., ...} as a member of an object. */
void cli_json_error(struct json *j, const char *what, int err,
		    const char *hint);

/* The error line on stderr (and {"error": ...} with --json); returns 1. */
int cli_fail(struct cli *c, const char *what, int err, const char *hint);

/* "memshare: MSG; usage: ..." on stderr (and JSON); returns 2. */
__attribute__((format(printf, 3, 4)))
int cli_usage_error(struct cli *c, const struct cmd *cmd, const char *fmt,
		    ...);

/* The commands of xlate.c: xlate, maps, kaddr. */
int cli_cmd_xlate(struct cli *c, const struct cmd *cmd, char **pos,
		  const struct cmd_opts *o);
int cli_cmd_maps(struct cli *c, const struct cmd *cmd, char **pos,
		 const struct cmd_opts *o);
int cli_cmd_kaddr(struct cli *c, const struct cmd *cmd, char **pos,
		  const struct cmd_opts *o);

/*
 * Parse ADDR, hexadecimal (0x...) or decimal, into *@addr: 0, -EINVAL or
 * -ERANGE.
 */
int cli_parse_addr(const char *s, uint64_t *addr);

/*
 * Parse ADDR or START-END (END exclusive, not checked against START): 0
 * for an address (*@start), 1 for a range, or -EINVAL or -ERANGE.
 */
int cli_parse_addr_range(const char *s, uint64_t *start, uint64_t *end);

#endif /* MEMSHARE_TOOLS_CLI_H */
