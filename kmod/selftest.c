// SPDX-License-Identifier: GPL-2.0
/*
 * memshare: debugfs self-test targets for MEMSHARE_IOC_KADDR.
 *
 * /sys/kernel/debug/memshare/targets (root only) lists one kernel address
 * of each kind the classification knows, one a line:
 *
 *	NAME 0xADDRESS EXPECTED_REGION
 *
 * so that a test can classify each and check the answer.  The objects live
 * from module load to unload.  "stack" is an address in the kernel stack of
 * the thread reading the file: it stays valid while that thread lives.
 * "compound-tail" is page 1 of an order-2 compound page; "kmap" a page
 * mapped with kmap_local_page() (on 64-bit, its direct map address).
 */
#include <linux/ctype.h>
#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "memshare.h"

#ifdef CONFIG_X86_64
#include <asm/cpu_entry_area.h>
#include <asm/fixmap.h>
#endif

#define MS_ST_VMALLOC_PAGES	3
#define MS_ST_COMPOUND_ORDER	2

static struct {
	struct dentry *dir;
	void *kmalloc;
	void *vmalloc;
	struct page *page;		/* alloc_pages(), order 0 */
	struct page *compound;		/* order 2, __GFP_COMP */
	struct page *kmap_page;		/* GFP_HIGHUSER */
} ms_st;

/* The module global target. */
static unsigned long ms_st_global;

static void ms_st_line(struct seq_file *m, const char *name,
		       const void *addr, const char *region)
{
	/*
	 * The raw address (what %px prints) is the point of this root-only
	 * (0400) debugfs file: its reader hands it to MEMSHARE_IOC_KADDR,
	 * which itself needs CAP_SYS_ADMIN.
	 */
	seq_printf(m, "%s 0x%lx %s\n", name, (unsigned long)addr, region);
}

static int ms_st_targets_show(struct seq_file *m, void *unused)
{
	unsigned long on_stack = 0;	/* only its address is used */
	void *kmap;

	ms_st_line(m, "kmalloc", ms_st.kmalloc, "direct-map");
	ms_st_line(m, "vmalloc", ms_st.vmalloc, "vmalloc");
	ms_st_line(m, "module-global", &ms_st_global, "module");
	ms_st_line(m, "alloc-pages", page_address(ms_st.page), "direct-map");
	ms_st_line(m, "compound-tail", page_address(ms_st.compound + 1),
		   "direct-map");
	/*
	 * Without CONFIG_HIGHMEM (64-bit) kmap_local_page() is
	 * page_address(), valid after kunmap_local(); with it, this would be
	 * a fixmap slot, valid only until then.
	 */
	kmap = kmap_local_page(ms_st.kmap_page);
	ms_st_line(m, "kmap", kmap,
		   IS_ENABLED(CONFIG_HIGHMEM) ? "fixmap" : "direct-map");
	kunmap_local(kmap);
	/* Only the addresses are taken: exported text, rodata and data. */
	ms_st_line(m, "kernel-text", (const void *)kfree, "kernel-text");
	ms_st_line(m, "kernel-rodata", _ctype, "kernel-rodata");
	ms_st_line(m, "kernel-data", (const void *)&jiffies, "kernel-data");
	ms_st_line(m, "stack", &on_stack,
		   IS_ENABLED(CONFIG_VMAP_STACK) ? "vmalloc" : "direct-map");
	ms_st_line(m, "vmemmap", ms_st.page, "vmemmap");
#ifdef CONFIG_X86_64
	ms_st_line(m, "fixmap", (void *)fix_to_virt(FIX_APIC_BASE), "fixmap");
	ms_st_line(m, "cpu-entry-area", CPU_ENTRY_AREA_RO_IDT_VADDR,
		   "cpu-entry-area");
#endif
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ms_st_targets);

static void ms_st_free(void)
{
	if (ms_st.kmap_page)
		__free_page(ms_st.kmap_page);
	if (ms_st.compound)
		__free_pages(ms_st.compound, MS_ST_COMPOUND_ORDER);
	if (ms_st.page)
		__free_page(ms_st.page);
	vfree(ms_st.vmalloc);
	kfree(ms_st.kmalloc);
	memset(&ms_st, 0, sizeof(ms_st));
}

int ms_selftest_init(void)
{
	ms_st.kmalloc = kmalloc(128, GFP_KERNEL);
	ms_st.vmalloc = vmalloc(MS_ST_VMALLOC_PAGES * PAGE_SIZE);
	ms_st.page = alloc_page(GFP_KERNEL);
	ms_st.compound = alloc_pages(GFP_KERNEL | __GFP_COMP,
				     MS_ST_COMPOUND_ORDER);
	ms_st.kmap_page = alloc_page(GFP_HIGHUSER);
	if (!ms_st.kmalloc || !ms_st.vmalloc || !ms_st.page ||
	    !ms_st.compound || !ms_st.kmap_page) {
		ms_st_free();
		return -ENOMEM;
	}
	ms_st_global = jiffies;

	/* Debugfs is optional: failures here are not errors. */
	ms_st.dir = debugfs_create_dir("memshare", NULL);
	debugfs_create_file("targets", 0400, ms_st.dir, NULL,
			    &ms_st_targets_fops);
	return 0;
}

void ms_selftest_exit(void)
{
	debugfs_remove_recursive(ms_st.dir);
	ms_st_free();
}
