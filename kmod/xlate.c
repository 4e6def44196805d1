// SPDX-License-Identifier: GPL-2.0
/*
 * memshare: address translation (MEMSHARE_IOC_XLATE).
 *
 * A process's page tables are read as GUP-fast reads them (mm/gup.c): with
 * interrupts off, each level is read once (READ_ONCE()) and the next level
 * is reached from that copy, never from the live entry.  Page table pages
 * are freed only after an IPI or an RCU grace period (tlb_remove_table(),
 * pte_free_defer()), which a CPU with interrupts off holds off, so the
 * tables read stay allocated while they are read, under concurrent munmap(),
 * THP split or collapse, and migration.  The mmap lock is held for reading
 * so that the VMAs are stable (6.5+ exports no pte_offset_map_lock() to
 * modules, and none of this needs the PTE lock).  Each entry is a
 * snapshot: valid when it was read.
 *
 * The mmap lock is never held while user memory is accessed (the target
 * may be the caller's own mm): entries are built into a kernel buffer a
 * chunk at a time, and copied out after the lock is dropped.
 *
 * struct page state and the 8 bytes at the physical address are read with
 * interrupts on and a speculative reference on the folio; the entry is read
 * again after the reference is taken, and must still map the page.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/highmem.h>
#include <linux/hugetlb.h>
#include <linux/limits.h>
#include <linux/magic.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/pgtable.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/uaccess.h>

#include "memshare.h"

/* Entries built per hold of the mmap lock, and copied out at once. */
#define MS_XCHUNK	128
/* Batch form: addresses walked per section with interrupts off. */
#define MS_XGROUP	16
/* Range form: PTE tables walked per hold of the mmap lock. */
#define MS_XBUDGET	64
/* Paths gathered per hold of the mmap lock, before they are copied out. */
#define MS_XSTRBUF	(2 * PATH_MAX)
/* Batch form: attempts at a stable page reference. */
#define MS_XTRIES	3

/* The flags that describe the leaf entry and the mapping, not the output. */
#define MS_XF_UNIT	(~(MEMSHARE_XF_PAGE | MEMSHARE_XF_PHYS |		\
			   MEMSHARE_XF_DATA | MEMSHARE_XF_PFNMAP_HELPER))

u32 ms_pt_levels(void)
{
	return PTRS_PER_P4D > 1 ? 5 : 4;
}

/* The page table entries above and at one address. */
struct ms_walk {
	u64 ent[MEMSHARE_ENT_NR];
	u32 level;		/* where the walk stopped */
	unsigned long size;	/* bytes the entry at @level maps */
	unsigned int nr_ptes;	/* PTE level: entries copied */
};

/* A run of pages with one description (one page, one huge leaf, a gap). */
struct ms_unit {
	unsigned long addr;
	unsigned long len;
	u64 flags;		/* MEMSHARE_XF_* of MS_XF_UNIT */
	u32 level;
	u64 page_size;
	unsigned long pfn;	/* XF_PRESENT: at @addr */
	u32 swap_type;
	u64 swap_offset;
	u64 ent[MEMSHARE_ENT_NR];
	struct vm_area_struct *vma;
};

struct ms_xctx {
	struct memshare_xlate *x;
	struct mm_struct *mm;
	bool phys;
	u32 pt_levels;
	bool page;				/* fill struct page state */
	pte_t *ptes;				/* range: PTRS_PER_PTE */
	u64 *addrs;				/* batch: nchunk */
	/*
	 * batch: the walks of a group of addresses (not on the stack, which
	 * is zeroed on each call with CONFIG_INIT_STACK_ALL_ZERO)
	 */
	struct vm_area_struct *gvma[MS_XGROUP];
	struct ms_walk w[MS_XGROUP];
	pte_t pte[MS_XGROUP];
	struct memshare_xlate_entry *ents;	/* nchunk */
	unsigned int nchunk;
	unsigned int nents;
	u64 nout;				/* entries copied out */
	/* batch: the VMA last found, in this hold of the lock */
	struct vm_area_struct *look;
	/* the VMA last described, in this hold of the lock */
	struct vm_area_struct *vma;
	u32 vma_kind;
	u32 vma_flags;
	/* XLATE_PATHS */
	char *scratch;				/* d_path(): PATH_MAX */
	char *last;				/* the last path: PATH_MAX */
	u32 last_off;				/* ... its offset, or NO_PATH */
	struct vm_area_struct *path_vma;	/* ... its VMA, this hold */
	char *pend;				/* MS_XSTRBUF, to copy out */
	u32 pend_len;
	u32 str_used;				/* copied out */
	/* range form: the extent being built */
	struct memshare_xlate_entry cur;
	bool have_cur;
	u64 cur_flags;
	unsigned long cur_next_pfn;
	u64 cur_next_off;
	/* ... extended by the fast path while the next PTE is cur_next_pte */
	bool fast;
	u64 cur_next_pte;
};

/* ---- the walk ------------------------------------------------------------ */

/*
 * Walk @mm's page tables at @addr; interrupts are off.  At the PTE level,
 * copy the entries from @addr up to @end or the end of the PTE table, at
 * most @max of them, to @ptes.
 */
