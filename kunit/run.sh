#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kunit/run.sh - run ntcompat's KUnit suites on UML (make kunit; make check),
# or on x86_64 in QEMU with two CPUs (NTC_KUNIT_ARCH=x86_64; make kunit-smp).
#
# Installs what a UML KUnit build needs (apt, idempotent), extracts Debian's
# linux-source tarball into ~/.cache/ntcompat/ once, grafts ntcompat and its
# suites into that tree (drivers/ntcompat, drivers/ntcompat-kunit), and runs
# tools/testing/kunit/kunit.py on ARCH=um with kunit/.kunitconfig (KASAN,
# lockdep, DEBUG_ATOMIC_SLEEP, DEBUG_SHIRQ). The build directory stays in
# the cache, so a second run only rebuilds what changed. UML is uniprocessor;
# NTC_KUNIT_ARCH=x86_64 runs the same suites with kunit/x86_64.kunitconfig
# added (SMP) in qemu-system-x86_64 -smp 2 (TCG, no KVM), build directory
# kunit/build-x86_64 in the cache.
#
# Fails on any failed or crashed test, and on any kernel splat in the kernel
# log (lockdep, KASAN, WARNING, BUG, Oops...), except between the markers a
# test prints around a warning it provokes on purpose:
#   "ntc-kunit: expected splat begin: <why>" ... "ntc-kunit: expected splat end"
# (a test's result line also ends such a region). `kunit/run.sh --scan LOG`
# only runs that check on a saved kernel log. Then the ntc_lockorder_report
# cases, each in a boot of its own: a lockdep report turns lockdep off.
#
# Environment: NTC_CACHE (default ~/.cache/ntcompat), NTC_KUNIT_SOURCE
# (default linux-source-6.12, the Debian package), NTC_KUNIT_JOBS (nproc),
# NTC_KUNIT_FILTER (a kunit.py filter_glob, e.g. 'ntc_dpc*'), NTC_KUNIT_GRAFT_ONLY=1
# (stop after grafting; bench/run.sh uses this to get the grafted tree),
# NTC_KUNIT_ARCH (um, the default, or x86_64), NTC_KUNIT_SMP (x86_64: CPUs, 2),
# NTC_KUNIT_ARGS (kernel command line, e.g. ntcompat_kunit.torture_ops=20000).
set -euo pipefail

# All in a function: bash then parses the whole script before running it, so
# editing or checking out this file while a (long) run is going on is safe.
main() {
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${NTC_CACHE:-$HOME/.cache/ntcompat}
srcpkg=${NTC_KUNIT_SOURCE:-linux-source-6.12}
jobs=${NTC_KUNIT_JOBS:-$(nproc)}
arch=${NTC_KUNIT_ARCH:-um}
case $arch in
um|x86_64) ;;
*) printf 'kunit: error: NTC_KUNIT_ARCH=%s: only um and x86_64\n' "$arch" >&2; exit 1 ;;
esac
start=$(date +%s)

log() { printf 'kunit: %s\n' "$*"; }
die() { printf 'kunit: error: %s\n' "$*" >&2; exit 1; }

# A kernel report, not a boot banner: lockdep's reports all start with
# "WARNING: ..." or "BUG: ..." (recursive/circular locking, inconsistent lock
# state, irq lock inversion, bad unlock balance, suspicious RCU usage, MAX_*
# too low...), and a few of its diagnostics have their own words. x86 prints
# "RCU lockdep checking is enabled." at boot: the word lockdep alone is no splat.
splat='(WARNING:|BUG:|kernel BUG|Oops|KASAN|UBSAN|Kernel panic|general protection|'
splat+='possible recursive locking|possible circular locking|inconsistent lock state|'
splat+='possible irq lock inversion|suspicious RCU usage|bad unlock balance|held lock freed|'
splat+='trying to register non-static key|turning off the locking correctness validator|'
splat+='DEBUG_LOCKS_WARN_ON|lockdep is turned off|[*][*][*] DEADLOCK [*][*][*]|'
splat+='INFO: task .* blocked|hard LOCKUP|nobody cared|Call Trace:|stack backtrace:|'
splat+='self-detected stall|detected stalls on CPUs|RCU Stall)'

