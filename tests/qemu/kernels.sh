#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernels.sh [list|fetch] - the guest kernels of the QEMU rig.
#
#   list   print the three releases: Debian's default 6.1 (what the
#          linux-image-amd64 metapackage depends on), the newest
#          linux-image-6.12.*+deb12-amd64-unsigned with headers, and its
#          -rt-amd64 twin; discovered with apt-cache, never hard-coded
#   fetch  (default) for each: apt-get download the image .deb, dpkg -x it
#          into ~/.cache/ntcompat/kernels/<release>/ (keeping vmlinuz and
#          config; the image is not installed), install linux-headers-<release>
set -euo pipefail
. "$(dirname "$0")/lib.sh"

case ${1:-fetch} in
list) ntc_kernel_list ;;
fetch)
	ntc_host_setup
	for rel in $(ntc_kernel_list); do
		ntc_kernel_fetch "$rel"
		echo "$rel $NTC_KERNELS/$rel/vmlinuz"
	done
	;;
*) sed -n '4,13s/^# \{0,1\}//p' "$0"; exit 2 ;;
esac
