#!/bin/sh
# post-suite.sh (in the guest, as root, after the whole suite; busybox sh)
#
# Module-level checks once every test has run:
#  1. the module's counters are back to the param buffers only
#     (buffers=seed004:64K,seed004c:1M:contig): nr_buffers 2, nr_named 2,
#     total_bytes 64K + 1M, nr_mappings 0, nr_pins 0, pinned_pages 0
#     (zz-counters, beside this script; `memshare info --json` if it is
#     missing);
#  1a. no FOLL_PIN pin is left in the system: /proc/vmstat
#     nr_foll_pin_acquired == nr_foll_pin_released (after
#     /proc/sys/vm/stat_refresh; memshare's pins are FOLL_PIN);
#  2. rmmod memshare succeeds, and /dev/memshare, /sys/class/memshare and
#     /sys/module/memshare are gone;
#  3. (with the param buffers) the kernel log shows, for seed004, a line with its name, its size
#     (65536) and the preview of what the seed004-named test wrote
#     ("hello from user space"); and one for seed004c (1048576 bytes);
#  4. no BUG/WARNING/Oops/KASAN/lockdep... report during the unload;
#  5. nor during memshare.ko's load (before the first test: no test sees it).
# (kmemleak, on debug kernels: runtests.sh, before and after this script.)
# Without the param buffers, 1 wants all counters 0 and 3 is not checked.
# Exit 0 if all hold, 1 otherwise, 77 if memshare is not loaded.

dir=$(cd "$(dirname "$0")" && pwd)
MSG='hello from user space'
fails=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

if [ ! -e /sys/module/memshare ]; then
	echo "SKIP: memshare is not loaded"
	exit 77
fi
seeds=1
if [ ! -e /sys/class/memshare/seed004 ] || [ ! -e /sys/class/memshare/seed004c ]; then
	echo "# param buffers seed004/seed004c absent: counters must be 0, no log lines checked"
	seeds=
fi

# 1. counters
if [ -x "$dir/zz-counters" ]; then
	"$dir/zz-counters" || fail "counters after the suite are not the param buffers' (zz-counters)"
else
	json=$(memshare info --json 2>&1) || fail "memshare info --json: $json"
	echo "# $json"
	if [ -n "$seeds" ]; then n=2 bytes=1114112; else n=0 bytes=0; fi
	for kv in "\"nr_buffers\": *${n}[,}]" "\"nr_named\": *${n}[,}]" \
		"\"total_bytes\": *${bytes}[,}]" '"nr_mappings": *0[,}]'; do
		echo "$json" | grep -Eq "$kv" || fail "memshare info --json lacks $kv"
	done
fi

# 1a. FOLL_PIN balance (the per-CPU deltas folded first; a few tries for
# releases still in flight, e.g. an io_uring ring's teardown)
i=0
while :; do
	echo 1 >/proc/sys/vm/stat_refresh 2>/dev/null
	pins=$(awk '$1 == "nr_foll_pin_acquired" { a = $2 } $1 == "nr_foll_pin_released" { r = $2 }
		END { if (a == "" || r == "") print "missing"; else print a - r }' /proc/vmstat)
	if [ "$pins" = 0 ] || [ "$pins" = missing ] || [ $i -ge 50 ]; then
		break
	fi
	i=$((i + 1))
	sleep 0.1
done
case $pins in
0) echo "# /proc/vmstat: nr_foll_pin_acquired == nr_foll_pin_released" ;;
missing) fail "/proc/vmstat lacks nr_foll_pin_acquired/nr_foll_pin_released" ;;
*) fail "/proc/vmstat: $pins pages still FOLL_PIN-pinned after the suite (acquired - released)" ;;
esac

# 2. unload
marker="memshare-post-suite: rmmod $$"
echo "$marker" >/dev/kmsg
if ! err=$(rmmod memshare 2>&1); then
	fail "rmmod memshare: $err"
	echo "# refcnt: $(cat /sys/module/memshare/refcnt 2>/dev/null)"
	exit 1
fi
for p in /dev/memshare /dev/memshare-seed004 /dev/memshare-seed004c /sys/class/memshare \
	/sys/module/memshare; do
	i=0
	while [ -e "$p" ] && [ $i -lt 3 ]; do sleep 1; i=$((i + 1)); done
	[ -e "$p" ] && fail "$p still exists after rmmod"
done

# 3. the log lines of the unload (after our marker)
log=$(dmesg | awk -v m="$marker" 'f { print } index($0, m) { f = 1 }')
echo "$log" | sed 's/^/# log: /'
if [ -z "$seeds" ]; then
	:
elif ! seed=$(echo "$log" | grep -E 'seed004[^c]' | grep -F "$MSG"); then
	fail "no kernel log line for seed004 with the preview \"$MSG\" at rmmod"
else
	echo "$seed" | grep -Eq '65536|64 ?K' ||
		fail "seed004's log line lacks its size 65536: $seed"
fi
if [ -z "$seeds" ]; then
	:
elif ! seedc=$(echo "$log" | grep -E 'seed004c[^a-zA-Z0-9_.-]'); then
	fail "no kernel log line for seed004c at rmmod"
else
	echo "$seedc" | grep -Eq '1048576|1024 ?K|1 ?M' ||
		fail "seed004c's log line lacks its size 1048576: $seedc"
fi

# 4. kernel problems during the unload
BAD='BUG:|WARNING:|Oops|KASAN|UBSAN|general protection fault|lockdep|unreferenced object|possible (circular|recursive) locking|inconsistent lock state'
bad=$(echo "$log" | grep -E "$BAD")
[ -z "$bad" ] || fail "kernel problems during rmmod: $bad"

# 5. kernel problems during memshare.ko's load, which no test sees (the
# runner checks the log from each test's start): from the kernel's first
# line naming memshare (its "loading out-of-tree module" taint notice) to
# the first test.
load=$(dmesg | awk '/memshare-test: begin / { exit } f || / memshare: / { f = 1; print }')
bad=$(echo "$load" | grep -E "$BAD")
if [ -n "$bad" ]; then
	fail "kernel problems during memshare.ko's load (before the first test):"
	echo "$load" | awk -v re="$BAD" '$0 ~ re { f = 1 } f' | head -n 60 | sed 's/^/# load: /'
fi

if [ $fails -gt 0 ]; then
	exit 1
fi
echo "PASS: post-suite"
exit 0
