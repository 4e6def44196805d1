// SPDX-License-Identifier: MIT
/* cli_read_buf_attrs(): the attribute files memshare ls reads, faked in a
 * temporary directory, in the formats the module may use. */
#include <sys/stat.h>

#include "cli.h"
#include "testutil.h"

static void put(const char *dir, const char *name, const char *attr,
		const char *val)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s", dir, name, attr);
	f = fopen(path, "w");
	if (!f) {
		t_failures++;
		return;
	}
	fputs(val, f);
	fclose(f);
}

int main(void)
{
	char dir[] = "/tmp/memshare-sysfs-XXXXXX", cmd[600];
	struct cli_buf_attrs a;

	if (!mkdtemp(dir))
		return T_FAIL;

	/* names, decimal, hex address */
	put(dir, "ring", "size", "1048576\n");
	put(dir, "ring", "backend", "contig\n");
	put(dir, "ring", "policy", "eager\n");
	put(dir, "ring", "mappings", "3\n");
	put(dir, "ring", "phys_addr", "0x12340000\n");
	CHECK_INT(cli_read_buf_attrs(dir, "ring", &a), 0);
	CHECK_STR(a.name, "ring");
	CHECK(a.has_size);
	CHECK_U64(a.size, 1048576);
	CHECK_STR(a.backend, "contig");
	CHECK_STR(a.policy, "eager");
	CHECK(a.has_mappings);
	CHECK_U64(a.mappings, 3);
	CHECK(a.has_phys);
	CHECK_U64(a.phys_addr, 0x12340000);

	/* enum numbers, a zero address (not root / vmalloc), no newline */
	put(dir, "v", "size", "4096");
	put(dir, "v", "backend", "0\n");
	put(dir, "v", "policy", "1\n");
	put(dir, "v", "mappings", "0\n");
	put(dir, "v", "phys_addr", "0x0\n");
	CHECK_INT(cli_read_buf_attrs(dir, "v", &a), 0);
	CHECK_U64(a.size, 4096);
	CHECK_STR(a.backend, "vmalloc");
	CHECK_STR(a.policy, "eager");
	CHECK(a.has_mappings && a.mappings == 0);
	CHECK(!a.has_phys);

	/* missing and unparsable attributes stay unset */
	put(dir, "odd", "size", "lots\n");
	put(dir, "odd", "backend", "a-very-long-backend-name-beyond-the-field\n");
	CHECK_INT(cli_read_buf_attrs(dir, "odd", &a), 0);
	CHECK(!a.has_size);
	CHECK(!a.has_mappings);
	CHECK(!a.has_phys);
	CHECK_STR(a.policy, "");
	CHECK_INT(strlen(a.backend), sizeof(a.backend) - 1);
	CHECK(!strncmp(a.backend, "a-very-long-backend-name", 15));

	/* a buffer that went away */
	CHECK_INT(cli_read_buf_attrs(dir, "gone", &a), -ENOENT);

	CHECK_STR(cli_backend_name(MEMSHARE_BACKEND_CONTIG), "contig");
	CHECK_STR(cli_policy_name(MEMSHARE_MAP_LAZY), "lazy");
	CHECK_STR(cli_backend_name(7), "unknown");

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK_INT(system(cmd), 0);
	return t_result();
}
