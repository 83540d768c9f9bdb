#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the ntcompat test guest (packed by tests/qemu/lib.sh).
# Runs /guest/<name>.sh for each name in ntc.scenarios=a,b,c on the kernel
# command line (in /guest, with NTC_SCENARIO, NTC_KERNEL and NTC_MODDIR set;
# the modules are in $NTC_MODDIR = /lib/modules/$(uname -r)/extra, depmod'ed
# so modprobe works), framing each with NTC-BEGIN/NTC-END (guest uptime t=),
# then prints NTC-DONE and powers off. The kernel log is dumped after boot
# and after each scenario with a "K: " prefix (dmesg -c), so the host
# attributes every kernel message to the scenario that was running; the live
# console shows only warnings and worse (loglevel=5), useful when a guest
# hangs.
# ntc.rigtest=bootpanic|donepanic makes the kernel panic before the first
# scenario / after NTC-DONE, so rig-selftest.sh can show that run.sh never
# passes a panicked boot.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmpfs /tmp
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts

NTC_KERNEL=$(uname -r)
NTC_MODDIR=/lib/modules/$NTC_KERNEL/extra
export NTC_KERNEL NTC_MODDIR
[ -d "$NTC_MODDIR" ] && depmod -a >/dev/null 2>&1

klog() { dmesg -c | sed 's/^/K: /'; }

scenarios=
rigtest=
for arg in $(cat /proc/cmdline); do
	case $arg in
	ntc.scenarios=*) scenarios=${arg#ntc.scenarios=} ;;
	ntc.scenario=*) scenarios=${arg#ntc.scenario=} ;;
	ntc.rigtest=*) rigtest=${arg#ntc.rigtest=} ;;
	esac
done
crash() { echo 1 >/proc/sys/kernel/sysrq; echo c >/proc/sysrq-trigger; }

echo "NTC-BOOT kernel=$NTC_KERNEL cpus=$(grep -c ^processor /proc/cpuinfo) modules=$(ls "$NTC_MODDIR" 2>/dev/null | tr '\n' ' ')"
klog
[ "$rigtest" = bootpanic ] && crash
for s in $(echo "$scenarios" | tr ',' ' '); do
	echo "NTC-BEGIN $s t=$(cut -d' ' -f1 /proc/uptime)"
	if [ -f "/guest/$s.sh" ]; then
		(cd /guest && NTC_SCENARIO=$s sh "/guest/$s.sh")
		rc=$?
	else
		echo "RESULT $s FAIL no /guest/$s.sh in the initramfs"
		rc=127
	fi
	klog
	echo "NTC-END $s rc=$rc t=$(cut -d' ' -f1 /proc/uptime)"
done
echo "NTC-DONE t=$(cut -d' ' -f1 /proc/uptime)"
[ "$rigtest" = donepanic ] && crash
sync
poweroff -f