static void ms_walk_irqs_off(struct mm_struct *mm, unsigned long addr,
			     unsigned long end, struct ms_walk *w,
			     pte_t *ptes, unsigned int max)
{
	unsigned long n;
	pgd_t *pgdp, pgd;
	p4d_t *p4dp, p4d;
	pud_t *pudp, pud;
	pmd_t *pmdp, pmd;
	pte_t *ptep;
	unsigned int i;

	for (i = 0; i < MEMSHARE_ENT_NR; i++)
		w->ent[i] = 0;
	w->nr_ptes = 0;
	pgdp = pgd_offset(mm, addr);
	pgd = READ_ONCE(*pgdp);
	w->ent[MEMSHARE_ENT_PGD] = pgd_val(pgd);
	w->level = MEMSHARE_LEVEL_PGD;
	w->size = PGDIR_SIZE;
	if (pgd_none(pgd) || pgd_bad(pgd))
		return;

	p4dp = p4d_offset(&pgd, addr);
	p4d = READ_ONCE(*p4dp);
	w->ent[MEMSHARE_ENT_P4D] = p4d_val(p4d);
	w->level = MEMSHARE_LEVEL_P4D;
	w->size = P4D_SIZE;
	if (p4d_none(p4d) || p4d_bad(p4d))
		return;

	pudp = pud_offset(&p4d, addr);
	pud = READ_ONCE(*pudp);
	w->ent[MEMSHARE_ENT_PUD] = pud_val(pud);
	w->level = MEMSHARE_LEVEL_PUD;
	w->size = PUD_SIZE;
	if (pud_none(pud) || !pud_present(pud) || pud_leaf(pud) ||
	    pud_bad(pud))
		return;

	pmdp = pmd_offset(&pud, addr);
	pmd = READ_ONCE(*pmdp);
	w->ent[MEMSHARE_ENT_PMD] = pmd_val(pmd);
	w->level = MEMSHARE_LEVEL_PMD;
	w->size = PMD_SIZE;
	if (pmd_none(pmd) || !pmd_present(pmd) || pmd_leaf(pmd) ||
	    pmd_bad(pmd))
		return;

	w->level = MEMSHARE_LEVEL_PTE;
	w->size = PAGE_SIZE;
	ptep = pte_offset_kernel(&pmd, addr);
	n = (pmd_addr_end(addr, end) - addr) >> PAGE_SHIFT;
	n = clamp_t(unsigned long, n, 1, max);
	for (i = 0; i < n; i++)
		ptes[i] = READ_ONCE(ptep[i]);
	w->nr_ptes = n;
	w->ent[MEMSHARE_ENT_PTE] = pte_val(ptes[0]);
}

/* Walk @mm's page tables at @addr with interrupts off (see above). */
static void ms_walk(struct mm_struct *mm, unsigned long addr,
		    unsigned long end, struct ms_walk *w, pte_t *ptes,
		    unsigned int max)
{
	unsigned long flags;

	local_irq_save(flags);
	ms_walk_irqs_off(mm, addr, end, w, ptes, max);
	local_irq_restore(flags);
}

/* x86 bits that have no generic accessor. */
static u64 ms_arch_flags(u64 val)
{
	u64 f = 0;
#ifdef CONFIG_X86
	pteval_t bits = pte_flags(__pte(val));

	if (bits & _PAGE_USER)
		f |= MEMSHARE_XF_USER;
	if (bits & _PAGE_NX)
		f |= MEMSHARE_XF_NX;
	/*
	 * Without _PAGE_PRESENT, the global bit is _PAGE_PROTNONE: a
	 * PROT_NONE entry (pte_protnone() says so only with NUMA balancing).
	 */
	if ((bits & (_PAGE_GLOBAL | _PAGE_PRESENT)) ==
	    (_PAGE_GLOBAL | _PAGE_PRESENT))
		f |= MEMSHARE_XF_GLOBAL;
	if ((bits & (_PAGE_PROTNONE | _PAGE_PRESENT)) == _PAGE_PROTNONE)
		f |= MEMSHARE_XF_PROTNONE;
#endif
	return f;
}

/* A non-present, non-empty entry of any level (PTE format). */
static void ms_decode_swap(struct ms_unit *u, u64 val)
{
	pte_t pte = __pte(val);
	swp_entry_t e = ms_pte_to_swp(pte);

#ifdef CONFIG_HAVE_ARCH_SOFT_DIRTY
	if (pte_swp_soft_dirty(pte))
		u->flags |= MEMSHARE_XF_SOFT_DIRTY;
#endif
	if (ms_swp_is_swap(e)) {
		u->flags |= MEMSHARE_XF_SWAP;
	} else if (ms_swp_is_migration(e)) {
		u->flags |= MEMSHARE_XF_MIGRATION;
	} else {
		u->flags |= MEMSHARE_XF_NONPRESENT_OTHER;
		return;
	}
	u->swap_type = swp_type(e);
	u->swap_offset = swp_offset(e);
}

static void ms_decode_pte(struct ms_unit *u, pte_t pte)
{
	if (pte_none(pte))
		return;
	if (!pte_present(pte)) {
		ms_decode_swap(u, pte_val(pte));
		return;
	}
	u->flags |= MEMSHARE_XF_PRESENT | ms_arch_flags(pte_val(pte));
	if (pte_write(pte))
		u->flags |= MEMSHARE_XF_WRITE;
	if (pte_young(pte))
		u->flags |= MEMSHARE_XF_ACCESSED;
	if (pte_dirty(pte))
		u->flags |= MEMSHARE_XF_DIRTY;
#ifdef CONFIG_HAVE_ARCH_SOFT_DIRTY
	if (pte_soft_dirty(pte))
		u->flags |= MEMSHARE_XF_SOFT_DIRTY;
#endif
	if (pte_protnone(pte))
		u->flags |= MEMSHARE_XF_PROTNONE;
	if (pte_special(pte))
		u->flags |= MEMSHARE_XF_SPECIAL;
	u->pfn = pte_pfn(pte);
	u->page_size = PAGE_SIZE;
}

