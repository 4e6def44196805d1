#!/bin/sh
# The memshare demo, run inside the guest by `make demo` (vm/demo).
# It walks through the two scenarios memshare was asked for:
#   seed 001: a kernel buffer mapped into user space (fault handler,
#             vmalloc, mmap twice, read()/write() on the same buffer);
#   seed 004: a buffer allocated at module load, whose physical address and
#             size user space reads, that user space writes into, and that
#             the module prints at unload.
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

step "At unload, the module prints what user space wrote (seed 004)"
run rmmod memshare
dmesg | grep 'memshare: unload' | tail -n 5

step "Done. Try it yourself: vm/run -- memshare info; see README.md"
