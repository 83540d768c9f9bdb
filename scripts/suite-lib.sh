# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# suite-lib.sh - kernels of newer Debian suites, built as their users build
# them: in a chroot of that suite, with its own compiler and kbuild (issue 12).
# Sourced by scripts/build-matrix.sh, scripts/dkms-check.sh and
# tests/qemu/lib.sh; scripts/suites.sh is its command line.
#
# A Debian 12 host cannot install sid's linux-headers (they need a newer libc
# and gcc-16-for-host), so each suite of $NTC_SUITES gets a minbase chroot,
# $NTC_CACHE/chroots/<suite>, made with debootstrap from the host's mirror.
# The sid chroot also lists experimental (for its newest kernel, e.g. 7.3).
# Kernels are discovered with apt-cache in the chroot, never hard-coded:
# per kernel series and flavour, the newest headers package.
#
# Commands run in the chroot through ntc_chroot: a private mount namespace
# with /proc mounted (objtool reads it), so nothing stays mounted afterwards.

# The suites, oldest first. NTC_SUITES="" builds for the host's kernels only.
NTC_SUITES=${NTC_SUITES-trixie sid}
NTC_CHROOTS=${NTC_CACHE:-$HOME/.cache/ntcompat}/chroots

# ntc_mirror - the Debian mirror the host's apt uses (NTC_MIRROR overrides).
ntc_mirror() {
	local m

	if [ -n "${NTC_MIRROR:-}" ]; then
		echo "$NTC_MIRROR"
		return
	fi
	m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		/etc/apt/sources.list.d/*.sources 2>/dev/null |
		grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -n1 | tr -d ' ')
	echo "${m:-http://deb.debian.org/debian}"
}

# ntc_chroot SUITE CMD... - run CMD in the suite's chroot.
ntc_chroot() {
	local root=$NTC_CHROOTS/$1

	shift
	unshare --mount --propagation private -- /bin/sh -c \
		'mount -t proc proc "$0/proc" && exec chroot "$0" "$@"' \
		"$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
		DEBIAN_FRONTEND=noninteractive "$@"
}

# ntc_chroot_apt SUITE ARGS... - apt-get ARGS in the chroot, quiet, waiting
# for another run's lock.
ntc_chroot_apt() {
	local s=$1

	shift
	ntc_chroot "$s" apt-get -y -q -o DPkg::Lock::Timeout=600 \
		--no-install-recommends "$@"
}

# ntc_chroot_ensure SUITE [PKG...] - create the chroot if missing, refresh
# its package lists once a day, install make/sparse and the PKGs missing.
ntc_chroot_ensure() {
	local s=$1 root=$NTC_CHROOTS/$1 fd p missing=()

	shift
	command -v debootstrap >/dev/null || ntc_apt_install_host debootstrap
	mkdir -p "$NTC_CHROOTS"
	exec {fd}>"$NTC_CHROOTS/$s.lock"
	flock "$fd"
	if ! [ -f "$root/.ntc-ready" ]; then
		ntc_log "debootstrap --variant=minbase $s ($(ntc_mirror))"
		rm -rf "$root.tmp"
		if ! debootstrap --variant=minbase "$s" "$root.tmp" "$(ntc_mirror)" \
			>"$NTC_CHROOTS/$s.debootstrap.log" 2>&1; then
			tail -n 20 "$NTC_CHROOTS/$s.debootstrap.log" >&2
			flock -u "$fd"
			ntc_die "debootstrap $s failed (log: $NTC_CHROOTS/$s.debootstrap.log)"
		fi
		# A snapshot mirror's Release files may be past Valid-Until.
		echo 'Acquire::Check-Valid-Until "false";' \
			>"$root.tmp/etc/apt/apt.conf.d/90ntcompat"
		# Experimental only offers what sid lacks (apt pins it at 1).
		[ "$s" = sid ] && echo "deb $(ntc_mirror) experimental main" \
			>"$root.tmp/etc/apt/sources.list.d/experimental.list"
		rm -rf "$root"
		mv "$root.tmp" "$root"
		rm -f "$root/var/lib/apt/lists/"*Packages*
	fi
	if [ -z "$(find "$root/var/lib/apt/lists" -maxdepth 1 -name '*Packages*' -mtime -1 -print -quit)" ]; then
		ntc_chroot "$s" apt-get update -qq >/dev/null 2>&1 ||
			{ flock -u "$fd"; ntc_die "apt-get update in the $s chroot failed"; }
	fi
	for p in make sparse gcc "$@"; do
		ntc_chroot "$s" dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
	done
	if ((${#missing[@]})); then
		ntc_log "$s chroot: apt-get install ${missing[*]}"
		ntc_chroot_install "$s" "${missing[@]}" ||
			{ flock -u "$fd"; ntc_die "apt-get install ${missing[*]} in the $s chroot failed"; }
	fi
	ntc_chroot_fix_kbuild "$s"
	touch "$root/.ntc-ready"
	flock -u "$fd"
	exec {fd}>&-
}

# ntc_chroot_install SUITE PKG... - install PKGs in the chroot. A package
# only experimental has is its own candidate (apt pins experimental at 1);
# should one need newer dependencies than sid has, install from there.
ntc_chroot_install() {
	local s=$1 log=$NTC_CHROOTS/$1.apt.log

	shift
	ntc_chroot_apt "$s" install "$@" >"$log" 2>&1 ||
		ntc_chroot_apt "$s" -t experimental install "$@" >>"$log" 2>&1 ||
		{ tail -n 20 "$log" >&2; return 1; }
}

# ntc_chroot_fix_kbuild SUITE - make `make C=1` really run sparse. Debian's
# linux-kbuild-7.x lacks scripts/checker-valid.sh, which the 7.x top Makefile
# runs to decide whether the checker works: without it, C=1 prints "sparse is
# not available or not up to date" and checks nothing. Install ours
# (scripts/checker-valid.sh) where a kbuild package left it out.
ntc_chroot_fix_kbuild() {
	local root=$NTC_CHROOTS/$1 d

	for d in "$root"/usr/lib/linux-kbuild-*/scripts; do
		[ -d "$d" ] || continue
		[ -e "$d/checker-valid.sh" ] && continue
		grep -qs checker-valid.sh "$root"/usr/src/linux-headers-*-common/Makefile || continue
		install -m 755 "$NTC_ROOT/scripts/checker-valid.sh" "$d/checker-valid.sh"
	done
}

