#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The DKMS part of make check (issue 4): package, install, DKMS builds for
# every kernel, autoinstall for a newly installed kernel, a ported driver
# built against the installed ntcompat, and a purge that leaves nothing.
#
#   scripts/dkms-check.sh [--keep | --purge]
#
#  1. meta-check; build ntcompat-dkms_<version>_all.deb (build-deb.sh, lintian)
#  2. apt-get install ./ntcompat-dkms_*.deb: the postinst (dh_dkms) registers
#     ntcompat with DKMS and builds it; then dkms build + dkms install for
#     every kernel with headers it did not cover. Every kernel must end up
#     "installed", with ntcompat.ko and ntsample.ko in
#     /lib/modules/<kernel>/updates/dkms/ whose vermagic is that kernel's.
#     A kernel without CONFIG_PCI_MSI, or older than META's Linux-Minimum,
#     is skipped by DKMS (BUILD_EXCLUSIVE, exit 77), not failed.
#  3. install the headers of a kernel that has none yet (found with
#     apt-cache) and check that DKMS built and installed ntcompat for it by
#     itself (/etc/kernel/header_postinst.d/dkms); those headers are removed
#     again at the end.
#  3b. the same package in the chroot of each suite of NTC_SUITES (trixie,
#     sid: scripts/suite-lib.sh), with that suite's dkms and compiler:
#     apt-get install ./ntcompat-dkms_*.deb must build and install ntcompat
#     for every kernel whose headers the chroot has (build-matrix.sh
#     installed them), vermagic checked; --purge purges it there too.
#  4. build examples/ported-driver and the sample driver (sample-driver/)
#     out of tree against the installed package (ntcompat.mk: its headers and
#     the Module.symvers DKMS kept), for the oldest and the newest kernel.
#  5. apt-get purge ntcompat-dkms and check that nothing is left:
#     /usr/src/ntcompat-*, /var/lib/dkms/ntcompat, modules in updates/dkms.
#
# --keep: steps 1-4 only; the package stays installed, so the modules DKMS
# built stay in /lib/modules/<kernel>/updates/dkms/ for the QEMU test.
# --purge: step 5 only. make check runs, in this order:
#   scripts/dkms-check.sh --keep
#   NTC_MODULES_FROM=dkms tests/qemu/run.sh    (loads what DKMS installed)
#   scripts/dkms-check.sh --purge
#
# Prints PASS/FAIL per check and "N passed, M failed"; exits non-zero on a
# failure. Logs: ~/.cache/ntcompat/dkms-check/.
set -euo pipefail
. "$(dirname "$0")/dkms-lib.sh"
. "$(dirname "$0")/suite-lib.sh"

keep=0
purge_only=0
case "${1:-}" in
--keep) keep=1 ;;
--purge) purge_only=1 ;;
"") ;;
*) echo "usage: $0 [--keep | --purge]" >&2; exit 2 ;;
esac
[ "$(id -u)" -eq 0 ] || ntc_die "run as root (installs packages)"
ntc_lock dkms

logs=$NTC_CACHE/dkms-check
[ $purge_only -eq 1 ] || rm -rf "$logs"
mkdir -p "$logs"
ver=$(ntc_version)
passed=0
failed=0
added_pkgs=()
second_kernel=