static void ms_decode_pmd(struct ms_unit *u, pmd_t pmd)
{
	if (pmd_none(pmd))
		return;
	u->flags |= MEMSHARE_XF_HUGE;
	if (!pmd_present(pmd)) {
		ms_decode_swap(u, pmd_val(pmd));
		return;
	}
	u->flags |= MEMSHARE_XF_PRESENT | ms_arch_flags(pmd_val(pmd));
	if (pmd_write(pmd))
		u->flags |= MEMSHARE_XF_WRITE;
	if (pmd_young(pmd))
		u->flags |= MEMSHARE_XF_ACCESSED;
	if (pmd_dirty(pmd))
		u->flags |= MEMSHARE_XF_DIRTY;
#ifdef CONFIG_HAVE_ARCH_SOFT_DIRTY
	if (pmd_soft_dirty(pmd))
		u->flags |= MEMSHARE_XF_SOFT_DIRTY;
#endif
	if (pmd_protnone(pmd))
		u->flags |= MEMSHARE_XF_PROTNONE;
	if (pmd_trans_huge(pmd) && !is_vm_hugetlb_page(u->vma))
		u->flags |= MEMSHARE_XF_THP;
	u->pfn = pmd_pfn(pmd) + ((u->addr & ~PMD_MASK) >> PAGE_SHIFT);
	u->page_size = PMD_SIZE;
}

static void ms_decode_pud(struct ms_unit *u, pud_t pud)
{
	if (pud_none(pud))
		return;
	u->flags |= MEMSHARE_XF_HUGE;
	if (!pud_present(pud)) {
		ms_decode_swap(u, pud_val(pud));
		return;
	}
	u->flags |= MEMSHARE_XF_PRESENT | ms_arch_flags(pud_val(pud));
	if (pud_write(pud))
		u->flags |= MEMSHARE_XF_WRITE;
	if (pud_young(pud))
		u->flags |= MEMSHARE_XF_ACCESSED;
	if (pud_dirty(pud))
		u->flags |= MEMSHARE_XF_DIRTY;
	u->pfn = pud_pfn(pud) + ((u->addr & ~PUD_MASK) >> PAGE_SHIFT);
	u->page_size = PUD_SIZE;
}

/*
 * Describe the unit at @addr of @vma from the walk @w: at the PTE level,
 * the page of ptes[@i]; above, the entry at @w->level.
 */
static void ms_decode(struct ms_unit *u, struct vm_area_struct *vma,
		      unsigned long addr, const struct ms_walk *w,
		      const pte_t *ptes, unsigned int i)
{
	/* Not memset(): this is per page. */
	u->addr = addr;
	u->len = 0;
	u->flags = MEMSHARE_XF_MAPPED;
	u->level = w->level;
	u->page_size = 0;
	u->pfn = 0;
	u->swap_type = 0;
	u->swap_offset = 0;
	memcpy(u->ent, w->ent, sizeof(u->ent));
	u->vma = vma;

	switch (w->level) {
	case MEMSHARE_LEVEL_PTE:
		u->ent[MEMSHARE_ENT_PTE] = pte_val(ptes[i]);
		ms_decode_pte(u, ptes[i]);
		break;
	case MEMSHARE_LEVEL_PMD:
		ms_decode_pmd(u, __pmd(w->ent[MEMSHARE_ENT_PMD]));
		break;
	case MEMSHARE_LEVEL_PUD:
		ms_decode_pud(u, __pud(w->ent[MEMSHARE_ENT_PUD]));
		break;
	default:
		break;
	}
	if ((u->flags & MEMSHARE_XF_PRESENT) && is_zero_pfn(u->pfn))
		u->flags |= MEMSHARE_XF_ZERO_PAGE;
	/* 4 levels: the p4d is the pgd. */
	if (PTRS_PER_P4D == 1)
		u->ent[MEMSHARE_ENT_P4D] = u->ent[MEMSHARE_ENT_PGD];
}

/* ---- the VMA ------------------------------------------------------------- */

static u32 ms_vma_kind(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct file *file = vma->vm_file;

	if (file && ms_file_is_buffer(file))
		return MEMSHARE_VMA_MEMSHARE;
	if (is_vm_hugetlb_page(vma))
		return MEMSHARE_VMA_HUGETLB;
	if (vma->vm_flags & (VM_PFNMAP | VM_IO))
		return MEMSHARE_VMA_PFNMAP;
	if (file) {
		/* shmem_mapping() is not exported to modules up to 6.1. */
		if (file_inode(file)->i_sb->s_magic == TMPFS_MAGIC)
			return MEMSHARE_VMA_SHMEM;
		return MEMSHARE_VMA_FILE;
	}
	if ((vma->vm_start <= mm->start_stack &&
	     mm->start_stack < vma->vm_end) || (vma->vm_flags & VM_GROWSDOWN))
		return MEMSHARE_VMA_STACK;
	/* As /proc/PID/maps names [heap]. */
	if (vma->vm_start <= mm->brk && vma->vm_end >= mm->start_brk)
		return MEMSHARE_VMA_HEAP;
	if (!vma_is_anonymous(vma))
		return MEMSHARE_VMA_SPECIAL;
	return MEMSHARE_VMA_ANON;
}

