// SPDX-License-Identifier: MIT
/* The names of the translation enums; "?" for unknown values. */
#include <memshare.h>

#include "testutil.h"

int main(void)
{
	static const char *const kinds[] = { "none", "anon", "file", "shmem",
		"hugetlb", "pfnmap", "stack", "heap", "memshare", "special" };
	static const char *const regions[] = { "unknown", "user",
		"direct-map", "vmalloc", "module", "kernel-text",
		"kernel-rodata", "kernel-data", "fixmap", "vmemmap",
		"cpu-entry-area", "kernel-image" };
	static const char *const levels[] = { "none", "pte", "pmd", "pud",
		"p4d", "pgd" };
	static const char *const methods[] = { "none", "virt_to_page",
		"vmalloc_to_page", "page-table" };
	unsigned int i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		CHECK_STR(ms_vma_kind_name(i), kinds[i]);
	CHECK_INT(MEMSHARE_VMA_SPECIAL, 9);
	CHECK_STR(ms_vma_kind_name(10), "?");
	CHECK_STR(ms_vma_kind_name(~0U), "?");

	for (i = 0; i < sizeof(regions) / sizeof(regions[0]); i++)
		CHECK_STR(ms_kregion_name(i), regions[i]);
	CHECK_INT(MEMSHARE_KR_KERNEL_IMAGE, 11);
	CHECK_STR(ms_kregion_name(12), "?");
	CHECK_STR(ms_kregion_name(~0U), "?");

	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		CHECK_STR(ms_level_name(i), levels[i]);
	CHECK_INT(MEMSHARE_LEVEL_PGD, 5);
	CHECK_STR(ms_level_name(6), "?");

	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		CHECK_STR(ms_kmethod_name(i), methods[i]);
	CHECK_INT(MEMSHARE_KM_PAGE_TABLE, 3);
	CHECK_STR(ms_kmethod_name(4), "?");

	CHECK_STR(ms_backend_name(MS_BACKEND_AUTO), "auto");
	CHECK_STR(ms_backend_name(MS_BACKEND_MODULE), "module");
	CHECK_STR(ms_backend_name(MS_BACKEND_PAGEMAP), "pagemap");
	CHECK_STR(ms_backend_name(3), "?");
	CHECK_STR(ms_backend_name(-1), "?");
	return t_result();
}
