# shellcheck shell=bash
# Shared functions of the VM harness, sourced by the vm/* scripts (bash).
#
# Environment:
#   MEMSHARE_CACHE   kernel cache (default ${XDG_CACHE_HOME:-~/.cache}/memshare)
#   MEMSHARE_MIRROR  Debian mirror (default http://deb.debian.org/debian)
#   MEMSHARE_KEYRING the archive keyring apt verifies with (default the
#                    host's debian-archive-keyring)
#   MEMSHARE_KO      use this memshare.ko instead of building kmod/
#   O                build directory, as for make (default build)

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$VM_DIR")
BUILD=${O:-build}
case $BUILD in /*) ;; *) BUILD=$REPO/$BUILD ;; esac
CACHE=${MEMSHARE_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/memshare}
# shellcheck disable=SC2034 # used by the scripts that source this
MIRROR=${MEMSHARE_MIRROR:-http://deb.debian.org/debian}
# shellcheck disable=SC2034
KEYRING=${MEMSHARE_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}
PROG=${PROG:-vm/$(basename "$0")}
# Guest files must be readable by the guest's user whatever the umask.
umask 022
# set -e also inside $(...).
shopt -s inherit_errexit

# Progress and errors go to stderr: stdout is kept for results.
log() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }

need() {
	local c
	for c; do
		command -v "$c" >/dev/null 2>&1 || die "'$c' not found (Debian: $(pkg_of "$c"))"
	done
}
pkg_of() {
	case $1 in
	qemu-system-x86_64) echo "apt-get install qemu-system-x86" ;;
	busybox) echo "apt-get install busybox-static" ;;
	apt-get|apt-cache) echo "fetching kernels needs apt: use a Debian/Ubuntu host or a filled MEMSHARE_CACHE" ;;
	dpkg-deb) echo "apt-get install dpkg" ;;
	modinfo|depmod) echo "apt-get install kmod" ;;
	*) echo "apt-get install $1" ;;
	esac
}

# Seconds since the epoch with centiseconds, for stage timings.
now() { date +%s.%N | cut -c1-13; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

# Newest-file test: true if any path after $1 is newer than $1 or $1 is missing.
newer_than() {
	local ref=$1 f
	shift
	[ -e "$ref" ] || return 0
	for f; do
		[ -e "$f" ] || continue
		if [ -d "$f" ]; then
			[ -z "$(find "$f" -newer "$ref" -print -quit)" ] || return 0
		elif [ "$f" -nt "$ref" ]; then
			return 0
		fi
	done
	return 1
}

# --- kernels -----------------------------------------------------------------

# kernel_row NAME: sets K_METHOD K_SUITES K_RELEASE K_IMAGE K_HEADERS K_TOOLS
# K_KREL from the table vm/kernels.
kernel_row() {
	local name method suites release image headers tools krel
	while read -r name method suites release image headers tools krel; do
		case $name in ''|'#'*) continue ;; esac
		if [ "$name" = "$1" ]; then
			# shellcheck disable=SC2034 # for the caller
			K_METHOD=$method K_SUITES=$suites K_RELEASE=$release \
				K_IMAGE=$image K_HEADERS=$headers K_TOOLS=$tools K_KREL=$krel
			return 0
		fi
	done <"$VM_DIR/kernels"
	die "unknown kernel '$1' (known: $(kernel_names))"
}
kernel_names() {
	awk '!/^#/ && NF { printf "%s%s", sep, $1; sep = " " }' "$VM_DIR/kernels"
}

kernel_dir() { printf '%s/kernels/%s\n' "$CACHE" "$1"; }

# kernel_env NAME: fetch the kernel if it is not cached, then load its env
# file (KREL VMLINUZ KDIR MODROOT KVERSION, and TOOLPATH: directories to put
# first in PATH to build modules against KDIR, empty for the host's tools).
kernel_env() {
	local env
	env=$(kernel_dir "$1")/env
	if ! kernel_cached "$1" || kernel_stale "$1"; then
		"$VM_DIR/fetch-kernel" --kernel "$1" >/dev/null || die "cannot fetch kernel $1"
	fi
	# shellcheck disable=SC2034 # set by the env file, used by callers
	KREL='' KVERSION='' VMLINUZ='' KDIR='' MODROOT='' TOOLPATH=''
	# shellcheck disable=SC1090
	. "$env"
}

# A built kernel (debug) whose config fragment vm/K.config changed since it
# was built (its stamp, written by vm/build-debug-kernel, has the hash).
kernel_stale() {
	local stamp want
	stamp=$(kernel_dir "$1")/stamp
	[ -f "$stamp" ] && [ -f "$VM_DIR/$1.config" ] || return 1
	want=$(sha256sum <"$VM_DIR/$1.config" | cut -d' ' -f1)
	! grep -qx "fragment $want" "$stamp"
}

kernel_cached() {
	local env
	env=$(kernel_dir "$1")/env
	[ -f "$env" ] || return 1
	(
		# shellcheck disable=SC1090
		. "$env"
		[ -f "$VMLINUZ" ] && [ -f "$KDIR/Makefile" ] && [ -d "$MODROOT" ] &&
			{ [ -z "${TOOLPATH:-}" ] || [ -d "${TOOLPATH%%:*}" ]; }
	)
}

# --- guest files ---------------------------------------------------------------

# elf_libs FILE...: the shared libraries (host paths) that FILEs load, as
# resolved by ldd, one per line; nothing for static or non-ELF files.
elf_libs() {
	local f
	for f; do
		[ "$(head -c 4 "$f" 2>/dev/null | od -An -c | tr -d ' ')" = '177ELF' ] || continue
		# ldd fails on static programs: not an error.
		{ LC_ALL=C ldd "$f" 2>/dev/null || :; } | awk -v f="$f" '
			/=> not found/ { print "vm: warning: " f ": " $1 " not found" > "/dev/stderr"; next }
			$2 == "=>" && $3 ~ /^\// { print $3; next }
			$1 ~ /^\// { print $1 }'
	done | sort -u
}

# elf_libs_cached CACHE FILE...: elf_libs, remembering each FILE's libraries
# in CACHE by path, size and mtime (ldd costs ~10 ms a file).
elf_libs_cached() {
	local cache=$1 f key libs
	shift
	local -A old=()
	if [ -f "$cache" ]; then
		while IFS=$'\t' read -r key libs; do
			old[$key]=$libs
		done <"$cache"
	fi
	[ $# -gt 0 ] || return 0
	stat -L -c '%n|%s|%Y' "$@" | while IFS= read -r key; do
		f=${key%|*|*}
		if [ -n "${old[$key]+set}" ]; then
			libs=${old[$key]}
		else
			libs=$(elf_libs "$f" | tr '\n' ' ')
		fi
		printf '%s\t%s\n' "$key" "$libs"
	done >"$cache.new"
	mv "$cache.new" "$cache"
	cut -f2 "$cache" | tr ' ' '\n' | sed '/^$/d' | sort -u
}

# The guest path of a host library: where ldd found it, except that
# libraries of the build tree (libmemshare) go to /usr/lib.
guest_lib_path() {
	case $1 in
	"$BUILD"/*|"$REPO"/*) printf '/usr/lib/%s\n' "$(basename "$1")" ;;
	*) printf '%s\n' "$1" ;;
	esac
}

# mod_deps KO MODROOT: the module files (host paths) KO depends on,
# dependencies first, found by name under MODROOT (there is no modules.dep
# in Debian's package: depmod runs at install time).
mod_deps() {
	local ko=$1 modroot=$2 d f
	for d in $(modinfo -F depends "$ko" 2>/dev/null | tr ',' ' '); do
		f=$(find "$modroot/kernel" \( -name "$d.ko" -o -name "$(echo "$d" | tr _ -).ko" \) -print -quit)
		[ -n "$f" ] || die "$ko needs module $d, not found in $modroot"
		mod_deps "$f" "$modroot"
		printf '%s\n' "$f"
	done | awk '!seen[$0]++'
}

# module_ko KERNEL: the path of memshare.ko for KERNEL: $MEMSHARE_KO, else
# build/kmod/KERNEL/memshare.ko, built first (vm/build-module) when missing
# or older than kmod/, the UAPI header or the kernel.
module_ko() {
	local ko=${MEMSHARE_KO:-$BUILD/kmod/$1/memshare.ko}
	if [ -z "${MEMSHARE_KO:-}" ] &&
		newer_than "$ko" "$REPO/kmod" "$REPO/include/uapi" "$(kernel_dir "$1")/env"; then
		[ -x "$REPO/kmod/build" ] || die "kmod/build does not exist: cannot build memshare.ko"
		"$VM_DIR/build-module" --kernel "$1" >/dev/null
	fi
	printf '%s\n' "$ko"
}