static u32 ms_vma_flags(const struct vm_area_struct *vma)
{
	static const struct {
		unsigned long vm;
		u32 f;
	} map[] = {
		{ VM_READ, MEMSHARE_VMA_F_READ },
		{ VM_WRITE, MEMSHARE_VMA_F_WRITE },
		{ VM_EXEC, MEMSHARE_VMA_F_EXEC },
		{ VM_SHARED, MEMSHARE_VMA_F_SHARED },
		{ VM_LOCKED, MEMSHARE_VMA_F_LOCKED },
		{ VM_IO, MEMSHARE_VMA_F_IO },
		{ VM_PFNMAP, MEMSHARE_VMA_F_PFNMAP },
		{ VM_MIXEDMAP, MEMSHARE_VMA_F_MIXEDMAP },
		{ VM_HUGETLB, MEMSHARE_VMA_F_HUGETLB },
		{ VM_GROWSDOWN, MEMSHARE_VMA_F_GROWSDOWN },
		{ VM_HUGEPAGE, MEMSHARE_VMA_F_HUGEPAGE },
		{ VM_NOHUGEPAGE, MEMSHARE_VMA_F_NOHUGEPAGE },
		{ VM_SOFTDIRTY, MEMSHARE_VMA_F_SOFTDIRTY },
		{ VM_DONTEXPAND, MEMSHARE_VMA_F_DONTEXPAND },
	};
	u32 f = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (map[i].vm && (vma->vm_flags & map[i].vm))
			f |= map[i].f;
	return f;
}

/*
 * The file offset of @vma's start, in pages; 0 without a file, as
 * /proc/PID/maps shows it (an anonymous VMA's vm_pgoff is the kernel's
 * own: its first address, in pages, when it was created).
 */
static unsigned long ms_vma_pgoff(const struct vm_area_struct *vma)
{
	return vma->vm_file ? vma->vm_pgoff : 0;
}

/* Kind and flags of @vma, remembered for the units that follow. */
static void ms_vma_describe(struct ms_xctx *c, struct vm_area_struct *vma)
{
	if (c->vma == vma)
		return;
	c->vma = vma;
	c->vma_kind = ms_vma_kind(c->mm, vma);
	c->vma_flags = ms_vma_flags(vma);
}

/*
 * The offset in the string table of @vma's path: once per VMA (or per run
 * of VMAs of one path) in a call.  -EAGAIN: the paths gathered must be
 * copied out first.
 */
static int ms_vma_path(struct ms_xctx *c, struct vm_area_struct *vma,
		       u32 *off)
{
	struct memshare_xlate *x = c->x;
	size_t len;
	char *p;

	*off = MEMSHARE_NO_PATH;
	if (!vma->vm_file || !x->strtab_size)
		return 0;
	if (vma == c->path_vma) {
		*off = c->last_off;
		return 0;
	}
	p = d_path(&vma->vm_file->f_path, c->scratch, PATH_MAX);
	if (IS_ERR(p))
		return 0;
	len = strlen(p) + 1;
	if (c->last_off != MEMSHARE_NO_PATH && !strcmp(p, c->last)) {
		c->path_vma = vma;
		*off = c->last_off;
		return 0;
	}
	if (len > x->strtab_size - c->str_used - c->pend_len)
		return 0;
	if (len > MS_XSTRBUF - c->pend_len)
		return -EAGAIN;
	memcpy(c->pend + c->pend_len, p, len);
	memmove(c->last, p, len);
	c->last_off = c->str_used + c->pend_len;
	c->pend_len += len;
	c->path_vma = vma;
	*off = c->last_off;
	return 0;
}

/* ---- entries ------------------------------------------------------------- */

/* The page of a present unit, with a reference, if it may be looked at. */
static struct page *ms_unit_page(const struct ms_unit *u, struct folio **fp)
{
	struct vm_area_struct *vma = u->vma;
	struct folio *folio;
	struct page *page;

	if (!(u->flags & MEMSHARE_XF_PRESENT) || !pfn_valid(u->pfn))
		return NULL;
	if ((u->flags & MEMSHARE_XF_SPECIAL) &&
	    !(u->flags & MEMSHARE_XF_ZERO_PAGE) &&
	    !(vma->vm_flags & VM_MIXEDMAP))
		return NULL;
	if ((vma->vm_flags & VM_PFNMAP) && !(u->flags & MEMSHARE_XF_ZERO_PAGE))
		return NULL;
	page = pfn_to_page(u->pfn);
	folio = page_folio(page);
	if (!folio_try_get(folio))
		return NULL;
	if (page_folio(page) != folio) {
		folio_put(folio);
		return NULL;
	}
	*fp = folio;
	return page;
}

/* The index in entries[] of the entry at @level (not NONE). */
static unsigned int ms_level_ent(u32 level)
{
	return MEMSHARE_ENT_NR - level;
}

/* Does the entry at @u->addr still say what @u says? */
static bool ms_unit_stable(struct ms_xctx *c, const struct ms_unit *u)
{
	unsigned int i = ms_level_ent(u->level);
	struct ms_walk w;
	pte_t pte;

	ms_walk(c->mm, u->addr, u->addr + PAGE_SIZE, &w, &pte, 1);
	return w.level == u->level && w.ent[i] == u->ent[i];
}

/*
 * Page state and data of a present unit's first page.  Returns false if
 * the entry changed while the page was being taken (try again).
 */
static bool ms_fill_page(struct ms_xctx *c, const struct ms_unit *u,
			 struct memshare_xlate_entry *e)
{
	struct folio *folio;
	struct page *page;
	unsigned long off;
	void *kaddr;
	u64 data;

