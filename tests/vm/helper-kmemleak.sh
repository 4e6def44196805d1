#!/bin/sh
# helper-kmemleak.sh check [RANGE] | clear | range   (in the guest, as root)
#
# kmemleak checks of runtests.sh and post-suite.sh (debug kernels; exit 77
# where /sys/kernel/debug/kmemleak is missing: not a debug kernel).
#   check [RANGE]  let young objects age (kmemleak reports nothing younger
#                  than 5 s), scan twice (an object seen once, e.g. through
#                  a register, is not reported), then print every report
#                  attributable to memshare: its backtrace names memshare
#                  ([memshare]) or an ms_* function, or (RANGE, a file written by
#                  `range`) has an address inside memshare.ko's core, for
#                  after rmmod when the module's addresses no longer
#                  resolve. Exit 1 if there is one. The other reports
#                  (kernel noise) are counted, the first two shown, "# "
#                  prefixed; they do not fail.
#   clear          forget the current reports (they are never shown again)
#   range          print memshare.ko's core address range: "BASE SIZE"
leaks=/sys/kernel/debug/kmemleak
[ -w "$leaks" ] || { echo "SKIP: no $leaks (not a debug kernel)"; exit 77; }

case $1 in
clear)
	echo clear >"$leaks"
	exit 0 ;;
range)
	# /proc/modules: NAME SIZE REFS DEPS STATE ADDRESS
	awk '$1 == "memshare" { sub(/^0x/, "", $6); print $6, $2 }' /proc/modules
	exit 0 ;;
check) ;;
*) echo "usage: $0 check [RANGE] | clear | range" >&2; exit 2 ;;
esac

range=
[ -n "$2" ] && [ -s "$2" ] && range=$(cat "$2")
sleep 6
echo scan >"$leaks"
echo scan >"$leaks"
awk -v range="$range" '
	function hex(s,   i, n) {
		n = 0
		s = tolower(s)
		for (i = 1; i <= length(s); i++)
			n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
		return n
	}
	# Kernel addresses are ffffffff........: compare the low 32 bits
	# (exact in awk numbers).
	function in_range(a) {
		return rbase != "" && substr(a, 1, 8) == substr(rbase, 1, 8) &&
			hex(substr(a, 9)) >= rlo && hex(substr(a, 9)) < rlo + rsize
	}
	function flush() {
		if (blk == "")
			return
		if (ours) {
			nours++
			printf "%s", blk
		} else if (++nother <= 2) {
			other = other oblk
		}
		blk = oblk = ""
		ours = 0
	}
	BEGIN {
		split(range, r, " ")
		rbase = r[1]
		if (length(rbase) == 16) {
			rlo = hex(substr(rbase, 9))
			rsize = r[2] + 0
		} else {
			rbase = ""
		}
	}
	/^unreferenced object/ { flush() }
	{
		blk = blk $0 "\n"
		oblk = oblk "# " $0 "\n"
		# Backtrace lines only (the hex dump may show any text):
		# "    [<%p>] %pS", %pS being SYMBOL+OFF/SIZE [MODULE], or the
		# address when no symbol covers it (in an unloaded module); %p
		# is hashed (or "(____ptrval____)") without no_hash_pointers.
		if ($0 !~ /^[[:space:]]*\[<[^>]*>\][[:space:]]/)
			next
		a = $2
		if ($0 ~ /\[memshare\]|[[:space:]]ms_[a-z0-9_]+\+0x/ ||
		    (a ~ /^0x[0-9a-f]+$/ && in_range(substr(a, 3))))
			ours = 1
	}
	END {
		flush()
		if (nother) {
			printf "# kmemleak: %d other unreferenced object(s), not memshare'"'"'s%s\n",
				nother, (nother > 2 ? "; the first two:" : ":")
			printf "%s", other
		}
		exit nours > 0
	}' "$leaks"
