#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernels.sh [list|fetch] - the guest kernels of the QEMU rig.
#
#   list   print the main three releases: Debian's default 6.1 (what the
#          linux-image-amd64 metapackage depends on), the newest
#          linux-image-6.12.*+deb12-amd64-unsigned with headers, and its
#          -rt-amd64 twin; discovered with apt-cache, never hard-coded
#   more   the other kernels (release and label): the host suite's cloud
#          and rt flavours, and the newest of each series and flavour of
#          the suites in NTC_SUITES (trixie, sid + experimental), in chroots
#   fetch  (default) for each main one: apt-get download the image .deb,
#          dpkg -x it into ~/.cache/ntcompat/kernels/<release>/ (keeping
#          vmlinuz and config; the image is not installed), install
#          linux-headers-<release>; fetch-all: the others too
set -euo pipefail
. "$(dirname "$0")/lib.sh"

case ${1:-fetch} in
list) ntc_kernel_list ;;
more)
	for rel in $(ntc_kernel_list_more); do
		s=$(ntc_kernel_suite "$rel")
		echo "$rel $(ntc_kernel_short "$rel") ${s:-host}"
	done
	;;
fetch | fetch-all)
	ntc_host_setup
	list=$(ntc_kernel_list)
	[ "${1:-fetch}" = fetch-all ] && list="$list $(ntc_kernel_list_more "$list")"
	for rel in $list; do
		ntc_kernel_fetch "$rel"
		echo "$rel $NTC_KERNELS/$rel/vmlinuz"
	done
	;;
*) sed -n '4,17s/^# \{0,1\}//p' "$0"; exit 2 ;;
esac