scan_log() {	# LOG: print the unexpected splats in LOG; false if there are any
	local bad
	bad=$(awk -v re="$splat" '
		/ntc-kunit: expected splat begin/ { inside = 1; next }
		/ntc-kunit: expected splat end/ { inside = 0; next }
		/^[ \t]*(not )?ok [0-9]+ / { inside = 0 }	# a test that aborted inside
		!inside && $0 ~ re { print FNR ": " $0 }' "$1")
	[ -n "$bad" ] || return 0
	log "kernel log $1 has unexpected splats:"
	printf '%s\n' "$bad" | head -n 40
	return 1
}

# kunit/run.sh --scan LOG: only check a kernel log (e.g. an old test.log).
if [ "${1:-}" = --scan ]; then
	[ -r "${2:-}" ] || die "usage: $0 --scan LOG"
	scan_log "$2" && log "$2: no unexpected splat"
	exit
fi

# --- 1. packages ---------------------------------------------------------
need=()
pkgs=("$srcpkg" bc bison flex gcc make libc6-dev libelf-dev python3 perl xz-utils)
# x86_64: kunit.py boots the kernel with qemu-system-x86_64 and qboot.rom
# (qemu-system-data).
[ "$arch" = um ] || pkgs+=(qemu-system-x86 qemu-system-data)
for p in "${pkgs[@]}"; do
	dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
	[ "$(id -u)" -eq 0 ] || die "missing packages (${need[*]}) and not root"
	log "installing ${need[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null ||
		{ apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }
fi

# One run at a time per cache: the source tree and build directory are shared.
mkdir -p "$cache"
exec 9>"$cache/.kunit.lock"
if ! flock -n 9; then
	log "waiting for another kunit/run.sh using $cache"
	flock 9
fi

# --- 2. kernel source (extracted once, re-extracted when the package changes)
pkgver=$(dpkg-query -W -f '${Version}' "$srcpkg")
tarball=$(dpkg -L "$srcpkg" | grep -E '/usr/src/linux-source-[0-9.]+\.tar\.(xz|bz2|gz)$' |
	  sort -V | tail -n1 || true)
[ -n "$tarball" ] || die "no source tarball in package $srcpkg"
topdir=$(basename "$tarball" | sed -E 's/\.tar\.(xz|bz2|gz)$//')	# linux-source-6.12
src=$cache/$topdir
stamp=$src/.ntcompat-source-version
upstream=${pkgver%%-*}	# 6.12.117-1~deb12u1 -> 6.12.117

tree_version() {	# VERSION.PATCHLEVEL.SUBLEVEL of the tree in $1
	awk -F' = ' '$1=="VERSION"{v=$2} $1=="PATCHLEVEL"{p=$2} $1=="SUBLEVEL"{s=$2}
		END{print v "." p "." s}' "$1/Makefile"
}

if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$pkgver" ]; then
	if [ -f "$src/Makefile" ] && [ -x "$src/tools/testing/kunit/kunit.py" ] &&
	   [ "$(tree_version "$src")" = "$upstream" ]; then
		# An extraction made by someone else (or an older run): adopt it.
		echo "$pkgver" > "$stamp"
	else
		log "extracting $tarball into $src"
		mkdir -p "$cache"
		tmp=$(mktemp -d "$cache/.extract.XXXXXX")
		tar -C "$tmp" -xf "$tarball"
		[ -f "$tmp/$topdir/Makefile" ] || die "unexpected layout in $tarball"
		echo "$pkgver" > "$tmp/$topdir/.ntcompat-source-version"
		if [ -e "$src" ]; then
			mv "$src" "$tmp/old"
		fi
		mv "$tmp/$topdir" "$src"
		rm -rf "$tmp"
	fi
fi

# --- 3. graft ntcompat and the suites into the tree -----------------------
# Copies, not symlinks: an in-tree `make` leaves objects next to the sources
# in the repository, and kbuild's VPATH must never see them. Only files whose
# content changed are rewritten, so the build stays incremental.
mirror() {	# SRC DST
	local f
	mkdir -p "$2"
	while IFS= read -r -d '' f; do
		if ! cmp -s "$1/$f" "$2/$f"; then
			mkdir -p "$(dirname "$2/$f")"
			cp "$1/$f" "$2/$f"
		fi
	done < <(cd "$1" && find . -type f \( -name '*.[ch]' -o -name Kbuild -o -name Makefile \
		-o -name Kconfig -o -name '*.sh' \) ! -name ntc_config.h ! -name '*.mod.c' -print0)
	while IFS= read -r -d '' f; do
		[ -e "$1/$f" ] || rm -f "$2/$f"
	done < <(cd "$2" && find . -type f -print0)
}
mirror "$repo/ntcompat" "$src/drivers/ntcompat"
mirror "$repo/kunit" "$src/drivers/ntcompat-kunit"

add_line() {	# FILE LINE
	grep -qxF "$2" "$1" || printf '%s\n' "$2" >> "$1"
}
add_line "$src/drivers/Kconfig" 'source "drivers/ntcompat-kunit/Kconfig"'
add_line "$src/drivers/Makefile" "obj-\$(CONFIG_NTCOMPAT) += ntcompat/"
add_line "$src/drivers/Makefile" "obj-\$(CONFIG_NTCOMPAT_KUNIT_TEST) += ntcompat-kunit/"

# --- 4. build and run -----------------------------------------------------
# UML keeps its historical build directory; other architectures get their own.
if [ "$arch" = um ]; then
	build=$cache/kunit/build
else
	build=$cache/kunit/build-$arch
fi
if [ -n "${NTC_KUNIT_GRAFT_ONLY:-}" ]; then
	log "grafted into $src (build dir $build); not building"
	exit 0
fi
mkdir -p "$build"
if [ "$(cat "$build/.ntcompat-source-version" 2>/dev/null)" != "$pkgver" ]; then
	log "fresh build directory $build"
	rm -rf "$build"
	mkdir -p "$build"
	echo "$pkgver" > "$build/.ntcompat-source-version"
fi

args=(run --arch="$arch" --kunitconfig="$repo/kunit/.kunitconfig" --build_dir="$build"
      --jobs="$jobs" --timeout=900)
if [ "$arch" = x86_64 ]; then
	# TCG (no -accel): KVM is not assumed. Two CPUs for the cross-CPU tests.
	args+=(--kunitconfig="$repo/kunit/x86_64.kunitconfig"
	       --qemu_args="-smp ${NTC_KUNIT_SMP:-2}")
fi
qemu_args=()
[ "$arch" = um ] || qemu_args=(--qemu_args="-smp ${NTC_KUNIT_SMP:-2}")
[ -z "${NTC_KUNIT_ARGS:-}" ] || args+=(--kernel_args="$NTC_KUNIT_ARGS")
[ -z "${NTC_KUNIT_FILTER:-}" ] || args+=("$NTC_KUNIT_FILTER")

log "kernel $upstream ($pkgver) in $src, arch $arch, build dir $build"
rc=0
(cd "$src" && python3 tools/testing/kunit/kunit.py "${args[@]}") || rc=$?

# --- 5. the kernel log must be clean ---------------------------------------
tlog=$build/test.log
check_log() {	# NAME: the boot whose test.log is checked
	if [ ! -s "$tlog" ]; then
		log "$1: no kernel log at $tlog"
		rc=1
	elif ! scan_log "$tlog"; then
		log "$1: unexpected splats in $tlog"
		rc=1
	fi
}
check_log "main run"
cp "$tlog" "$build/test-main.log" 2>/dev/null || true

# --- 6. lockdep reports, one boot each --------------------------------------
# A lockdep report turns lockdep off for the rest of the boot, so the
# ntc_lockorder_report cases skip in the run above and run here, each in a
# boot of its own (same kernel, no rebuild), and must really run and pass.
report_suite=ntc_lockorder_report
report_cases=(abba_spin_locks abba_interrupt_lock)
filter_suite=${NTC_KUNIT_FILTER:-*}
filter_suite=${filter_suite%%.*}
# shellcheck disable=SC2053	# the filter is a glob
if [[ $report_suite == $filter_suite ]]; then
	for t in "${report_cases[@]}"; do
		log "$report_suite.$t in a boot of its own"
		(cd "$src" && python3 tools/testing/kunit/kunit.py exec --arch="$arch" \
			--build_dir="$build" --timeout=300 "${qemu_args[@]}" \
			--kernel_args=ntcompat_kunit.lock_report=1 "$report_suite.$t") || rc=$?
		if ! grep -Eq "^[[:space:]]*ok [0-9]+ $t\$" "$tlog"; then
			log "$report_suite.$t did not run and pass"
			rc=1
		fi
		check_log "$report_suite.$t"
	done
fi

log "finished in $(( $(date +%s) - start ))s: $([ "$rc" -eq 0 ] && echo PASS || echo FAIL)"
exit "$rc"
}

main "$@"
