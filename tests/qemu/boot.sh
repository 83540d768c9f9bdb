#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# boot.sh - boot one guest kernel with the ntcompat initramfs, by hand.
#
#   tests/qemu/boot.sh [-k KERNEL] [-d DEVICES] [-a CMDLINE] [-t SECS] SCENARIO[,SCENARIO...]
#
# KERNEL: a release (6.12.117+deb12-rt-amd64) or its short label (6.1, 6.12,
# 6.12-rt, 6.1-cloud, 6.12+deb13, 7.2+deb14-rt, 7.3 ...; default 6.12). DEVICES: QEMU device arguments as in
# scenarios.conf (default "-device edu"). The serial console is shown and
# kept in ~/.cache/ntcompat/qemu-logs/boot-<date>-<pid>/KERNEL.log. Honours
# NTC_MODULES_FROM (build, dkms, none) and NTC_GUEST_DIRS.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

want=6.12 devs="-device edu" extra='' tmo=300
while getopts k:d:a:t: o; do
	case $o in
	k) want=$OPTARG ;;
	d) devs=$OPTARG ;;
	a) extra=$OPTARG ;;
	t) tmo=$OPTARG ;;
	*) sed -n '4,13s/^# \{0,1\}//p' "$0"; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || { sed -n '4,13s/^# \{0,1\}//p' "$0"; exit 2; }

ntc_host_setup
rel=$(ntc_kernel_resolve "$want")
ntc_kernel_fetch "$rel"
ntc_workdir
ntc_modules "$rel" "$NTC_WORK/ko"
initrd=$NTC_WORK/initramfs.cpio.gz
ntc_initramfs "$rel" "$NTC_WORK/ko" "$initrd"
log=$(ntc_logdir boot)/$(ntc_kernel_short "$rel").log
start=$(ntc_now)
rc=0
NTC_SERIAL="tee" ntc_boot "$rel" "$initrd" "$log" "$tmo" "$devs" "$extra" "$1" || rc=$?
printf 'boot.sh: %s, %ss, qemu status %s, log %s\n' "$rel" \
	"$(ntc_since "$start")" "$rc" "$log" >&2
