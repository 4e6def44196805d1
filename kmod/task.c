// SPDX-License-Identifier: GPL-2.0
/* memshare: another process's mm (stub, being written). */
#include "memshare.h"

struct mm_struct *ms_task_mm(pid_t pid)
{
	return ERR_PTR(-EOPNOTSUPP);
}
