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

#endif /* MEMSHARE_TOOLS_CLI_H */