result() {
	if [ "$1" = PASS ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
	printf '%s %s [%ss]\n' "$1" "$2" "$((SECONDS - step_start))"
	step_start=$SECONDS
}
step_start=$SECONDS

apt_quiet() {
	# other tools may be installing packages too: wait for the dpkg lock
	DEBIAN_FRONTEND=noninteractive apt-get -y -q -o DPkg::Lock::Timeout=600 \
		--no-install-recommends "$@"
}

# Remove what this run installed, whatever happened.
cleanup() {
	if [ ${#added_pkgs[@]} -gt 0 ]; then
		if [ -n "$second_kernel" ] && command -v dkms >/dev/null; then
			dkms remove -m ntcompat -v "$ver" -k "$second_kernel" >/dev/null 2>&1 || true
		fi
		apt_quiet purge "${added_pkgs[@]}" >"$logs/cleanup.log" 2>&1 || true
		if [ -n "$second_kernel" ] && [ -d "/lib/modules/$second_kernel" ] &&
		   [ -z "$(find "/lib/modules/$second_kernel" -type f -print -quit)" ]; then
			rm -rf "/lib/modules/$second_kernel"
		fi
	fi
}
trap cleanup EXIT

# mod_file KERNEL NAME: the installed module file (.ko or compressed .ko.xz...)
mod_file() {
	ls "/lib/modules/$1/updates/dkms/$2".ko* 2>/dev/null | head -n1
}

# check_installed KERNEL: ntcompat/ver installed for KERNEL, modules built for it
check_installed() {
	local k=$1 m f vm ok=0

	[ "$(ntc_dkms_state "$ver" "$k")" = installed ] || {
		echo "  $k: dkms status: $(dkms status -m ntcompat -v "$ver" -k "$k" 2>/dev/null)"
		ok=1
	}
	for m in ntcompat ntsample; do
		f=$(mod_file "$k" $m)
		if [ -z "$f" ]; then
			echo "  $k: no $m.ko in /lib/modules/$k/updates/dkms"
			ok=1
			continue
		fi
		vm=$(modinfo -F vermagic "$f" | cut -d' ' -f1)
		if [ "$vm" != "$k" ]; then
			echo "  $k: $f has vermagic $vm"
			ok=1
		fi
	done
	[ -f "/var/lib/dkms/ntcompat/$ver/$k/$(uname -m)/module/Module.symvers" ] || {
		echo "  $k: Module.symvers not kept by POST_BUILD"
		ok=1
	}
	return $ok
}

# a kernel DKMS skips on purpose (BUILD_EXCLUSIVE_*) counts as covered
excluded() {
	local k=$1 cfg=/lib/modules/$1/build/.config c re

	re=$(sed -n 's/^BUILD_EXCLUSIVE_KERNEL="\(.*\)"/\1/p' "$NTC_ROOT/dkms.conf")
	[[ $k =~ $re ]] || return 0
	for c in $(sed -n 's/^BUILD_EXCLUSIVE_CONFIG="\(.*\)"/\1/p' "$NTC_ROOT/dkms.conf"); do
		grep -qE "^$c=[ym]" "$cfg" || return 0
	done
	return 1
}

# check_installed_in SUITE KERNEL: as check_installed, in the suite's chroot
check_installed_in() {
	local s=$1 k=$2 root=$NTC_CHROOTS/$1 m f vm st ok=0

	st=$(ntc_chroot "$s" dkms status -m ntcompat -v "$ver" -k "$k" 2>/dev/null | head -n1)
	[ "${st##*: }" = installed ] || { echo "  $s $k: dkms status: $st"; ok=1; }
	for m in ntcompat ntsample; do
		f=$(cd "$root" && ls "lib/modules/$k/updates/dkms/$m".ko* 2>/dev/null | head -n1)
		if [ -z "$f" ]; then
			echo "  $s $k: no $m.ko in /lib/modules/$k/updates/dkms"
			ok=1
			continue
		fi
		vm=$(ntc_chroot "$s" modinfo -F vermagic "/$f" | cut -d' ' -f1)
		[ "$vm" = "$k" ] || { echo "  $s $k: /$f has vermagic $vm"; ok=1; }
	done
	return $ok
}

# purge_in SUITE: purge the package in the suite's chroot, check nothing is left
purge_in() {
	local s=$1 root=$NTC_CHROOTS/$1 left

	[ -d "$root" ] || return 0
	ntc_chroot "$s" dpkg -s ntcompat-dkms >/dev/null 2>&1 || return 0
	if ntc_chroot_apt "$s" purge ntcompat-dkms >"$logs/purge-$s.log" 2>&1; then
		result PASS "$s chroot: apt-get purge ntcompat-dkms"
	else
		tail -n 20 "$logs/purge-$s.log"
		result FAIL "$s chroot: apt-get purge ntcompat-dkms (log: $logs/purge-$s.log)"
	fi
	left=$(cd "$root" && ls -d usr/src/ntcompat-* var/lib/dkms/ntcompat \
		lib/modules/*/updates/dkms/ntcompat.ko* lib/modules/*/updates/dkms/ntsample.ko* 2>/dev/null || true)
	if [ -z "$left" ]; then
		result PASS "$s chroot: nothing left"
	else
		echo "$left" | sed "s/^/  left in $s: \//"
		result FAIL "$s chroot: purge left files behind"
	fi
}

# ---- 5. removal leaves nothing behind
purge_and_verify() {
	local s

	for s in $NTC_SUITES; do
		purge_in "$s"
	done
	if dpkg -s ntcompat-dkms >/dev/null 2>&1; then
		if apt_quiet purge ntcompat-dkms >"$logs/purge.log" 2>&1; then
			result PASS "apt-get purge ntcompat-dkms"
		else
			tail -n 20 "$logs/purge.log"
			result FAIL "apt-get purge ntcompat-dkms (log: $logs/purge.log)"
		fi
	else
		result FAIL "ntcompat-dkms is not installed (nothing to purge)"
	fi
	left=$( { ls -d /usr/src/ntcompat-* /var/lib/dkms/ntcompat 2>/dev/null
		  ls /lib/modules/*/updates/dkms/ntcompat.ko* /lib/modules/*/updates/dkms/ntsample.ko* \
		     /lib/modules/*/extra/ntcompat.ko* /lib/modules/*/extra/ntsample.ko* 2>/dev/null
		  dkms status -m ntcompat 2>/dev/null; } || true)
	if [ -z "$left" ]; then
		result PASS "nothing left: /usr/src/ntcompat-*, /var/lib/dkms/ntcompat, updates/dkms/*.ko, dkms status"
	else
		echo "$left" | sed 's/^/  left: /'
		result FAIL "purge left files behind"
	fi
}

if [ $purge_only -eq 1 ]; then
	purge_and_verify
	echo "$passed passed, $failed failed"
	[ $failed -eq 0 ]
	exit
fi

# ---- 1. version metadata and the package
if "$NTC_ROOT/scripts/meta-check.sh" >"$logs/meta.log" 2>&1; then
	result PASS "META, dkms.conf and debian/changelog agree on $ver"
else
	cat "$logs/meta.log"
	result FAIL "META/dkms.conf/debian/changelog versions"
fi

if "$NTC_ROOT/scripts/build-deb.sh" >"$logs/build-deb.log" 2>&1; then
	deb=$(tail -n1 "$logs/build-deb.log")
	result PASS "dpkg-buildpackage + lintian: $(basename "$deb")"
else
	tail -n 30 "$logs/build-deb.log"
	result FAIL "build-deb.sh (log: $logs/build-deb.log)"
	echo "$passed passed, $failed failed"
	exit 1
fi

# ---- 2. install: register with DKMS and build for the installed kernels
# start from a machine without ntcompat
if dpkg -s ntcompat-dkms >/dev/null 2>&1; then
	apt_quiet purge ntcompat-dkms >"$logs/pre-purge.log" 2>&1
fi
"$NTC_ROOT/scripts/dkms.sh" remove >>"$logs/pre-purge.log" 2>&1

echo "apt-get install $deb"
if apt_quiet install "$deb" >"$logs/install.log" 2>&1; then
	grep -E '^(Building (for|initial)|Module build|Skipped|Done|Setting up ntcompat)' "$logs/install.log" | sed 's/^/  /'
	result PASS "apt-get install ./$(basename "$deb") (postinst: dkms add/build/install)"
else
	tail -n 30 "$logs/install.log"
	result FAIL "apt-get install (log: $logs/install.log)"
fi

if [ -f "/usr/src/ntcompat-$ver/dkms.conf" ] && [ -f "/usr/src/ntcompat-$ver/ntcompat/include/wdm.h" ] &&
   [ -f "/usr/src/ntcompat-$ver/ntcompat.mk" ] && [ -n "$(ntc_dkms_state "$ver")" ]; then
	result PASS "source and headers in /usr/src/ntcompat-$ver, registered with DKMS"
else
	result FAIL "package contents / DKMS registration"
fi

mapfile -t kernels < <(ntc_kernels_with_headers)
all_ok=1
for k in "${kernels[@]}"; do
	if excluded "$k"; then
		echo "  $k: excluded by dkms.conf BUILD_EXCLUSIVE (skipped by design)"
		continue
	fi
	state=$(ntc_dkms_state "$ver" "$k")
	if [ "$state" != built ] && [ "$state" != installed ]; then
		echo "  dkms build ntcompat/$ver -k $k"
		dkms build -m ntcompat -v "$ver" -k "$k" >>"$logs/dkms-build.log" 2>&1 || true
	fi
	if [ "$(ntc_dkms_state "$ver" "$k")" != installed ]; then
		echo "  dkms install ntcompat/$ver -k $k"
		dkms install -m ntcompat -v "$ver" -k "$k" >>"$logs/dkms-build.log" 2>&1 || true
	fi
	check_installed "$k" || all_ok=0
done
echo "dkms status:"
dkms status -m ntcompat 2>/dev/null | sed 's/^/  /'
if [ $all_ok -eq 1 ]; then
	result PASS "dkms build + install for ${#kernels[@]} kernels (vermagic checked)"
else
	result FAIL "dkms build/install for every kernel (logs: $logs/)"
fi

# ---- 2b. an unsuitable kernel is skipped (exit 77), not failed. Fake kernel
# source directories outside /lib/modules (--kernelsourcedir), so that other
# tools listing /lib/modules/*/build never see them.
ref=/lib/modules/${kernels[0]}/build
fake=$(mktemp -d)
cp "$ref/Makefile" "$fake/"
grep -v '^CONFIG_PCI_MSI=' "$ref/.config" >"$fake/.config"
rc_nomsi=0
dkms build -m ntcompat -v "$ver" -k 6.1.0-0-ntcnomsi-amd64 --kernelsourcedir "$fake" \
	>"$logs/exclusive.log" 2>&1 || rc_nomsi=$?
rc_old=0
dkms build -m ntcompat -v "$ver" -k 5.10.0-0-amd64 --kernelsourcedir "$ref" \
	>>"$logs/exclusive.log" 2>&1 || rc_old=$?
rm -rf "$fake"
if [ $rc_nomsi -eq 77 ] && [ $rc_old -eq 77 ]; then
	result PASS "BUILD_EXCLUSIVE: no CONFIG_PCI_MSI, and Linux 5.10 < META minimum: skipped (exit 77)"
else
	result FAIL "BUILD_EXCLUSIVE skip: exit $rc_nomsi (no PCI_MSI), $rc_old (5.10); want 77 (log: $logs/exclusive.log)"
fi

# ---- 3. a newly installed kernel: DKMS autoinstall builds for it
arch=$(dpkg --print-architecture)
pick_second_kernel() {
	# the newest headers package not installed yet, of the generic flavour
	# if there is one (smallest download), else of any flavour
	local avail p re

	avail=$(apt-cache search --names-only "^linux-headers-[0-9]+\.[0-9]+\.[0-9]+.*-$arch\$" |
		cut -d' ' -f1 | sort -V -r)
	for re in "^linux-headers-[0-9.]+(-[0-9]+)?(\+[a-z0-9]+)?-$arch\$" "."; do
		for p in $(grep -E "$re" <<<"$avail"); do
			dpkg -s "$p" >/dev/null 2>&1 || { echo "$p"; return; }
		done
	done
}
second_pkg=$(pick_second_kernel)
if [ -z "$second_pkg" ]; then
	result FAIL "no linux-headers package left to install for the autoinstall check"
else
	second_kernel=${second_pkg#linux-headers-}
	before=$(dpkg-query -W -f '${Package}\n' | sort)
	echo "apt-get install $second_pkg (DKMS autoinstall)"
	apt_quiet install "$second_pkg" >"$logs/second-kernel.log" 2>&1 || true
	after=$(dpkg-query -W -f '${Package}\n' | sort)
	mapfile -t added_pkgs < <(comm -13 <(echo "$before") <(echo "$after"))
	grep -iE 'dkms|ntcompat|Building|Installing to' "$logs/second-kernel.log" | head -n 12 | sed 's/^/  /'
	if check_installed "$second_kernel"; then
		result PASS "autoinstall: headers for $second_kernel installed, DKMS built ntcompat for it"
	else
		result FAIL "autoinstall for $second_kernel (log: $logs/second-kernel.log)"
	fi
fi

# ---- 3b. the package in each newer suite's chroot, with its dkms
for s in $NTC_SUITES; do
	mapfile -t ck < <(ntc_chroot_kernels "$s")
	if [ ${#ck[@]} -eq 0 ]; then
		result FAIL "$s chroot: no kernel headers (run scripts/build-matrix.sh or scripts/suites.sh setup)"
		continue
	fi
	ntc_chroot_ensure "$s" dkms
	root=$NTC_CHROOTS/$s
	ntc_chroot "$s" dpkg -s ntcompat-dkms >/dev/null 2>&1 &&
		ntc_chroot_apt "$s" purge ntcompat-dkms >/dev/null 2>&1
	mkdir -p "$root/ntc/deb"
	rm -f "$root/ntc/deb/"*.deb
	cp "$deb" "$root/ntc/deb/"
	echo "$s chroot: apt-get install ./$(basename "$deb") (dkms $(ntc_chroot "$s" dpkg-query -W -f '${Version}' dkms), $(ntc_chroot "$s" sh -c 'gcc --version | head -n1'))"
	if ntc_chroot_apt "$s" install "/ntc/deb/$(basename "$deb")" >"$logs/install-$s.log" 2>&1; then
		ok=1
		for k in "${ck[@]}"; do
			check_installed_in "$s" "$k" || ok=0
		done
		if [ $ok -eq 1 ]; then
			result PASS "$s chroot: postinst built and installed ntcompat for ${ck[*]} (vermagic checked)"
		else
			result FAIL "$s chroot: dkms build/install (log: $logs/install-$s.log)"
		fi
	else
		tail -n 30 "$logs/install-$s.log"
		result FAIL "$s chroot: apt-get install (log: $logs/install-$s.log)"
	fi
done

# ---- 4. ported drivers built against the installed ntcompat
ext_build() { # NAME SRCDIR KERNEL
	local name=$1 src=$2 k=$3 dir=$logs/ext/$1-$3 log=$logs/ext-$1-$3.log

	rm -rf "$dir" && mkdir -p "$dir"
	cp -a "$src"/. "$dir"/
	if [ "$name" = ntsample ]; then
		# the sample's own Kbuild, plus the installed headers the way
		# examples/ported-driver/Kbuild takes them
		cp "$NTC_ROOT/examples/ported-driver/Makefile" "$dir/Makefile"
		# shellcheck disable=SC2016 # a make variable, for Kbuild
		echo 'ccflags-y += -I$(NTCOMPAT_INCLUDE)' >>"$dir/Kbuild"
	fi
	find "$dir" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' \) -delete
	if ! make -C "$dir" KDIR="/lib/modules/$k/build" >"$log" 2>&1; then
		tail -n 20 "$log"
		return 1
	fi
	if grep -E 'warning:|WARNING:|error:' "$log"; then
		return 1
	fi
	local ko
	ko=$(ls "$dir"/*.ko | head -n1)
	[ "$(modinfo -F depends "$ko")" = ntcompat ] || {
		echo "  $ko: depends='$(modinfo -F depends "$ko")', want ntcompat"
		return 1
	}
	[ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" = "$k" ]
}
targets=("${kernels[0]}")
[ ${#kernels[@]} -gt 1 ] && targets+=("${kernels[-1]}")
for k in "${targets[@]}"; do
	for what in "ntportdemo examples/ported-driver" "ntsample sample-driver"; do
		read -r name src <<<"$what"
		if ext_build "$name" "$NTC_ROOT/$src" "$k"; then
			result PASS "$src builds against installed ntcompat ($k)"
		else
			result FAIL "$src against installed ntcompat ($k)"
		fi
	done
done

# ---- 5.
if [ $keep -eq 1 ]; then
	echo "--keep: ntcompat-dkms stays installed; modules in /lib/modules/*/updates/dkms/"
	echo "        (and in the chroots of: ${NTC_SUITES:-no other suite})"
	echo "        (scripts/dkms-check.sh --purge removes it and checks nothing is left)"
else
	purge_and_verify
fi

cleanup
added_pkgs=()
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