	page = ms_unit_page(u, &folio);
	if (!page)
		return true;
	if (!ms_unit_stable(c, u)) {
		folio_put(folio);
		return false;
	}
	if (c->page) {
		ms_page_state(page, &e->page);
		/* Less the reference held here too. */
		if (e->page.refcount)
			e->page.refcount--;
		e->flags |= MEMSHARE_XF_PAGE;
	}
	if ((c->x->flags & MEMSHARE_XLATE_READ) &&
	    !(u->vma->vm_flags & VM_IO)) {
		off = offset_in_page(e->vaddr) & ~7UL;
		kaddr = kmap_local_page(page);
		if (!copy_from_kernel_nofault(&data, kaddr + off, sizeof(data))) {
			e->data = data;
			e->flags |= MEMSHARE_XF_DATA;
		}
		kunmap_local(kaddr);
	}
	folio_put(folio);
	return true;
}

/* Entries' address bits, hidden without CAP_SYS_ADMIN. */
static void ms_hide_entries(struct memshare_xlate_entry *e)
{
	int i;

	for (i = 0; i < MEMSHARE_ENT_NR; i++) {
#ifdef CONFIG_X86
		e->entries[i] &= ~PTE_PFN_MASK;
#else
		e->entries[i] = 0;
#endif
	}
	/* A swap entry is all address (offset) bits. */
	if (e->flags & (MEMSHARE_XF_SWAP | MEMSHARE_XF_MIGRATION |
			MEMSHARE_XF_NONPRESENT_OTHER))
		e->entries[ms_level_ent(e->level)] = 0;
}

/*
 * Build the entry for @u (its first page, at @vaddr): the leaf, the VMA,
 * the path, the page.  -EAGAIN: the paths must be copied out first;
 * 1: the entry changed under us, walk again.
 */
static int ms_fill_entry(struct ms_xctx *c, const struct ms_unit *u,
			 unsigned long vaddr, struct memshare_xlate_entry *e)
{
	struct vm_area_struct *vma = u->vma;
	unsigned long pfn;
	int err, ret = 0;

	/*
	 * Each field before @page is set here, the rest zeroed: a memset() of
	 * the whole entry is most of the cost of a batch entry.
	 */
	BUILD_BUG_ON(offsetof(struct memshare_xlate_entry, page) !=
		     offsetofend(struct memshare_xlate_entry, __reserved1));
	BUILD_BUG_ON(sizeof(*e) !=
		     offsetofend(struct memshare_xlate_entry, __reserved));
	e->vaddr = vaddr;
	e->length = 0;
	e->flags = u->flags;
	e->paddr = 0;
	e->pfn = 0;
	e->page_size = u->flags & MEMSHARE_XF_PRESENT ? u->page_size : 0;
	e->level = u->level;
	e->pt_levels = c->pt_levels;
	memcpy(e->entries, u->ent, sizeof(e->entries));
	e->swap_type = 0;
	e->__reserved0 = 0;
	e->swap_offset = 0;
	e->vma_kind = MEMSHARE_VMA_NONE;
	e->vma_flags = 0;
	e->vma_start = 0;
	e->vma_end = 0;
	e->vma_pgoff = 0;
	e->path_offset = MEMSHARE_NO_PATH;
	e->__reserved1 = 0;
	memset(&e->page, 0, sizeof(e->page));
	e->data = 0;
	memset(e->__reserved, 0, sizeof(e->__reserved));
	if (!vma)
		return 0;

	if (c->x->flags & MEMSHARE_XLATE_PATHS) {
		err = ms_vma_path(c, vma, &e->path_offset);
		if (err)
			return err;
	}
	ms_vma_describe(c, vma);
	e->vma_kind = c->vma_kind;
	e->vma_flags = c->vma_flags;
	e->vma_start = vma->vm_start;
	e->vma_end = vma->vm_end;
	e->vma_pgoff = ms_vma_pgoff(vma);

	if (u->flags & (MEMSHARE_XF_SWAP | MEMSHARE_XF_MIGRATION)) {
		e->swap_type = u->swap_type;
		e->swap_offset = u->swap_offset;
	}
	if (u->flags & MEMSHARE_XF_PRESENT) {
		pfn = u->pfn;
		if ((vma->vm_flags & (VM_PFNMAP | VM_IO)) &&
		    !ms_follow_pfn(vma, vaddr, &pfn))
			e->flags |= MEMSHARE_XF_PFNMAP_HELPER;
		e->pfn = pfn;
		e->paddr = PFN_PHYS(pfn) + offset_in_page(vaddr);
		if ((c->page || (c->x->flags & MEMSHARE_XLATE_READ)) &&
		    !ms_fill_page(c, u, e))
			ret = 1;
	}
	if (c->phys) {
		e->flags |= MEMSHARE_XF_PHYS;
	} else {
		e->pfn = 0;
		e->paddr = 0;
		e->swap_type = 0;
		e->swap_offset = 0;
		ms_hide_entries(e);
	}
	return ret;
}

