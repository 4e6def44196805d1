// SPDX-License-Identifier: GPL-2.0
/* follow_pfn(): the pfn of a VM_PFNMAP/VM_IO address, exported up to 6.9. */
#include <linux/mm.h>

int probe(struct vm_area_struct *vma, unsigned long addr, unsigned long *pfn);
int probe(struct vm_area_struct *vma, unsigned long addr, unsigned long *pfn)
{
	return follow_pfn(vma, addr, pfn);
}
