#!/bin/sh
# The memshare demo, run inside the guest by `make demo` (vm/demo).
# It walks through the scenarios memshare was asked for:
#   seed 000: user memory pinned, written by the kernel through kmap;
#   seed 001: a kernel buffer mapped into user space (fault handler,
#             vmalloc, mmap twice, read()/write() on the same buffer);
#   seed 004: a buffer allocated at module load, whose physical address and
#             size user space reads, that user space writes into, and that
#             the module prints at unload;
#   seed 002: a process's page tables walked, virtual to physical;
#   seed 003: the struct page of kernel addresses of every kind.
set -u

step() {
	printf '\n\033[1m==> %s\033[0m\n' "$*"
}
run() {
	printf '$ %s\n' "$*"
	"$@"
}

step "The module is loaded with a named buffer: insmod memshare.ko buffers=seed004:64K"
run memshare info

step "Seed 001: a buffer created by the kernel, mapped twice into this process"
echo "examples/share.c creates a vmalloc buffer, maps it twice, stores through one"
echo "mapping, writes with pwrite(), and lets the kernel read and write it:"
run /opt/memshare/examples/share 64K

step "The same with physically contiguous pages, installed eagerly at mmap()"
run /opt/memshare/examples/share 1M --contig --eager

step "Seed 004: the buffer allocated at module load"
run memshare ls
echo "Its size and physical address, from sysfs (phys_addr is root-only):"
run cat /sys/class/memshare/seed004/size
run cat /sys/class/memshare/seed004/phys_addr
run ls -l /dev/memshare-seed004

step "User space writes into it (one process)..."
run memshare write seed004 "Hello from user space, written before unload"

step "...and another process reads it back"
run memshare cat seed004 --length 44
echo

step "Root can create more named buffers at run time"
run memshare create frame 2M --contig
run memshare write frame "a frame for a device"
run memshare ls
run memshare destroy frame
echo "The module logged what the buffer held:"
dmesg | grep 'memshare: destroy frame' | tail -n 1

step "Seed 000: user memory pinned; the kernel writes into it through kmap"
run memshare pin-demo 64K --longterm

step "Seed 002: this shell's page tables, walked by the module"
run memshare maps --pid $$
heap=$(awk '/\[heap\]/ { split($1, r, "-"); print "0x" r[1]; exit }' /proc/$$/maps)
if [ -n "$heap" ]; then
	echo "The first page of its heap, with the entry at every level, the struct"
	echo "page and the 8 bytes at the physical address (seed 002 printed them):"
	run memshare xlate --pid $$ --entries --page --read "$heap"
	echo "The same through /proc/PID/pagemap (no level, entries or refcount there):"
	run memshare xlate --pid $$ --backend pagemap --page "$heap"
fi

step "Seed 003: kernel addresses of every kind and their struct page"
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
if [ -r /sys/kernel/debug/memshare/targets ]; then
	run cat /sys/kernel/debug/memshare/targets
	# shellcheck disable=SC2046 # one word per address
	run memshare kaddr $(awk '$1 != "stack" { print $2 }' /sys/kernel/debug/memshare/targets)
fi

step "At unload, the module prints what user space wrote (seed 004)"
run rmmod memshare
dmesg | grep 'memshare: unload' | tail -n 5

step "Done. Try it yourself: vm/run -- memshare info; see README.md"