/* Copy the built entries and gathered paths out; the lock is not held. */
static int ms_flush(struct ms_xctx *c)
{
	struct memshare_xlate *x = c->x;
	size_t ksize = sizeof(struct memshare_xlate_entry);
	size_t n = min_t(size_t, x->entry_size, ksize);
	u8 __user *dst = u64_to_user_ptr(x->entries_ptr) +
			 c->nout * x->entry_size;
	unsigned int i;

	if (x->entry_size == ksize) {
		if (copy_to_user(dst, c->ents, c->nents * ksize))
			return -EFAULT;
	} else {
		for (i = 0; i < c->nents; i++, dst += x->entry_size) {
			if (copy_to_user(dst, &c->ents[i], n))
				return -EFAULT;
			if (x->entry_size > n &&
			    clear_user(dst + n, x->entry_size - n))
				return -EFAULT;
		}
	}
	c->nout += c->nents;
	c->nents = 0;
	if (c->pend_len) {
		if (copy_to_user(u64_to_user_ptr(x->strtab_ptr) + c->str_used,
				 c->pend, c->pend_len))
			return -EFAULT;
		c->str_used += c->pend_len;
		c->pend_len = 0;
	}
	return 0;
}

/* Between holds of the lock: forget VMA pointers, let others run. */
static int ms_unlock(struct ms_xctx *c)
{
	mmap_read_unlock(c->mm);
	c->look = NULL;
	c->vma = NULL;
	c->path_vma = NULL;
	c->fast = false;
	if (fatal_signal_pending(current))
		return -EINTR;
	cond_resched();
	return 0;
}

/* ---- batch form ---------------------------------------------------------- */

/* The VMA of @addr, or NULL. */
static struct vm_area_struct *ms_addr_vma(struct ms_xctx *c,
					  unsigned long addr)
{
	struct vm_area_struct *vma = c->look;

	/* Addresses near each other are often in one VMA. */
	if (vma && addr >= vma->vm_start && addr < vma->vm_end)
		return vma;
	vma = find_vma(c->mm, addr);
	if (!vma || vma->vm_start > addr)
		return NULL;
	c->look = vma;
	return vma;
}

/*
 * Walk @n (at most MS_XGROUP) addresses into c->w[]: their VMAs first,
 * then the page tables of all in one section with interrupts off (a few
 * loads per address: less than one PTE table of the range form).
 */
static void ms_xlate_group(struct ms_xctx *c, const u64 *addrs,
			   unsigned int n)
{
	unsigned long flags;
	unsigned int j;

	for (j = 0; j < n; j++)
		c->gvma[j] = ms_addr_vma(c, addrs[j]);
	local_irq_save(flags);
	for (j = 0; j < n; j++)
		if (c->gvma[j])
			ms_walk_irqs_off(c->mm, addrs[j], addrs[j] + 1,
					 &c->w[j], &c->pte[j], 1);
	local_irq_restore(flags);
}

/* The unit at @addr, walked into group slot @j. */
static void ms_xlate_addr(struct ms_xctx *c, unsigned int j,
			  unsigned long addr, struct ms_unit *u)
{
	if (!c->gvma[j]) {
		memset(u, 0, sizeof(*u));
		u->addr = addr;
		return;
	}
	ms_decode(u, c->gvma[j], addr, &c->w[j], &c->pte[j], 0);
}

static int ms_xlate_batch(struct ms_xctx *c)
{
	struct memshare_xlate *x = c->x;
	u64 *addrs = c->addrs;
	struct ms_unit u;
	unsigned int n, i, j, tries;
	unsigned long size;
	u64 done = 0;
	int err;

	while (done < x->count) {
		n = min_t(u64, c->nchunk, x->count - done);
		if (copy_from_user(addrs, u64_to_user_ptr(x->addrs_ptr) +
				   done * sizeof(u64), n * sizeof(u64)))
			return -EFAULT;
		if (mmap_read_lock_killable(c->mm))
			return -EINTR;
		for (i = 0; i < n; i++) {
			j = i % MS_XGROUP;
			if (!j)
				ms_xlate_group(c, addrs + i,
					       min_t(unsigned int, n - i,
						     MS_XGROUP));
			ms_xlate_addr(c, j, addrs[i], &u);
			err = ms_fill_entry(c, &u, addrs[i], &c->ents[i]);
			/* The entry changed under us: walk it again. */
			for (tries = 1; err == 1 && tries < MS_XTRIES; tries++) {
				ms_walk(c->mm, addrs[i], addrs[i] + 1, &c->w[j],
					&c->pte[j], 1);
				ms_xlate_addr(c, j, addrs[i], &u);
				err = ms_fill_entry(c, &u, addrs[i],
						    &c->ents[i]);
			}
			if (err == 1)
				c->ents[i].flags &= ~(MEMSHARE_XF_PAGE |
						      MEMSHARE_XF_DATA);
			else if (err)	/* -EAGAIN: flush the paths first */
				break;
			size = u.flags & MEMSHARE_XF_PRESENT ? u.page_size :
							      PAGE_SIZE;
			c->ents[i].length = size - (addrs[i] & (size - 1));
		}
		c->nents = i;
		err = ms_unlock(c);
		if (err)
			return err;
		err = ms_flush(c);
		if (err)
			return err;
		done += i;
	}
	return 0;
}

/* ---- range form ---------------------------------------------------------- */

enum ms_emit {
	MS_EMIT_OK,
	MS_EMIT_FLUSH,		/* copy out, then go on from the unit */
	MS_EMIT_FULL,		/* count entries: stop at the unit */
};

