/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memshare: deliberate bugs for the detector check (vm/check-detectors).
 * Built only with MEMSHARE_INJECT_BUGS=y, never in a normal build.
 */
#ifndef MEMSHARE_INJECT_H
#define MEMSHARE_INJECT_H

void ms_inject_bugs(void);

#endif
