#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/run.sh - ntcompat against native Linux, side by side in one run
# (make bench; make check runs --quick).
#
#   bench/run.sh [--quick] [--uml] [--qemu] [--trace] [-k "6.12 6.12-rt"] [-r ROUNDS]
#
# Environments (default: both):
#   --uml   a UML kernel built for the bench (no KASAN/lockdep: debug options
#           distort figures) from Debian's linux-source-6.12, with ntcompat
#           and bench/ntc_bench.c built in; the bench runs at late_initcall
#           and powers the kernel off. Source extraction and the ntcompat
#           graft are kunit/run.sh's (NTC_KUNIT_GRAFT_ONLY=1); the build
#           directory is ~/.cache/ntcompat/bench-uml.
#   --qemu  the rig of tests/qemu (lib.sh: kernel fetch, module build,
#           initramfs, TCG boot with -smp 2) for each kernel of -k (short
#           labels of tests/qemu: 6.1, 6.12, 6.12-rt; default "6.12 6.12-rt"):
#           ntcompat.ko and ntc_bench.ko are loaded by bench/guest/bench.sh.
# --trace: QEMU only, with ntcompat's trace events enabled (tracefs) while
# the bench runs: what they cost on (results in the cache, results-trace/).
# --quick: few rounds, QEMU 6.12 only, results kept in the cache instead of
# bench/results/ (for make check: it never fails on figures, only when the
# bench breaks: a module that does not build or load, a wrong sanity count,
# a kernel splat).
#
# Output: the table on the terminal, bench/results/<env>-<kernel>.json, and a
# closing "N passed, M failed" line for the sanity checks.
#
# Environment: NTC_CACHE (~/.cache/ntcompat), NTC_BENCH_JOBS (nproc),
# NTC_BENCH_TIMEOUT (guest/UML timeout in seconds, 1500; quick 600).
set -euo pipefail

orig_args="$*"
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench=$repo/bench
cache=${NTC_CACHE:-$HOME/.cache/ntcompat}
jobs=${NTC_BENCH_JOBS:-$(nproc)}
quick=0 do_uml='' do_qemu='' kernels='' rounds='' trace=0

usage() { sed -n '4,26s/^# \{0,1\}//p' "$0"; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=1 ;;
	--uml) do_uml=1 ;;
	--qemu) do_qemu=1 ;;
	--trace) trace=1 do_qemu=1 ;;
	-k) kernels=$2; shift ;;
	-r) rounds=$2; shift ;;
	-h|--help) usage ;;
	*) usage ;;
	esac
	shift
done
if [ -z "$do_uml$do_qemu" ]; then
	if [ "$quick" = 1 ]; then do_qemu=1; else do_uml=1 do_qemu=1; fi
fi
if [ -z "$kernels" ]; then
	if [ "$quick" = 1 ]; then kernels="6.12"; else kernels="6.12 6.12-rt"; fi
fi
if [ -z "$rounds" ]; then
	if [ "$quick" = 1 ]; then rounds=5; else rounds=15; fi
fi
tmo=${NTC_BENCH_TIMEOUT:-$([ "$quick" = 1 ] && echo 600 || echo 1500)}
params="ntc_bench.rounds=$rounds ntc_bench.quick=$quick"
work=$cache/bench
mkdir -p "$work"
if [ "$trace" = 1 ]; then
	params="$params ntc.bench_trace=1"
	outdir=$work/results-trace
elif [ "$quick" = 1 ]; then
	outdir=$work/results
else
	outdir=$bench/results
fi
mkdir -p "$outdir"
logs=()

log() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

apt_need() {	# PKG... : install what is missing, quietly
	local p missing=()

	for p in "$@"; do
		dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || die "missing packages (${missing[*]}) and not root"
	log "installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null ||
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends "${missing[@]}" >/dev/null; }
}

host_desc() {
	local cpu

	cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
	printf '%s, %s CPUs, %s MiB, %s' "${cpu:-unknown CPU}" "$(nproc)" \
		"$(awk '/MemTotal/ { printf "%d", $2 / 1024 }' /proc/meminfo)" \
		"$(. /etc/os-release && echo "$PRETTY_NAME")"
}

