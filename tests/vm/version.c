// SPDX-License-Identifier: MIT
/* MEMSHARE_IOC_VERSION: ABI version, features, module version, limits and
 * live counters have sane, real values. */
#include "mstest.h"

static uint64_t param_size(const char *name, uint64_t dflt)
{
	char buf[64];
	uint64_t v;

	if (mst_param(name, buf, sizeof(buf)) <= 0)
		return dflt;
	if (ms_parse_size(buf, &v) < 0)
		FAIL("module param %s=\"%s\" does not parse as a size", name, buf);
	return v;
}

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	struct memshare_version v;
	char buf[64];

	/* Poison the output fields: the kernel must overwrite them. */
	memset(&v, 0xa5, sizeof(v));
	v.size = sizeof(v);
	v.flags = 0;
	v.__reserved0 = 0;	/* reserved fields must be zero on input */
	v.__reserved1 = 0;
	CHECK_OK(mst_ioctl(ctl, MEMSHARE_IOC_VERSION, &v), "MEMSHARE_IOC_VERSION");

	CHECK_EQ(v.abi_major, MEMSHARE_ABI_MAJOR, "abi_major");
	CHECK_EQ(v.abi_minor, MEMSHARE_ABI_MINOR, "abi_minor");
	CHECK(memchr(v.module_version, 0, sizeof(v.module_version)) != NULL,
	      "module_version is not NUL-terminated within 16 bytes");
	CHECK(v.module_version[0] != 0, "module_version is empty (got \"\", want e.g. \"0.1.0\")");

	uint64_t want_feat = MEMSHARE_FEAT_VMALLOC | MEMSHARE_FEAT_CONTIG |
			     MEMSHARE_FEAT_EAGER | MEMSHARE_FEAT_NAMED |
			     MEMSHARE_FEAT_ACCESS | MEMSHARE_FEAT_PIN |
			     MEMSHARE_FEAT_XLATE;
#ifdef __x86_64__
	want_feat |= MEMSHARE_FEAT_KADDR;	/* kaddr knows the x86-64 map */
#endif
	CHECK_EQX(v.features & want_feat, want_feat,
		  "features: vmalloc|contig|eager|named|access|pin|xlate|kaddr");
	CHECK_EQX(v.features & ~(want_feat | MEMSHARE_FEAT_CONTIG_LARGE), 0,
		  "features: unknown bits");
	CHECK(v.pt_levels == 4 || v.pt_levels == 5,
	      "pt_levels (got %u, want 4 or 5)", v.pt_levels);
	CHECK_EQ(v.__reserved1, 0, "__reserved1");

	/* Limits: the module parameters (defaults 1G, 2G, 64). */
	CHECK_EQ(v.max_buffer_bytes, param_size("max_buffer_size", 1ULL << 30),
		 "max_buffer_bytes (= param max_buffer_size)");
	CHECK_EQ(v.max_total_bytes, param_size("max_total_size", 2ULL << 30),
		 "max_total_bytes (= param max_total_size)");
	CHECK_EQ(v.max_pin_bytes, param_size("max_pin_size", 1ULL << 30),
		 "max_pin_bytes (= param max_pin_size)");
	uint64_t max_named = 64;
	if (mst_param("max_named", buf, sizeof(buf)) > 0)
		max_named = strtoull(buf, NULL, 0);
	CHECK_EQ(v.max_named, max_named, "max_named (= param max_named)");
	CHECK(v.max_contig_bytes >= MST_PAGE && v.max_contig_bytes % MST_PAGE == 0,
	      "max_contig_bytes (got %llu, want a non-zero multiple of 4096)",
	      (unsigned long long)v.max_contig_bytes);
	if (!(v.features & MEMSHARE_FEAT_CONTIG_LARGE))
		CHECK(v.max_contig_bytes <= (64ULL << 20),
		      "max_contig_bytes without CONTIG_LARGE (got %llu, want <= one buddy block)",
		      (unsigned long long)v.max_contig_bytes);

	/* Counters: this process holds nothing yet. */
	CHECK(v.nr_named <= v.nr_buffers, "nr_named %u > nr_buffers %u",
	      v.nr_named, v.nr_buffers);
	CHECK(v.total_bytes <= v.max_total_bytes, "total_bytes %llu > max_total_bytes",
	      (unsigned long long)v.total_bytes);
	CHECK(v.total_bytes >= (uint64_t)v.nr_buffers * MST_PAGE,
	      "total_bytes %llu < nr_buffers %u pages",
	      (unsigned long long)v.total_bytes, v.nr_buffers);
	if (mst_exists("/dev/memshare-" MST_SEED) && mst_exists("/dev/memshare-" MST_SEEDC)) {
		CHECK(v.nr_named >= 2, "nr_named with the param buffers (got %u, want >= 2)",
		      v.nr_named);
		CHECK(v.total_bytes >= MST_SEED_SIZE + MST_SEEDC_SIZE,
		      "total_bytes with the param buffers (got %llu, want >= %lu)",
		      (unsigned long long)v.total_bytes, MST_SEED_SIZE + MST_SEEDC_SIZE);
	}
	CHECK(v.pinned_pages >= v.nr_pins, "pinned_pages %llu < nr_pins %llu",
	      (unsigned long long)v.pinned_pages, (unsigned long long)v.nr_pins);
	NOTE("module %s features 0x%llx max_contig %llu total %llu buffers %u named %u mappings %llu pins %llu pinned_pages %llu",
	     v.module_version, (unsigned long long)v.features,
	     (unsigned long long)v.max_contig_bytes, (unsigned long long)v.total_bytes,
	     v.nr_buffers, v.nr_named, (unsigned long long)v.nr_mappings,
	     (unsigned long long)v.nr_pins, (unsigned long long)v.pinned_pages);

	/* The library agrees. */
	struct memshare_version lv;
	memset(&lv, 0, sizeof(lv));
	CHECK_OK(ms_version(ctl, &lv), "ms_version");
	CHECK_EQ(lv.abi_major, 1, "ms_version abi_major");
	CHECK_EQ(lv.max_buffer_bytes, v.max_buffer_bytes, "ms_version max_buffer_bytes");
	PASS();
}
