#!/bin/sh
# runtests.sh [-v] [-t SECS] [--post] [NAME...]    (in the guest, as root)
#
# Runs the test programs of this directory (all, or the NAMEs), sorted, one
# at a time, each in a fresh directory under /tmp with a timeout (-t, or
# $MEMSHARE_TEST_TIMEOUT, default 60 s), and prints one line per test:
#   PASS name (0.3s)          exit status 0
#   SKIP name: reason         exit status 77; the reason is the test's last
#                             output line (a leading "SKIP:" is dropped)
#   FAIL name (why)           anything else, followed by the test's output
# A test also fails when the kernel logged, while it ran, a BUG, WARNING,
# Oops, KASAN/UBSAN/lockdep/RCU-stall report, general protection fault or
# kmemleak report: those kernel lines are shown. -v shows every test's
# output. The last line is "N passed, N failed, N skipped"; the exit status
# is 0 iff nothing failed.
#
# Tests: the executable files here, except runtests.sh, post-suite.sh and
# names starting with "helper-" or "_" (helpers tests may run). A test
# whose name starts with "unpriv-" runs as user `user` (uid 1000, no
# capabilities). --post also runs post-suite.sh last, as a test named
# post-suite, if it exists.

dir=$(cd "$(dirname "$0")" && pwd)
timeout=${MEMSHARE_TEST_TIMEOUT:-60}
verbose=0
post=0
while [ $# -gt 0 ]; do
	case $1 in
	-v) verbose=1 ;;
	-t) timeout=$2; shift ;;
	--post) post=1 ;;
	-h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	--) shift; break ;;
	-*) echo "runtests.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done
case $timeout in ''|*[!0-9]*) echo "runtests.sh: bad timeout '$timeout'" >&2; exit 2 ;; esac

# What counts as a kernel problem in the log of a test.
KERNEL_BAD='BUG:|WARNING:|Oops|KASAN|UBSAN|kernel BUG|possible circular locking|possible recursive locking|inconsistent lock state|lockdep|rcu_sched self-detected stall|RCU stall|rcu: INFO|general protection fault|unreferenced object'

passed=0 failed=0 skipped=0
out=/tmp/runtests.$$.out
klog=/tmp/runtests.$$.klog
trap 'rm -f "$out" "$klog"' EXIT

uptime_s() { cut -d' ' -f1 /proc/uptime; }
kmsg() { echo "$*" >/dev/kmsg 2>/dev/null; }
indent() { sed 's/^/    /'; }

# kernel_log NAME: the kernel log since NAME's begin marker, without the
# runner's own marker lines.
kernel_log() {
	dmesg | awk -v m="memshare-test: begin $1" '
		{ l = length($0) - length(m) }
		l >= 0 && substr($0, l + 1) == m { buf = ""; next }
		/memshare-test: (begin|end) / { next }
		{ buf = buf $0 "\n" }
		END { printf "%s", buf }'
}