# --- UML --------------------------------------------------------------------
uml_bench() {
	local src build ulog f mirror_src mirror_dst

	apt_need python3 bc bison flex gcc make libc6-dev libelf-dev perl xz-utils
	# Extraction and the ntcompat graft (drivers/ntcompat, NTCOMPAT Kconfig)
	# are the KUnit runner's; it stops before building.
	NTC_CACHE=$cache NTC_KUNIT_GRAFT_ONLY=1 "$repo/kunit/run.sh" >/dev/null ||
		die "kunit/run.sh (graft only) failed"
	src=$(find "$cache" -maxdepth 1 -name 'linux-source-*' -type d | sort -V | tail -n1)
	[ -f "$src/drivers/ntcompat/Kbuild" ] || die "no grafted kernel tree in $cache"

	# The bench next to it, as drivers/ntcompat-bench.
	mirror_src=$bench mirror_dst=$src/drivers/ntcompat-bench
	mkdir -p "$mirror_dst"
	for f in Kbuild Kconfig ntc_bench.c probe.sh; do
		cmp -s "$mirror_src/$f" "$mirror_dst/$f" || cp "$mirror_src/$f" "$mirror_dst/$f"
	done
	grep -qxF 'source "drivers/ntcompat-bench/Kconfig"' "$src/drivers/Kconfig" ||
		echo 'source "drivers/ntcompat-bench/Kconfig"' >> "$src/drivers/Kconfig"
	# shellcheck disable=SC2016 # a make variable, literally
	grep -qxF 'obj-$(CONFIG_NTCOMPAT_BENCH) += ntcompat-bench/' "$src/drivers/Makefile" ||
		echo 'obj-$(CONFIG_NTCOMPAT_BENCH) += ntcompat-bench/' >> "$src/drivers/Makefile"

	build=$cache/bench-uml
	mkdir -p "$build"
	if ! grep -qx 'CONFIG_NTCOMPAT_BENCH=y' "$build/.config" 2>/dev/null; then
		log "configuring UML kernel in $build"
		make -s -C "$src" ARCH=um O="$build" defconfig >/dev/null
		# Built in; no debug option that distorts timing.
		"$src/scripts/config" --file "$build/.config" -e NTCOMPAT -e NTCOMPAT_BENCH \
			-d KASAN -d PROVE_LOCKING -d DEBUG_LOCK_ALLOC -d DEBUG_ATOMIC_SLEEP \
			-d DEBUG_SHIRQ -d LOCK_STAT -d DEBUG_SPINLOCK -d DEBUG_MUTEXES -d KCSAN \
			-d UML_PCI_OVER_VIRTIO -d VIRTIO_UML -d GCOV_KERNEL -d KUNIT
		make -s -C "$src" ARCH=um O="$build" olddefconfig >/dev/null
		grep -qx 'CONFIG_NTCOMPAT_BENCH=y' "$build/.config" ||
			die "CONFIG_NTCOMPAT_BENCH did not stick in $build/.config"
	fi
	log "building UML kernel ($src -> $build, log $build/build.log)"
	if ! make -C "$src" ARCH=um O="$build" -j"$jobs" linux >"$build/build.log" 2>&1; then
		tail -n 30 "$build/build.log" >&2
		die "UML build failed"
	fi
	ulog=$work/uml.log
	log "booting UML (log $ulog)"
	# loglevel=6: the bench's notices on the console, ntcompat's per-connect
	# info lines only in the ring buffer (printing them would be timed).
	# shellcheck disable=SC2086 # $params is several words
	if ! (cd "$work" && timeout -k 10 "$tmo" "$build/linux" mem=256M console=tty \
		loglevel=6 ntc_bench.poweroff=1 $params </dev/null >"$ulog" 2>&1); then
		log "UML exited with an error (see $ulog)"
	fi
	logs+=("uml:$ulog")
}

# --- QEMU -------------------------------------------------------------------
qemu_bench() {
	local want rel r ko bko glog initrd out

	[ -f "$repo/tests/qemu/lib.sh" ] || die "tests/qemu/lib.sh missing: the QEMU rig is not there"
	# shellcheck source=tests/qemu/lib.sh disable=SC1091
	. "$repo/tests/qemu/lib.sh"
	NTC_BUILD=$work/build		# our own staging, not the rig's
	mkdir -p "$NTC_BUILD" "$NTC_LOGS"
	ntc_host_setup
	for want in $kernels; do
		rel=
		for r in $(ntc_kernel_list); do
			if [ "$r" = "$want" ] || [ "$(ntc_kernel_short "$r")" = "$want" ]; then
				rel=$r
			fi
		done
		[ -n "$rel" ] || die "unknown kernel $want (have: $(ntc_kernel_list | tr '\n' ' '))"
		ntc_kernel_fetch "$rel"
		log "building ntcompat.ko and ntc_bench.ko for $rel"
		ko=$(ntc_modules "$rel")
		out=$NTC_BUILD/$rel
		if ! make -C "/lib/modules/$rel/build" M="$out/src/bench" \
			KBUILD_EXTRA_SYMBOLS="$out/src/Module.symvers" -j"$jobs" modules \
			>"$out/bench-build.log" 2>&1; then
			tail -n 30 "$out/bench-build.log" >&2
			die "ntc_bench.ko build for $rel failed"
		fi
		bko=$out/bench-ko
		rm -rf "$bko"
		mkdir -p "$bko"
		cp "$ko/ntcompat.ko" "$out/src/bench/ntc_bench.ko" "$bko/"
		initrd=$out/bench-initramfs.cpio.gz
		NTC_GUEST_DIRS=$bench/guest ntc_initramfs "$rel" "$bko" "$initrd"
		glog=$work/qemu-$(ntc_kernel_short "$rel").log
		log "booting $rel under TCG, -smp ${NTC_QEMU_SMP:-2} (log $glog)"
		if ! ntc_boot "$rel" "$initrd" "$glog" "$tmo" "" "$params" bench; then
			log "QEMU exited with an error (see $glog)"
		fi
		logs+=("qemu:$glog")
	done
}

[ -z "$do_uml" ] || uml_bench
[ -z "$do_qemu" ] || qemu_bench

python3 "$bench/report.py" --outdir "$outdir" --host "$(host_desc)" \
	--command "bench/run.sh $orig_args" "${logs[@]}"