static bool ms_mergeable(struct ms_xctx *c, const struct ms_unit *u)
{
	const struct memshare_xlate_entry *e = &c->cur;
	struct vm_area_struct *vma = u->vma;

	if (u->flags != c->cur_flags || u->level != e->level)
		return false;
	if (vma) {
		ms_vma_describe(c, vma);
		if (vma->vm_start != e->vma_start || vma->vm_end != e->vma_end ||
		    ms_vma_pgoff(vma) != e->vma_pgoff ||
		    c->vma_flags != e->vma_flags || c->vma_kind != e->vma_kind)
			return false;
	} else if (e->vma_kind != MEMSHARE_VMA_NONE) {
		return false;
	}
	if (!c->phys)
		return true;
	if (u->flags & MEMSHARE_XF_PRESENT)
		return u->pfn == c->cur_next_pfn;
	if (u->flags & (MEMSHARE_XF_SWAP | MEMSHARE_XF_MIGRATION))
		return u->swap_type == e->swap_type &&
		       u->swap_offset == c->cur_next_off;
	return true;
}

static enum ms_emit ms_emit(struct ms_xctx *c, const struct ms_unit *u)
{
	unsigned long pages = u->len >> PAGE_SHIFT;
	int err;

	c->fast = false;

	if (c->have_cur && ms_mergeable(c, u)) {
		c->cur.length += u->len;
		c->cur_next_pfn += pages;
		c->cur_next_off += pages;
		return MS_EMIT_OK;
	}
	if (c->have_cur) {
		c->ents[c->nents++] = c->cur;
		c->have_cur = false;
	}
	if (c->nout + c->nents == c->x->count)
		return MS_EMIT_FULL;
	if (c->nents == c->nchunk)
		return MS_EMIT_FLUSH;
	err = ms_fill_entry(c, u, u->addr, &c->cur);
	if (err == -EAGAIN)
		return MS_EMIT_FLUSH;
	if (err == 1)
		c->cur.flags &= ~(MEMSHARE_XF_PAGE | MEMSHARE_XF_DATA);
	c->cur.length = u->len;
	c->cur_flags = u->flags;
	c->cur_next_pfn = u->pfn + pages;
	c->cur_next_off = u->swap_offset + pages;
	c->have_cur = true;
	return MS_EMIT_OK;
}

#ifdef CONFIG_X86
/*
 * The fast path of the range form.  A PTE whose value is that of the
 * current extent's last page with the PFN field one more maps the next
 * page with the same bits: it decodes to the same unit but for the PFN
 * and extends the extent, without a decode.  Without CAP_SYS_ADMIN
 * contiguity is not considered: the same bits outside the PFN field are
 * enough.  Armed after the full decode of a present 4K page, disarmed
 * at a new VMA and when the mmap lock is dropped (the VMA fields are not
 * compared); PROT_NONE entries (their PFN field is inverted) and the zero
 * page are left to the full decode.
 */
static void ms_fast_arm(struct ms_xctx *c, const struct ms_unit *u, u64 val)
{
	c->fast = (u->flags & (MEMSHARE_XF_PRESENT | MEMSHARE_XF_PROTNONE |
			       MEMSHARE_XF_ZERO_PAGE)) == MEMSHARE_XF_PRESENT &&
		  (val & PTE_PFN_MASK) != PTE_PFN_MASK;
	c->cur_next_pte = c->phys ? val + PAGE_SIZE : val;
}

/* Extend the current extent by the page of PTE @val, if the fast path may. */
static bool ms_fast_extend(struct ms_xctx *c, u64 val)
{
	if (c->phys) {
		if (val != c->cur_next_pte || is_zero_pfn(c->cur_next_pfn))
			return false;
		if ((val & PTE_PFN_MASK) == PTE_PFN_MASK)
			c->fast = false;
		c->cur_next_pte += PAGE_SIZE;
	} else if (((val ^ c->cur_next_pte) & ~PTE_PFN_MASK) ||
		   is_zero_pfn(pte_pfn(__pte(val)))) {
		return false;
	}
	c->cur.length += PAGE_SIZE;
	c->cur_next_pfn++;
	c->cur_next_off++;
	return true;
}
#else
static void ms_fast_arm(struct ms_xctx *c, const struct ms_unit *u, u64 val)
{
}

static bool ms_fast_extend(struct ms_xctx *c, u64 val)
{
	return false;
}
#endif

/*
 * Walk [*addrp, end) under the mmap lock until it is done, the entries
 * buffer is full or the budget is spent; *addrp is where to go on.
 */
static enum ms_emit ms_xlate_range_hold(struct ms_xctx *c,
					unsigned long *addrp,
					unsigned long end)
{
	unsigned long addr = *addrp, vend, uend;
	struct vm_area_struct *vma;
	unsigned int budget = MS_XBUDGET, i;
	enum ms_emit r = MS_EMIT_OK;
	struct ms_walk w;
	struct ms_unit u;
	u64 val;

	while (addr < end && r == MS_EMIT_OK) {
		vma = find_vma(c->mm, addr);
		if (!vma || vma->vm_start > addr) {
			memset(&u, 0, sizeof(u));
			u.addr = addr;
			uend = vma ? min(vma->vm_start, end) : end;
			u.len = uend - addr;
			r = ms_emit(c, &u);
			if (r == MS_EMIT_OK)
				addr = uend;
			continue;
		}
		vend = min(vma->vm_end, end);
		/* The fast path does not compare VMAs: not across them. */
		c->fast = false;
		while (addr < vend && r == MS_EMIT_OK) {
			if (!budget--) {
				r = MS_EMIT_FLUSH;
				break;
			}
			ms_walk(c->mm, addr, vend, &w, c->ptes, PTRS_PER_PTE);
			if (w.level != MEMSHARE_LEVEL_PTE) {
				ms_decode(&u, vma, addr, &w, NULL, 0);
				uend = min(ALIGN(addr + 1, w.size), vend);
				u.len = uend - addr;
				r = ms_emit(c, &u);
				if (r == MS_EMIT_OK)
					addr = uend;
				continue;
			}
			for (i = 0; i < w.nr_ptes; i++) {
				val = pte_val(c->ptes[i]);
				if (c->fast && ms_fast_extend(c, val)) {
					addr += PAGE_SIZE;
					continue;
				}
				ms_decode(&u, vma, addr, &w, c->ptes, i);
				u.len = PAGE_SIZE;
				r = ms_emit(c, &u);
				if (r != MS_EMIT_OK)
					break;
				ms_fast_arm(c, &u, val);
				addr += PAGE_SIZE;
			}
		}
	}
	*addrp = addr;
	return r;
}

