// SPDX-License-Identifier: GPL-2.0
/* 6.19: softleaf_t and <linux/leafops.h> replace pte_to_swp_entry(). */
#include <linux/mm.h>
#include <linux/swap.h>
#include <linux/swapops.h>
#include <linux/leafops.h>

bool probe(pte_t pte, pmd_t pmd);
bool probe(pte_t pte, pmd_t pmd)
{
	softleaf_t e = softleaf_from_pte(pte);
	softleaf_t f = softleaf_from_pmd(pmd);

	return softleaf_is_swap(e) || softleaf_is_migration(f) ||
	       swp_type(e) || swp_offset(f);
}
