#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Kernel build matrix (part of make check): build ntcompat and the sample
# driver against every Debian kernel headers flavour, warning-free, with the
# compiler of the kernel's own Debian suite.
#
#   scripts/build-matrix.sh [--no-install]
#
#  1. From the registry (apt-cache), find the newest headers package of every
#     kernel series and flavour for this architecture and install the missing
#     ones (--no-install: use only what is installed):
#       - the host's suite (Debian 12: 6.1 and 6.12; amd64, cloud-amd64,
#         rt-amd64), installed on the host;
#       - each suite of NTC_SUITES (default "trixie sid"; sid also lists
#         experimental), installed in a chroot of that suite
#         (scripts/suite-lib.sh): a Debian 12 host cannot install sid's
#         headers, and a sid user builds with sid's gcc.
#  2. For every kernel with headers, copy the tree to
#     ~/.cache/ntcompat/matrix/<kernel>/ (in the chroot: /ntc/matrix/<kernel>)
#     and run
#       make -C <kdir> M=<copy> W=1 C=1 KCFLAGS=-Werror modules  (C=1: sparse)
#     then <kdir>/scripts/kernel-doc -none over ntcompat's .c and headers
#     (host kernels). A kernel FAILs on a build error, any
#     "warning:"/"error:"/"WARNING:" line, a missing .ko, sparse not having
#     run on every object (kbuild turns C=1 off with only a make-level
#     message when it thinks the checker unusable), a BH-workqueue probe that
#     disagrees with the kernel's header, or any kernel-doc output.
#  3. checkpatch.pl -f over every C/H file we own, with the project's
#     .checkpatch.conf (--strict --no-tree, and the NT conventions it ignores,
#     each with its reason).
#
# Prints PASS/FAIL per kernel (with its suite and compiler) and for
# checkpatch, then "N passed, M failed"; exits non-zero if anything failed.
# Logs: ~/.cache/ntcompat/matrix/*.log.
set -euo pipefail
. "$(dirname "$0")/dkms-lib.sh"
. "$(dirname "$0")/suite-lib.sh"

install=1
[ "${1:-}" = "--no-install" ] && install=0

ntc_lock build-matrix
matrix=$NTC_CACHE/matrix
mkdir -p "$matrix"
passed=0
failed=0
failures=()

result() {
	if [ "$1" = PASS ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failures+=("$2")
	fi
	printf '%s %s\n' "$1" "$2"
}

# newest headers package per (series, flavour), e.g. linux-headers-6.1.0-56-rt-amd64
discover_headers() {
	local arch

	arch=$(dpkg --print-architecture)
	apt-cache search --names-only "^linux-headers-[0-9]+\.[0-9]+\.[0-9]+" | cut -d' ' -f1 |
		grep -E -- "-$arch\$" | sort -V |
		awk -v arch="$arch" '{
			v = $0; sub(/^linux-headers-/, "", v)
			split(v, n, "."); series = n[1] "." n[2]
			# flavour: what follows the version-abi part, e.g. "rt-amd64"
			f = v; sub(/^[0-9.]+(-[0-9]+)?(\+[a-z0-9]+)?-/, "", f)
			newest[series " " f] = $0
		} END { for (k in newest) print newest[k] }' | sort -V
}