static int ms_xlate_range(struct ms_xctx *c)
{
	struct memshare_xlate *x = c->x;
	unsigned long addr = x->start & PAGE_MASK;
	unsigned long end = PAGE_ALIGN(x->end);
	enum ms_emit r = MS_EMIT_OK;
	int err;

	while (addr < end && r != MS_EMIT_FULL) {
		if (mmap_read_lock_killable(c->mm))
			return -EINTR;
		r = ms_xlate_range_hold(c, &addr, end);
		err = ms_unlock(c);
		if (err)
			return err;
		err = ms_flush(c);
		if (err)
			return err;
	}
	if (c->have_cur) {
		c->ents[c->nents++] = c->cur;
		c->have_cur = false;
		err = ms_flush(c);
		if (err)
			return err;
	}
	x->count = c->nout;
	x->next = r == MS_EMIT_FULL ? addr : end;
	return 0;
}

/* ---- the ioctl ----------------------------------------------------------- */

static int ms_xlate_check(struct file *file, const struct memshare_xlate *x)
{
	u64 bytes;

	if (x->entry_size < MEMSHARE_XLATE_ENTRY_SIZE_VER0 ||
	    x->entry_size % 8)
		return -EINVAL;
	if (check_mul_overflow(x->count, (u64)x->entry_size, &bytes))
		return -EINVAL;
	if (x->count && !x->entries_ptr)
		return -EINVAL;
	if (x->flags & MEMSHARE_XLATE_RANGE) {
		if (x->addrs_ptr || x->start > x->end ||
		    x->end > TASK_SIZE_MAX)
			return -EINVAL;
	} else {
		if (x->start || x->end || (x->count && !x->addrs_ptr))
			return -EINVAL;
	}
	if (x->flags & MEMSHARE_XLATE_PATHS) {
		if (x->strtab_size && !x->strtab_ptr)
			return -EINVAL;
	} else if (x->strtab_ptr || x->strtab_size) {
		return -EINVAL;
	}
	if ((x->flags & MEMSHARE_XLATE_READ) && !ms_may_see_phys(file))
		return -EPERM;
	return 0;
}

static void ms_xctx_free(struct ms_xctx *c)
{
	kfree(c->pend);
	kfree(c->last);
	kfree(c->scratch);
	kvfree(c->ents);
	kfree(c->addrs);
	kfree(c->ptes);
	kfree(c);
}

int ms_xlate(struct file *file, struct memshare_xlate *x)
{
	struct ms_xctx *c;
	int err;

	err = ms_xlate_check(file, x);
	if (err)
		return err;
	x->strtab_used = 0;
	if (!x->count) {
		x->next = x->start;
		return 0;
	}

	c = kzalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);
	if (!c)
		return -ENOMEM;
	c->x = x;
	c->phys = ms_may_see_phys(file);
	/* As /proc/kpageflags and /proc/kpagecount, root only. */
	c->page = (x->flags & MEMSHARE_XLATE_PAGE) && c->phys;
	c->pt_levels = ms_pt_levels();
	c->last_off = MEMSHARE_NO_PATH;
	c->nchunk = min_t(u64, x->count, MS_XCHUNK);
	c->ents = kvmalloc_array(c->nchunk, sizeof(*c->ents),
				 GFP_KERNEL_ACCOUNT);
	if (x->flags & MEMSHARE_XLATE_RANGE)
		c->ptes = kmalloc_array(PTRS_PER_PTE, sizeof(pte_t),
					GFP_KERNEL_ACCOUNT);
	else
		c->addrs = kmalloc_array(c->nchunk, sizeof(u64),
					 GFP_KERNEL_ACCOUNT);
	if (!c->ents || (!c->ptes && !c->addrs)) {
		err = -ENOMEM;
		goto out;
	}
	if (x->flags & MEMSHARE_XLATE_PATHS) {
		c->scratch = kmalloc(PATH_MAX, GFP_KERNEL_ACCOUNT);
		c->last = kmalloc(PATH_MAX, GFP_KERNEL_ACCOUNT);
		c->pend = kmalloc(MS_XSTRBUF, GFP_KERNEL_ACCOUNT);
		if (!c->scratch || !c->last || !c->pend) {
			err = -ENOMEM;
			goto out;
		}
	}

	c->mm = ms_task_mm(x->pid);
	if (IS_ERR(c->mm)) {
		err = PTR_ERR(c->mm);
		c->mm = NULL;
		goto out;
	}
	if (x->flags & MEMSHARE_XLATE_RANGE)
		err = ms_xlate_range(c);
	else
		err = ms_xlate_batch(c);
	x->strtab_used = c->str_used;
	mmput(c->mm);
out:
	ms_xctx_free(c);
	return err;
}
