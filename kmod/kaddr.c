// SPDX-License-Identifier: GPL-2.0
/*
 * memshare: kernel address classification (MEMSHARE_IOC_KADDR).
 *
 * Given any kernel virtual address, say which region of the kernel's address
 * space it is in, how it is mapped and which page backs it, without ever
 * dereferencing it.  Only exported interfaces are used: the region bounds are
 * the <asm/pgtable_64_types.h> layout macros (their randomized bases,
 * page_offset_base, vmalloc_base and vmemmap_base, are exported), the kernel
 * page tables are read with lookup_address(), and the page is found with
 * virt_to_page() (direct map) or vmalloc_to_page() (vmalloc and modules),
 * checked against the page table walk.
 *
 * x86-64 only: lookup_address() and the layout are the architecture's.
 */
#include <linux/kallsyms.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "memshare.h"

#ifdef CONFIG_X86_64
#include <asm/cpu_entry_area.h>
#include <asm/fixmap.h>
#include <asm/pgtable.h>

struct ms_kregion {
	u32 region;
	unsigned long start;
	unsigned long end;		/* exclusive */
};

/* Sign-extended from the top implemented bit (47, or 56 with 5 levels). */
static bool ms_kaddr_canonical(unsigned long addr)
{
	unsigned int shift = 63 - __VIRTUAL_MASK_SHIFT;

	return (unsigned long)((long)(addr << shift) >> shift) == addr;
}

/*
 * Documentation/arch/x86/x86_64/mm.rst.  The fixed regions at the top
 * (cpu entry area, fixmap, modules, kernel image) are tested first; the
 * direct map ends at the next randomized region above it, if that comes
 * before its architectural end (CONFIG_RANDOMIZE_MEMORY packs the direct
 * map, vmalloc and vmemmap regions with random gaps).  The guard hole, LDT
 * remap, KASAN shadow, %esp fixup stacks and EFI regions are "unknown".
 */
static void ms_kaddr_region(unsigned long addr, struct ms_kregion *r)
{
	unsigned long vmemmap_end = VMEMMAP_START +
		(1UL << (MAX_PHYSMEM_BITS - PAGE_SHIFT)) * sizeof(struct page);
	unsigned long dm_end = PAGE_OFFSET + (1UL << MAX_PHYSMEM_BITS);

	*r = (struct ms_kregion){ .region = MEMSHARE_KR_UNKNOWN };
	if (!ms_kaddr_canonical(addr))
		return;

	if (addr < TASK_SIZE_MAX) {
		*r = (struct ms_kregion){ MEMSHARE_KR_USER, 0, TASK_SIZE_MAX };
	} else if (addr >= CPU_ENTRY_AREA_BASE &&
		   addr - CPU_ENTRY_AREA_BASE < CPU_ENTRY_AREA_MAP_SIZE) {
		*r = (struct ms_kregion){ MEMSHARE_KR_CPU_ENTRY_AREA,
			CPU_ENTRY_AREA_BASE,
			CPU_ENTRY_AREA_BASE + CPU_ENTRY_AREA_MAP_SIZE };
	} else if (addr >= FIXADDR_TOT_START && addr < FIXADDR_TOP + PAGE_SIZE) {
		/* fix_to_virt(0) is FIXADDR_TOP, the highest fixmap page */
		*r = (struct ms_kregion){ MEMSHARE_KR_FIXMAP,
			FIXADDR_TOT_START, FIXADDR_TOP + PAGE_SIZE };
	} else if (addr >= MODULES_VADDR && addr < MODULES_END) {
		*r = (struct ms_kregion){ MEMSHARE_KR_MODULE,
			MODULES_VADDR, MODULES_END };
	} else if (addr >= __START_KERNEL_map &&
		   addr - __START_KERNEL_map < KERNEL_IMAGE_SIZE) {
		/* refined by the mapping's permissions (ms_kaddr_image()) */
		*r = (struct ms_kregion){ MEMSHARE_KR_KERNEL_IMAGE,
			__START_KERNEL_map,
			__START_KERNEL_map + KERNEL_IMAGE_SIZE };
	} else if (addr >= VMEMMAP_START && addr < vmemmap_end) {
		*r = (struct ms_kregion){ MEMSHARE_KR_VMEMMAP,
			VMEMMAP_START, vmemmap_end };
	} else if (is_vmalloc_addr((void *)addr)) {
		*r = (struct ms_kregion){ MEMSHARE_KR_VMALLOC,
			VMALLOC_START, VMALLOC_END + 1 };
	} else if (addr >= PAGE_OFFSET) {
		if (VMALLOC_START > PAGE_OFFSET && VMALLOC_START < dm_end)
			dm_end = VMALLOC_START;
		if (VMEMMAP_START > PAGE_OFFSET && VMEMMAP_START < dm_end)
			dm_end = VMEMMAP_START;
		if (addr < dm_end)
			*r = (struct ms_kregion){ MEMSHARE_KR_DIRECT_MAP,
				PAGE_OFFSET, dm_end };
	}
}