# run_test NAME PATH
run_test() {
	name=$1 path=$2
	work=/tmp/test.$name
	rm -rf "$work"
	mkdir -p "$work"
	kmsg "memshare-test: begin $name"
	t0=$(uptime_s)
	# The subshell's stderr is dropped: that is where the shell's
	# "Segmentation fault" notices go (the FAIL line says it); "exit" keeps
	# the shell from exec()ing the last command in place of the subshell.
	case $name in
	unpriv-*)
		chown 1000:1000 "$work"
		# shellcheck disable=SC2016 # $0 is for the user's shell
		(cd "$work" && timeout -k 5 "$timeout" su -s /bin/sh user -c 'exec "$0"' "$path" \
			</dev/null >"$out" 2>&1; exit $?) 2>/dev/null ;;
	*)
		(cd "$work" && timeout -k 5 "$timeout" "$path" </dev/null >"$out" 2>&1; exit $?) 2>/dev/null ;;
	esac
	st=$?
	t1=$(uptime_s)
	kmsg "memshare-test: end $name status $st"
	rm -rf "$work"
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
	kernel_log "$name" | grep -E "$KERNEL_BAD" >"$klog"

	why=
	if [ -s "$klog" ]; then
		why="kernel: $(grep -oE "$KERNEL_BAD" "$klog" | head -n 1), exit $st, ${secs}s"
	elif [ "$st" = 0 ]; then
		echo "PASS $name (${secs}s)"
		passed=$((passed + 1))
	elif [ "$st" = 77 ]; then
		reason=$(grep -v '^[[:space:]]*$' "$out" | tail -n 1 | sed 's/^[[:space:]]*SKIP:[[:space:]]*//')
		echo "SKIP $name: ${reason:-no reason given}"
		skipped=$((skipped + 1))
	elif { [ "$st" = 143 ] || [ "$st" = 137 ]; } &&
		awk -v s="$secs" -v t="$timeout" 'BEGIN { exit !(s >= t - 0.5) }'; then
		why="timeout after ${timeout}s"
	elif [ "$st" -gt 128 ]; then
		why="killed by signal $((st - 128)), ${secs}s"
	else
		why="exit $st, ${secs}s"
	fi
	if [ -n "$why" ]; then
		echo "FAIL $name ($why)"
		failed=$((failed + 1))
		indent <"$out"
		if [ -s "$klog" ]; then
			echo "    kernel log:"
			kernel_log "$name" | indent | indent
		fi
	elif [ "$verbose" = 1 ]; then
		indent <"$out"
	fi
}

# kmemleak (debug kernels only; helper-kmemleak.sh: two scans, reports
# attributable to memshare fail): what boot and the module load left
# (kmemleak-load), then the tests' (kmemleak, before post-suite.sh's rmmod,
# while memshare's frames resolve to names), then the unload's
# (kmemleak-unload, by memshare.ko's address range). Each check forgets what
# it found (`clear`), so that the next one shows only what is new: the
# first one clears the boot's noise.
leaks=/sys/kernel/debug/kmemleak
kml=$dir/helper-kmemleak.sh
kmlrange=/tmp/memshare-kmemleak.range
kmemleak_check() { # NAME WHAT [RANGE]
	[ -w "$leaks" ] && [ -x "$kml" ] || return 0
	if "$kml" check "$3" >"$out" 2>&1; then
		echo "PASS $1"
		passed=$((passed + 1))
	else
		echo "FAIL $1 (leaks attributable to memshare $2)"
		failed=$((failed + 1))
	fi
	indent <"$out"
	"$kml" clear
}
kmemleak_check kmemleak-load "at boot or module load"

if [ $# -eq 0 ]; then
	for f in "$dir"/*; do
		n=${f##*/}
		case $n in runtests.sh|post-suite.sh|helper-*|_*) continue ;; esac
		if [ ! -f "$f" ] || [ ! -x "$f" ]; then continue; fi
		set -- "$@" "$n"
	done
fi
for n in $(printf '%s\n' "$@" | LC_ALL=C sort); do
	case $n in
	*/*) path=$n ;;
	*) path=$dir/$n ;;
	esac
	if [ ! -f "$path" ] || [ ! -x "$path" ]; then
		echo "FAIL ${n##*/} (no such test program: $path)"
		failed=$((failed + 1))
		continue
	fi
	run_test "${n##*/}" "$path"
done
if [ -w "$leaks" ] && [ -x "$kml" ]; then
	"$kml" range >"$kmlrange"
fi
kmemleak_check kmemleak "in the tests"
if [ "$post" = 1 ] && [ -x "$dir/post-suite.sh" ]; then
	run_test post-suite "$dir/post-suite.sh"
	if [ ! -e /sys/module/memshare ]; then
		kmemleak_check kmemleak-unload "at rmmod" "$kmlrange"
	fi
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
