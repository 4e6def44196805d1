#!/bin/sh
# bench/run.sh [memshare-bench OPTIONS]: the in-guest benchmark driver
# (busybox sh), run by vm/bench in a memshare guest.
#
# Prints the guest's settings (kernel, CPUs, memory, clock source, the
# module's parameters), then runs /opt/memshare/bench/memshare-bench with
# OPTIONS and its exit status.  Passes --json-block unless OPTIONS ask for
# --json: the table is followed by the same results as JSON between marker
# lines, which vm/bench cuts out into a file.
set -u

bench=${MEMSHARE_BENCH:-/opt/memshare/bench/memshare-bench}
[ -x "$bench" ] || { echo "run.sh: $bench is missing (make bench-bins)"; exit 2; }

cpus=$(grep -c '^processor' /proc/cpuinfo)
model=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -n 1)
flags=$(sed -n 's/^flags[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -n 1)
# The features that choose copy and clear routines (kernel and glibc).
sel=
for f in sse2 ssse3 sse4_2 avx avx2 avx512f erms fsrm rep_good smep smap; do
	case " $flags " in *" $f "*) sel="$sel $f" ;; esac
done
mem=$(awk '/^MemTotal:/ { printf "%d MiB", $2 / 1024 }' /proc/meminfo)
cs=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null)

echo "guest: kernel $(uname -r) ($(uname -v))"
echo "guest: $cpus CPU(s): $model; flags:${sel:- none of interest}"
echo "guest: memory $mem, clocksource ${cs:-?}"
params=
for p in /sys/module/memshare/parameters/*; do
	[ -r "$p" ] || continue
	params="$params $(basename "$p")=$(cat "$p")"
done
echo "guest: memshare parameters:${params:- (none readable)}"
echo

json=
for a; do
	[ "$a" = --json ] && json=1
done
if [ -n "$json" ]; then
	"$bench" "$@"
else
	"$bench" --json-block "$@"
fi
status=$?
[ "$status" = 0 ] || echo "run.sh: memshare-bench exited with status $status"
exit "$status"