/*
 * The kernel image's sections are told apart by their mapping, as
 * mark_rodata_ro() left it: text is executable, rodata read-only, data and
 * bss writable (the section symbols, _etext, __end_rodata..., are not
 * exported to modules).  An unmapped part (the holes freed between the
 * sections, or past the end) stays KERNEL_IMAGE.
 */
static u32 ms_kaddr_image(u64 kflags)
{
	if (!(kflags & MEMSHARE_KA_MAPPED))
		return MEMSHARE_KR_KERNEL_IMAGE;
	if (!(kflags & MEMSHARE_KA_NX))
		return MEMSHARE_KR_KERNEL_TEXT;
	if (kflags & MEMSHARE_KA_WRITE)
		return MEMSHARE_KR_KERNEL_DATA;
	return MEMSHARE_KR_KERNEL_RODATA;
}

/*
 * Read the kernel page table entry that maps @addr.  lookup_address() walks
 * init_mm's tables and returns a pointer to the leaf (or to the first
 * non-present entry above the PTE level); the entry itself is read with
 * copy_from_kernel_nofault(), as the table may be split or freed meanwhile
 * (set_memory_*(), vunmap()).  The entry is a snapshot.  The permissions
 * are the leaf's: the kernel's upper levels do not restrict them.
 */
static void ms_kaddr_walk(unsigned long addr, struct memshare_kaddr *k)
{
	unsigned int level;
	unsigned long size, pfn;
	pte_t *ptep;
	u64 val;

	ptep = lookup_address(addr, &level);
	if (!ptep || copy_from_kernel_nofault(&val, ptep, sizeof(val)))
		return;

	switch (level) {
	case PG_LEVEL_4K:
		k->level = MEMSHARE_LEVEL_PTE;
		size = PAGE_SIZE;
		pfn = pte_pfn(__pte(val));
		break;
	case PG_LEVEL_2M:
		k->level = MEMSHARE_LEVEL_PMD;
		size = PMD_SIZE;
		pfn = pmd_pfn(__pmd(val));
		break;
	case PG_LEVEL_1G:
		k->level = MEMSHARE_LEVEL_PUD;
		size = PUD_SIZE;
		pfn = pud_pfn(__pud(val));
		break;
	default:
		/* a non-present p4d: x86 has no leaves above PUD */
		k->level = MEMSHARE_LEVEL_P4D;
		k->entry = val;
		return;
	}
	k->entry = val;
	if (!(val & _PAGE_PRESENT))
		return;

	k->kflags |= MEMSHARE_KA_MAPPED;
	if (val & _PAGE_RW)
		k->kflags |= MEMSHARE_KA_WRITE;
	if (val & _PAGE_NX)
		k->kflags |= MEMSHARE_KA_NX;
	if (val & _PAGE_GLOBAL)
		k->kflags |= MEMSHARE_KA_GLOBAL;
	if (size > PAGE_SIZE)
		k->kflags |= MEMSHARE_KA_HUGE;
	k->page_size = size;
	k->pfn = pfn + ((addr & (size - 1)) >> PAGE_SHIFT);
	k->paddr = PFN_PHYS(k->pfn) | (addr & ~PAGE_MASK);
}

/*
 * The page by the region's own method, checked against the walk.  Returns
 * the pfn it found (or the walk's for KM_PAGE_TABLE), or -1UL for none.
 */
static unsigned long ms_kaddr_method(unsigned long addr,
				     struct memshare_kaddr *k)
{
	bool mapped = k->kflags & MEMSHARE_KA_MAPPED;
	struct page *page;

