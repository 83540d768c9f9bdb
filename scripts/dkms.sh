#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install ntcompat from this checkout with DKMS, or remove it.
#
#   scripts/dkms.sh install [KVER]   (make dkms-install [KVER=...])
#       copy the source to /usr/src/ntcompat-<version>, dkms add, then
#       dkms build + install for KVER, or for every kernel with headers.
#       DKMS rebuilds it for kernels installed later (AUTOINSTALL).
#   scripts/dkms.sh remove           (make dkms-remove)
#       dkms remove --all and delete /usr/src/ntcompat-<version>.
#   scripts/dkms.sh stage DEST       copy the DKMS source tree to DEST
#       (used by debian/rules).
#
# Modules land in /lib/modules/<kernel>/updates/dkms/. On a Secure Boot
# machine DKMS signs them with /var/lib/dkms/mok.key; enrol its certificate
# once with `mokutil --import /var/lib/dkms/mok.pub` (README, "Secure Boot").
set -euo pipefail
. "$(dirname "$0")/dkms-lib.sh"

usage() {
	echo "usage: $0 install [KVER] | remove | stage DEST" >&2
	exit 2
}

# A kernel is skipped (BUILD_EXCLUSIVE, exit 77) or built and installed.
build_install() {
	local k=$1 ver=$2 rc=0

	if [ "$(ntc_dkms_state "$ver" "$k")" = installed ]; then
		echo "ntcompat/$ver already installed for $k"
		return 0
	fi
	dkms build -m ntcompat -v "$ver" -k "$k" || rc=$?
	if [ $rc -eq 77 ]; then
		echo "ntcompat/$ver: $k skipped (BUILD_EXCLUSIVE: see dkms.conf)"
		return 0
	fi
	[ $rc -eq 0 ] || return $rc
	dkms install -m ntcompat -v "$ver" -k "$k"
}

do_install() {
	local ver kernels k failed=0

	"$NTC_ROOT/scripts/meta-check.sh" >/dev/null
	ntc_apt_ensure dkms
	ver=$(ntc_version)
	if [ $# -gt 0 ] && [ -n "$1" ]; then
		kernels=$1
		[ -f "/lib/modules/$1/build/Makefile" ] ||
			ntc_die "no headers for $1: apt-get install linux-headers-$1"
	else
		kernels=$(ntc_kernels_with_headers)
		[ -n "$kernels" ] || ntc_die "no kernel headers installed (apt-get install linux-headers-amd64)"
	fi

	# A previous install of the same version from a checkout: replace it.
	if [ -n "$(ntc_dkms_state "$ver")" ]; then
		dkms remove -m ntcompat -v "$ver" --all >/dev/null
	fi
	rm -rf "/usr/src/ntcompat-$ver"
	ntc_stage_source "/usr/src/ntcompat-$ver"
	dkms add -m ntcompat -v "$ver"
	for k in $kernels; do
		build_install "$k" "$ver" || { ntc_log "ntcompat/$ver failed for $k"; failed=1; }
	done
	dkms status -m ntcompat
	return $failed
}

do_remove() {
	local v

	command -v dkms >/dev/null || return 0
	for v in $(dkms status -m ntcompat | sed -n 's|^ntcompat/\([^,:]*\).*|\1|p' | sort -u); do
		dkms remove -m ntcompat -v "$v" --all
	done
	# What a package installed is the package's to remove.
	for v in /usr/src/ntcompat-*; do
		[ -d "$v" ] || continue
		if dpkg -S "$v" >/dev/null 2>&1; then
			echo "$v belongs to a package: apt-get purge ntcompat-dkms"
		else
			rm -rf "$v"
		fi
	done
}

[ $# -ge 1 ] || usage
case "$1" in
install) shift; [ "$(id -u)" -eq 0 ] || ntc_die "run as root"; ntc_lock dkms
	 do_install "${1:-${KVER:-}}" ;;
remove)	 [ "$(id -u)" -eq 0 ] || ntc_die "run as root"; ntc_lock dkms; do_remove ;;
stage)	 [ $# -eq 2 ] || usage; ntc_stage_source "$2" ;;
*)	 usage ;;
esac
