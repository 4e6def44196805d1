#!/bin/sh
# run.sh [MSFUZZ ARGS...]    (in the guest, as root; busybox sh)
#
# The fuzz run: msfuzz with ARGS (e.g. --seed S --seconds N --workers W),
# then the module-level checks once it and all its processes are gone:
#  1. the kernel log since the start has no BUG:/WARNING:/Oops/KASAN/UBSAN/
#     lockdep/RCU stall/general protection fault/"unreferenced object"
#     report (checked again after the unload);
#  2. the module's counters (MEMSHARE_IOC_VERSION nr_buffers, nr_named,
#     nr_mappings, total_bytes) are back to their values before the run,
#     after the named buffers fz-* left over are destroyed;
#  3. with kmemleak (/sys/kernel/debug/kmemleak): two scans before the
#     unload, and no report mentions memshare;
#  4. rmmod memshare succeeds.
# msfuzz itself fails the run on an oracle violation, a worker that died or
# hung, or counters not back.  The last line is "fuzz: PASS" or
# "fuzz: FAIL <reasons>"; exit status 0 or 1.

KERNEL_BAD='BUG:|WARNING:|Oops|KASAN|UBSAN|kernel BUG|possible circular locking|possible recursive locking|inconsistent lock state|lockdep|rcu_sched self-detected stall|RCU stall|rcu: INFO|general protection fault|unreferenced object|list_add corruption|list_del corruption|refcount_t:|Bad page|BUG '
KMEMLEAK=/sys/kernel/debug/kmemleak

fails=''
fail() {
	fails="$fails${fails:+; }$1"
	echo "fuzz: check failed: $1"
}

if ! command -v msfuzz >/dev/null 2>&1; then
	echo "fuzz: FAIL msfuzz not found on PATH"
	exit 1
fi
if [ ! -e /sys/module/memshare ]; then
	echo "fuzz: FAIL memshare is not loaded"
	exit 1
fi

marker="msfuzz-run: begin $$ at $(cut -d' ' -f1 /proc/uptime)"
echo "$marker" >/dev/kmsg
# Reports of earlier objects do not count (a fresh guest has none anyway).
[ -w "$KMEMLEAK" ] && echo clear >"$KMEMLEAK" 2>/dev/null
if ! before=$(msfuzz --counters); then
	echo "fuzz: FAIL cannot read the module's counters"
	exit 1
fi
echo "# counters before: $before"

msfuzz "$@"
rc=$?
[ "$rc" -eq 0 ] || fail "msfuzz exited with status $rc (see its report above)"

# All of its processes are gone (it kills its workers' process groups).
i=0
while pidof msfuzz >/dev/null 2>&1 && [ $i -lt 30 ]; do
	sleep 1
	i=$((i + 1))
done
if pids=$(pidof msfuzz); then
	fail "msfuzz processes left: $pids"
	for p in $pids; do
		echo "# $p: $(tr '\n' ' ' </proc/"$p"/stack 2>/dev/null)"
	done
fi

# 2. counters, after destroying the named buffers it left behind
msfuzz --cleanup
after=
i=0
while [ $i -lt 30 ]; do
	after=$(msfuzz --counters)
	[ "$after" = "$before" ] && break
	sleep 1
	i=$((i + 1))
done
echo "# counters after:  $after"
[ "$after" = "$before" ] || fail "counters not back: before [$before], after [$after]"

# 3. kmemleak (debug kernels)
if [ -e "$KMEMLEAK" ]; then
	echo scan >"$KMEMLEAK"
	sleep 6
	echo scan >"$KMEMLEAK"
	leaks=$(cat "$KMEMLEAK")
	n=$(echo "$leaks" | grep -c 'unreferenced object')
	echo "# kmemleak: $n unreferenced objects reported"
	if echo "$leaks" | grep -q memshare; then
		fail "kmemleak reports objects allocated by memshare"
		echo "$leaks" | awk '/unreferenced object/ { b = "" } { b = b $0 "\n" }
			/^$/ && b ~ /memshare/ { printf "%s", b; b = "" }
			END { if (b ~ /memshare/) printf "%s", b }' |
			head -100 | sed 's/^/# kmemleak: /'
	fi
fi

# 4. unload (a file may still be on its way out: retry for a while)
i=0
while ! err=$(rmmod memshare 2>&1); do
	i=$((i + 1))
	if [ $i -ge 10 ]; then
		fail "rmmod memshare: $err (refcnt $(cat /sys/module/memshare/refcnt 2>/dev/null))"
		break
	fi
	sleep 1
done
[ $i -gt 0 ] && [ $i -lt 10 ] && echo "# rmmod needed $i retries"

# 1. the kernel log since the marker (everything if it was overwritten)
log=$(dmesg | awk -v m="$marker" 'f { print } index($0, m) { f = 1 }')
[ -n "$log" ] || log=$(dmesg)
if echo "$log" | grep -Eq "$KERNEL_BAD"; then
	fail "kernel reports in the log: $(echo "$log" | grep -E "$KERNEL_BAD" | head -3 | tr '\n' '|')"
	echo "$log" | grep -E -B2 -A30 "$KERNEL_BAD" | head -150 | sed 's/^/# kernel: /'
fi

if [ -n "$fails" ]; then
	echo "fuzz: FAIL $fails"
	exit 1
fi
echo "fuzz: PASS"
exit 0
