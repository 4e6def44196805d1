// SPDX-License-Identifier: MIT
/* The CLI with the module loaded: `memshare --json xlate --read --page
 * --entries --pid P ADDR` uses the module backend and shows what the
 * module knows (level, page size, data, entries, page state), with the
 * physical address pagemap gives; `memshare maps --pid P` lists the
 * mapping; `memshare kaddr` classifies a self-test target. */
#include "mstest.h"

static char out[1 << 16];

static void run(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	size_t n;

	CHECK(p != NULL, "popen(%s): %s", cmd, strerror(errno));
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = 0;
	int st = pclose(p);

	CHECK(st == 0, "%s: exit status %d (output: %s)", cmd, st, out);
}

#define HAS(s) CHECK(strstr(out, (s)) != NULL, "output lacks %s: %s", (s), out)

int main(void)
{
	MST_INIT();
	if (!mst_have_cap_sys_admin())
		SKIP("needs root (--read, PFNs)");
	uint64_t *m = mmap(NULL, MST_PAGE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char cmd[256], want[128];

	CHECK(m != MAP_FAILED, "mmap: %s", strerror(errno));
	m[0] = 0x1122334455667788ULL;
	uint64_t pfn = mst_pagemap_pfn(m);

	snprintf(cmd, sizeof(cmd),
		 "memshare --json xlate --read --page --entries --pid %d %p",
		 (int)getpid(), (void *)m);
	run(cmd);
	HAS("\"backend\": \"module\"");
	HAS("\"present\": true");
	HAS("\"level\": \"pte\"");
	HAS("\"page_size\": 4096");
	HAS("\"data\": \"0x1122334455667788\"");
	HAS("\"pte\": \"0x");
	HAS("\"refcount\":");
	snprintf(want, sizeof(want), "\"pfn\": \"0x%" PRIx64 "\"", pfn);
	HAS(want);
	snprintf(want, sizeof(want), "\"paddr\": \"0x%" PRIx64 "\"", pfn << 12);
	HAS(want);

	snprintf(cmd, sizeof(cmd), "memshare maps --pid %d", (int)getpid());
	run(cmd);
	snprintf(want, sizeof(want), "%016" PRIx64 "-", (uint64_t)(uintptr_t)m);
	HAS(want);
	HAS(" stack ");

	/* kaddr of the module's global (debugfs is mounted by /init). */
	FILE *t = fopen("/sys/kernel/debug/memshare/targets", "r");
	char line[256], addr[64] = "";

	if (t) {
		while (fgets(line, sizeof(line), t))
			if (sscanf(line, "module-global %63s", addr) == 1)
				break;
		fclose(t);
	}
	if (addr[0]) {
		snprintf(cmd, sizeof(cmd), "memshare --json kaddr %s", addr);
		run(cmd);
		HAS("\"region\": \"module\"");
	}
	PASS();
}
