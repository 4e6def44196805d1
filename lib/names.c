// SPDX-License-Identifier: MIT
/*
 * libmemshare: names of the translation enums, as the CLI prints them.
 * Values this library does not know give "?".
 */
#include "internal.h"

#define NAME_OF(table, v) \
	((v) < sizeof(table) / sizeof((table)[0]) && (table)[v] ? \
	 (table)[v] : "?")

static const char *const vma_kinds[] = {
	[MEMSHARE_VMA_NONE] = "none",
	[MEMSHARE_VMA_ANON] = "anon",
	[MEMSHARE_VMA_FILE] = "file",
	[MEMSHARE_VMA_SHMEM] = "shmem",
	[MEMSHARE_VMA_HUGETLB] = "hugetlb",
	[MEMSHARE_VMA_PFNMAP] = "pfnmap",
	[MEMSHARE_VMA_STACK] = "stack",
	[MEMSHARE_VMA_HEAP] = "heap",
	[MEMSHARE_VMA_MEMSHARE] = "memshare",
	[MEMSHARE_VMA_SPECIAL] = "special",
};

static const char *const kregions[] = {
	[MEMSHARE_KR_UNKNOWN] = "unknown",
	[MEMSHARE_KR_USER] = "user",
	[MEMSHARE_KR_DIRECT_MAP] = "direct-map",
	[MEMSHARE_KR_VMALLOC] = "vmalloc",
	[MEMSHARE_KR_MODULE] = "module",
	[MEMSHARE_KR_KERNEL_TEXT] = "kernel-text",
	[MEMSHARE_KR_KERNEL_RODATA] = "kernel-rodata",
	[MEMSHARE_KR_KERNEL_DATA] = "kernel-data",
	[MEMSHARE_KR_FIXMAP] = "fixmap",
	[MEMSHARE_KR_VMEMMAP] = "vmemmap",
	[MEMSHARE_KR_CPU_ENTRY_AREA] = "cpu-entry-area",
	[MEMSHARE_KR_KERNEL_IMAGE] = "kernel-image",
};

static const char *const levels[] = {
	[MEMSHARE_LEVEL_NONE] = "none",
	[MEMSHARE_LEVEL_PTE] = "pte",
	[MEMSHARE_LEVEL_PMD] = "pmd",
	[MEMSHARE_LEVEL_PUD] = "pud",
	[MEMSHARE_LEVEL_P4D] = "p4d",
	[MEMSHARE_LEVEL_PGD] = "pgd",
};

static const char *const kmethods[] = {
	[MEMSHARE_KM_NONE] = "none",
	[MEMSHARE_KM_VIRT_TO_PAGE] = "virt_to_page",
	[MEMSHARE_KM_VMALLOC_TO_PAGE] = "vmalloc_to_page",
	[MEMSHARE_KM_PAGE_TABLE] = "page-table",
};

static const char *const backends[] = {
	[MS_BACKEND_AUTO] = "auto",
	[MS_BACKEND_MODULE] = "module",
	[MS_BACKEND_PAGEMAP] = "pagemap",
};

MS_EXPORT const char *ms_vma_kind_name(unsigned int kind)
{
	return NAME_OF(vma_kinds, kind);
}

MS_EXPORT const char *ms_kregion_name(unsigned int region)
{
	return NAME_OF(kregions, region);
}

MS_EXPORT const char *ms_level_name(unsigned int level)
{
	return NAME_OF(levels, level);
}

MS_EXPORT const char *ms_kmethod_name(unsigned int method)
{
	return NAME_OF(kmethods, method);
}

MS_EXPORT const char *ms_backend_name(int backend)
{
	if (backend < 0)
		return "?";
	return NAME_OF(backends, (unsigned int)backend);
}
