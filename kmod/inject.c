// SPDX-License-Identifier: GPL-2.0
/*
 * memshare: deliberate bugs, built only with MEMSHARE_INJECT_BUGS=y
 * (kmod/build KDIR OUTDIR MEMSHARE_INJECT_BUGS=y), for vm/check-detectors:
 * on a debug kernel, module init must then give a KASAN out-of-bounds
 * report and a kmemleak report, both naming this module.  Never set in a
 * normal build.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compiler.h>
#include <linux/kfence.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "inject.h"

/*
 * A kmalloc() object that KASAN watches: KFENCE samples allocations and
 * handles its own objects, whose slack bytes KASAN does not poison.
 */
static noinline char *ms_inject_alloc(size_t size)
{
	char *p;
	int i;

	for (i = 0; i < 16; i++) {
		p = kmalloc(size, GFP_KERNEL);
		if (!p || !is_kfence_address(p))
			return p;
		kfree(p);
	}
	return NULL;
}

/* Reads one byte past the end of a 13-byte object: KASAN slab-out-of-bounds. */
static noinline void ms_inject_oob(void)
{
	size_t size = 13;
	char *p;

	p = ms_inject_alloc(size);
	if (!p)
		return;
	OPTIMIZER_HIDE_VAR(size);
	pr_warn("MEMSHARE_INJECT_BUGS: reading past a %zu-byte object\n", size);
	pr_warn("MEMSHARE_INJECT_BUGS: read %d\n", READ_ONCE(p[size]));
	kfree(p);
}

/* Allocates an object and forgets it: kmemleak "unreferenced object". */
static noinline void ms_inject_leak(void)
{
	char *p;

	p = ms_inject_alloc(64);
	if (!p)
		return;
	strscpy(p, "memshare deliberate leak", 64);
	OPTIMIZER_HIDE_VAR(p);
	pr_warn("MEMSHARE_INJECT_BUGS: leaking a 64-byte object\n");
}

void ms_inject_bugs(void)
{
	ms_inject_oob();
	ms_inject_leak();
}