if [ "$(id -u)" -eq 0 ]; then
	ntc_apt_ensure sparse make gcc perl
	if [ $install -eq 1 ]; then
		mapfile -t pkgs < <(discover_headers)
		[ ${#pkgs[@]} -gt 0 ] || ntc_die "no linux-headers packages in the registry"
		echo "headers: ${pkgs[*]}"
		ntc_apt_ensure "${pkgs[@]}"
		for s in $NTC_SUITES; do
			ntc_suite_setup "$s"
		done
	fi
fi
scripts=$(ntc_linux_scripts)

# "release suite" lines: the host's kernels, then each chroot's.
kernels=()
while read -r k; do kernels+=("$k host"); done < <(ntc_kernels_with_headers)
for s in $NTC_SUITES; do
	while read -r k; do kernels+=("$k $s"); done < <(ntc_chroot_kernels "$s")
done
[ ${#kernels[@]} -gt 0 ] || ntc_die "no kernel headers installed"

have_sample=0
[ -f "$NTC_ROOT/sample-driver/Kbuild" ] || [ -f "$NTC_ROOT/sample-driver/Makefile" ] && have_sample=1

for ks in "${kernels[@]}"; do
	k=${ks% *}
	suite=${ks#* }
	root=
	[ "$suite" = host ] || root=$NTC_CHROOTS/$suite
	kdir=/lib/modules/$k/build
	series=$(echo "$k" | cut -d. -f1-2)
	if [ "$(printf '%s\n' "$series" "$(ntc_meta Linux-Maximum)" | sort -V | tail -n1)" != "$(ntc_meta Linux-Maximum)" ]; then
		echo "  $k: newer than META Linux-Maximum $(ntc_meta Linux-Maximum); raise it once this passes"
	fi
	log=$matrix/$k.log
	# The copy: in the chroot for a suite's kernel (dir as the build sees it).
	if [ -n "$root" ]; then
		dir=/ntc/matrix/$k
	else
		dir=$matrix/$k
	fi
	rm -rf "$root$dir"
	mkdir -p "$root$dir"
	cp -a "$NTC_ROOT/Kbuild" "$NTC_ROOT/ntcompat" "$root$dir/"
	want=(ntcompat/ntcompat.ko)
	args=()
	if [ $have_sample -eq 1 ]; then
		cp -a "$NTC_ROOT/sample-driver" "$root$dir/"
		want+=(sample-driver/ntsample.ko)
	else
		# sample-driver/ not there yet: build what exists
		args+=(CONFIG_NTCOMPAT_SAMPLE=)
	fi
	# a clean copy: no objects from an in-tree build of the checkout
	find "$root$dir" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod' \
		-o -name '*.mod.c' -o -name ntc_config.h \) -delete

	ok=1
	# KCFLAGS=-Werror as W=e/CONFIG_WERROR users build: the feature probes
	# must still see what the kernel has (checked below).
	mk=(make -C "$kdir" M="$dir" W=1 C=1 KCFLAGS=-Werror -j"$(nproc)" "${args[@]}" modules)
	if [ -n "$root" ]; then
		cc=$(ntc_chroot "$suite" sh -c 'gcc --version | head -n1')
		ntc_chroot "$suite" "${mk[@]}" >"$log" 2>&1 || ok=0
	else
		cc=$(gcc --version | head -n1)
		"${mk[@]}" >"$log" 2>&1 || ok=0
	fi
	[ $ok -eq 1 ] || echo "  $k: build failed" >&2
	if grep -E 'warning:|error:|WARNING:|ERROR:' "$log" >&2; then
		ok=0
	fi
	for m in "${want[@]}"; do
		if ! [ -f "$root$dir/$m" ]; then
			echo "  $k: $m was not built" >&2
			ok=0
		fi
	done
	# sparse must have run, on every object: kbuild turns C=1 off with a
	# make-level notice ("C=1 specified, but sparse is not available or
	# not up to date") that no warning grep sees.
	# (not the generated .mod.o / .module-common.o kbuild compiles unchecked)
	nobj=$(grep -E '^ +CC \[M\] ' "$log" | awk '{ sub(/.*\//, "", $NF); print $NF }' |
		grep -Ecv '^\.|\.mod\.o$' || true)
	nchk=$(grep -cE '^ +CHECK +' "$log" || true)
	if grep -E 'C=[0-9] specified, but' "$log" >&2 || [ "$nchk" -lt "$nobj" ] || [ "$nobj" -eq 0 ]; then
		echo "  $k: sparse checked $nchk of $nobj objects" >&2
		ok=0
	fi

	# A probe that fails for another reason than the feature silently picks
	# the fallback (tasklets instead of BH workqueues): compare with the
	# kernel's own header.
	# (Debian's flavour directory includes its -common one's Makefile.)
	srctree=$(sed -n 's|^include \(/.*\)/Makefile$|\1|p' "$root$kdir/Makefile" | head -n1)
	hdr=$(grep -l system_bh_highpri_wq "$root$kdir/include/linux/workqueue.h" \
		"$root${srctree:-$kdir}/include/linux/workqueue.h" 2>/dev/null | head -n1 || true)
	if [ -n "$hdr" ] && ! grep -q '^#define NTC_HAVE_BH_WQ 1' "$root$dir/ntcompat/ntc_config.h"; then
		echo "  $k: the kernel has BH workqueues but the probe says no" >&2
		ok=0
	fi

	# kernel-doc checks our sources, the same for every kernel: the host's
	# kernels run it.
	if [ -z "$root" ]; then
		kdoc=$kdir/scripts/kernel-doc
		[ -x "$kdoc" ] || kdoc=$scripts/kernel-doc
		(cd "$dir" && shopt -s nullglob &&
			"$kdoc" -none ntcompat/*.c ntcompat/*.h ntcompat/include/*.h \
				ntcompat/include/ntcompat/*.h) >"$log.kdoc" 2>&1 || true
		if [ -s "$log.kdoc" ]; then
			sed "s|^|  $k kernel-doc: |" "$log.kdoc" >&2
			ok=0
		fi
	fi
	if [ $ok -eq 1 ]; then
		result PASS "$k ($suite, $cc, sparse on $nchk objects)"
	else
		result FAIL "$k ($suite; log: $log)"
	fi
done

# checkpatch: every C/H file we own, with the project's .checkpatch.conf, run
# from a scratch directory: checkpatch reads .checkpatch.conf (and its
# --typedefsfile) relative to the current directory, and would write a
# CamelCase cache into a git tree it runs in.
cplog=$matrix/checkpatch.log
: >"$cplog"
cp_ok=1
cpdir=$matrix/checkpatch
rm -rf "$cpdir" && mkdir -p "$cpdir/scripts"
[ -f "$NTC_ROOT/.checkpatch.conf" ] || ntc_die ".checkpatch.conf missing"
cp "$NTC_ROOT/.checkpatch.conf" "$cpdir/"
[ -f "$NTC_ROOT/scripts/checkpatch-nt-types.txt" ] && cp "$NTC_ROOT/scripts/checkpatch-nt-types.txt" "$cpdir/scripts/"
cd "$cpdir"
while IFS= read -r -d '' f; do
	if ! "$scripts/checkpatch.pl" --quiet --no-summary -f "$f" >>"$cplog" 2>&1; then
		cp_ok=0
	fi
done < <(find "$NTC_ROOT"/ntcompat "$NTC_ROOT"/sample-driver "$NTC_ROOT"/kunit \
	"$NTC_ROOT"/bench "$NTC_ROOT"/examples -type f \( -name '*.c' -o -name '*.h' \) \
	! -name ntc_config.h ! -name '*.mod.c' -print0 2>/dev/null | sort -z)
if [ $cp_ok -eq 1 ] && ! grep -qE '^(ERROR|WARNING|CHECK):' "$cplog"; then
	result PASS checkpatch
else
	grep -E -A2 '^(ERROR|WARNING|CHECK):' "$cplog" >&2 || true
	result FAIL "checkpatch (log: $cplog)"
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