# ntc_chroot_discover SUITE - the newest headers package of each kernel
# series and flavour the suite (and, for sid, experimental) offers, e.g.
# linux-headers-7.2.13+deb14-rt-amd64, oldest series first.
ntc_chroot_discover() {
	local arch

	arch=$(dpkg --print-architecture)
	ntc_chroot "$1" apt-cache search --names-only '^linux-headers-[0-9]+\.[0-9]+' |
		cut -d' ' -f1 | grep -E -- "-$arch\$" | sort -V |
		awk '{
			v = $0; sub(/^linux-headers-/, "", v)
			split(v, n, "."); series = n[1] "." n[2]
			f = v; sub(/^[0-9.]+(-[0-9]+)?(\+[a-z0-9]+)?-/, "", f)
			newest[series " " f] = $0
		} END { for (k in newest) print newest[k] }' | sort -V
}

# ntc_suite_setup SUITE - the chroot, then every discovered kernel's headers.
ntc_suite_setup() {
	local pkgs=()

	ntc_chroot_ensure "$1"
	mapfile -t pkgs < <(ntc_chroot_discover "$1")
	((${#pkgs[@]})) || ntc_die "the $1 suite offers no linux-headers package"
	ntc_log "$1: ${pkgs[*]}"
	ntc_chroot_ensure "$1" "${pkgs[@]}"
}

# ntc_chroot_kernels SUITE - releases with usable headers in the chroot.
ntc_chroot_kernels() {
	local d

	for d in "$NTC_CHROOTS/$1"/lib/modules/*/build; do
		[ -f "$d/Makefile" ] && [ -f "$d/.config" ] || continue
		basename "$(dirname "$d")"
	done | sort -V
}

# ntc_kernel_suite REL - the suite whose chroot has headers for REL, or
# nothing for a kernel of the host.
ntc_kernel_suite() {
	local s

	[ -f "/lib/modules/$1/build/Makefile" ] && return 0
	for s in $NTC_SUITES; do
		if [ -f "$NTC_CHROOTS/$s/lib/modules/$1/build/Makefile" ]; then
			echo "$s"
			return 0
		fi
	done
}

# ntc_suite_of_package PKG - the suite of $NTC_SUITES offering PKG (first
# match), for a kernel whose headers are not installed anywhere yet.
ntc_suite_of_package() {
	local s

	for s in $NTC_SUITES; do
		[ -f "$NTC_CHROOTS/$s/.ntc-ready" ] || continue
		if ntc_chroot "$s" apt-cache show "$1" >/dev/null 2>&1; then
			echo "$s"
			return 0
		fi
	done
}

# ntc_apt_install_host PKG... - install PKGs on the host (root, quiet).
ntc_apt_install_host() {
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 \
		--no-install-recommends "$@" >/dev/null
}
