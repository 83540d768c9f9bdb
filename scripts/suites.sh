#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# suites.sh - the chroots of the newer Debian suites (scripts/suite-lib.sh).
#
#   scripts/suites.sh setup [SUITE...]    create/refresh the chroots and
#                                         install every discovered kernel's
#                                         headers (default: $NTC_SUITES)
#   scripts/suites.sh list                release and suite of each kernel
#                                         with headers, host's included
#   scripts/suites.sh discover [SUITE...] the headers packages apt offers
#   scripts/suites.sh run SUITE CMD...    run CMD in the chroot
set -euo pipefail
. "$(dirname "$0")/dkms-lib.sh"
. "$(dirname "$0")/suite-lib.sh"

cmd=${1:-list}
shift || true
case $cmd in
setup)
	[ "$(id -u)" = 0 ] || ntc_die "run as root (debootstrap, chroot)"
	for s in ${*:-$NTC_SUITES}; do
		ntc_suite_setup "$s"
	done
	;;
discover)
	for s in ${*:-$NTC_SUITES}; do
		ntc_chroot_ensure "$s" >/dev/null
		ntc_chroot_discover "$s" | sed "s/^/$s /"
	done
	;;
list)
	ntc_kernels_with_headers | sed 's/$/ host/'
	for s in $NTC_SUITES; do
		ntc_chroot_kernels "$s" | sed "s/\$/ $s/"
	done
	;;
run)
	[ $# -ge 2 ] || ntc_die "usage: $0 run SUITE CMD..."
	ntc_chroot "$@"
	;;
*) sed -n '4,13s/^# \{0,1\}//p' "$0"; exit 2 ;;
esac