	switch (k->region) {
	case MEMSHARE_KR_DIRECT_MAP:
		if (!virt_addr_valid((void *)addr))
			break;
		k->method = MEMSHARE_KM_VIRT_TO_PAGE;
		return page_to_pfn(virt_to_page((void *)addr));
	case MEMSHARE_KR_VMALLOC:
	case MEMSHARE_KR_MODULE:
		/*
		 * Only on a 4K mapping: before 5.13, vmalloc_to_page() WARNs
		 * on a huge (PMD) leaf, which ioremap() and later vmalloc()
		 * may make.  Huge ones are left to the walk.
		 */
		if (!mapped || k->level != MEMSHARE_LEVEL_PTE)
			break;
		page = vmalloc_to_page((void *)addr);
		if (!page)
			return -1UL;
		k->method = MEMSHARE_KM_VMALLOC_TO_PAGE;
		return page_to_pfn(page);
	}
	if (!mapped)
		return -1UL;
	k->method = MEMSHARE_KM_PAGE_TABLE;
	return k->pfn;
}

static void ms_kaddr_resolve(unsigned long addr, struct memshare_kaddr *k)
{
	unsigned long pfn, stack;
	struct page *page;

	ms_kaddr_walk(addr, k);
	if (k->region == MEMSHARE_KR_KERNEL_IMAGE)
		k->region = ms_kaddr_image(k->kflags);

	pfn = ms_kaddr_method(addr, k);
	if (pfn != -1UL && (k->kflags & MEMSHARE_KA_MAPPED)) {
		if (pfn == k->pfn)
			k->kflags |= MEMSHARE_KA_AGREE;
	} else if (pfn != -1UL) {
		/* unmapped, but the method knows the page (secretmem...) */
		k->pfn = pfn;
		k->paddr = PFN_PHYS(pfn) | (addr & ~PAGE_MASK);
	}

	/*
	 * The kernel image has a second way to its pfns: __pa() through
	 * phys_base, as virt_to_page() takes it.  A disagreement clears
	 * KA_AGREE.
	 */
	if (k->method == MEMSHARE_KM_PAGE_TABLE &&
	    k->region >= MEMSHARE_KR_KERNEL_TEXT &&
	    k->region <= MEMSHARE_KR_KERNEL_DATA &&
	    virt_addr_valid((void *)addr) &&
	    page_to_pfn(virt_to_page((void *)addr)) != k->pfn)
		k->kflags &= ~MEMSHARE_KA_AGREE;

	/* Only pages with an initialized memmap: not offline memory. */
	if (pfn != -1UL) {
		page = pfn_to_online_page(k->pfn);
		if (page) {
			k->kflags |= MEMSHARE_KA_PAGE;
			ms_page_state(page, &k->page);
		}
	}

	stack = (unsigned long)task_stack_page(current);
	if (addr >= stack && addr - stack < THREAD_SIZE)
		k->kflags |= MEMSHARE_KA_CURRENT_STACK;
}

int ms_kaddr(struct file *file, struct memshare_kaddr *k)
{
	unsigned long addr = k->addr;
	struct ms_kregion r;
	char *sym;

	if (!ms_may_see_phys(file))
		return -EPERM;

	sym = kmalloc(KSYM_SYMBOL_LEN, GFP_KERNEL);
	if (!sym)
		return -ENOMEM;

	/* Every field but size, flags and addr is output. */
	*k = (struct memshare_kaddr){
		.size = k->size, .flags = k->flags, .addr = k->addr,
	};
	ms_kaddr_region(addr, &r);
	k->region = r.region;
	k->region_start = r.start;
	k->region_end = r.end;

	/*
	 * User addresses are per process (MEMSHARE_IOC_XLATE), and a
	 * non-canonical one would alias a real entry in the walk.
	 */
	if (r.region == MEMSHARE_KR_USER || !ms_kaddr_canonical(addr))
		goto out;

	ms_kaddr_resolve(addr, k);

	/*
	 * "name+0x10/0x40 [module]", or only the address when no symbol is
	 * known.  The "/size" part goes: kallsyms guesses it from the next
	 * symbol, which for a module's last data symbol is nonsense.
	 */
	sprint_symbol(sym, addr);
	if (strncmp(sym, "0x", 2)) {
		char *slash = strchr(sym, '/');

		if (slash) {
			char *rest = strchrnul(slash, ' ');

			memmove(slash, rest, strlen(rest) + 1);
		}
		strscpy(k->symbol, sym, sizeof(k->symbol));
	}
out:
	kfree(sym);
	return 0;
}

#else /* !CONFIG_X86_64 */

int ms_kaddr(struct file *file, struct memshare_kaddr *k)
{
	return -EOPNOTSUPP;
}

#endif
