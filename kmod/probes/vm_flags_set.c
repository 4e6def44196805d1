// SPDX-License-Identifier: GPL-2.0
/* 6.3: vm_flags_set()/vm_flags_clear() replace direct vm_flags writes. */
#include <linux/mm.h>

void probe(struct vm_area_struct *vma);
void probe(struct vm_area_struct *vma)
{
	vm_flags_set(vma, VM_DONTEXPAND);
	vm_flags_clear(vma, VM_MAYEXEC);
}
