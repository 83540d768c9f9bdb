#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Rig self-test (tests/qemu owner): proves the guest side of the contract
# without ntcompat. Reports the kernel, the PCI devices QEMU was given
# (from sysfs, busybox has no lspci), their INTx lines, and reads each
# edu device's identification register through its BAR0.
#
# ntc.selftest=warn|fail|exit|hang|panic on the kernel command line makes it
# misbehave on purpose, so rig-selftest.sh can show that run.sh catches it.
s=${NTC_SCENARIO:-selftest}
ok=1
inject=$(sed -n 's/.*ntc\.selftest=\([a-z]*\).*/\1/p' /proc/cmdline)

echo "selftest: kernel $(uname -r), $(grep -c ^processor /proc/cpuinfo) CPUs, cmdline: $(cat /proc/cmdline)"
for d in /sys/bus/pci/devices/*; do
	id="$(cat "$d/vendor"):$(cat "$d/device")"
	msi=; [ -d "$d/msi_irqs" ] && msi=" msi_irqs=$(ls "$d/msi_irqs" | tr '\n' ' ')"
	echo "selftest: pci ${d##*/} $id class=$(cat "$d/class") irq=$(cat "$d/irq")$msi"
done

edu_irqs=
for d in /sys/bus/pci/devices/*; do
	[ "$(cat "$d/vendor"):$(cat "$d/device")" = 0x1234:0x11e8 ] || continue
	bar0=$(head -n1 "$d/resource" | cut -d' ' -f1)
	# edu register 0x00: 0xRRrr00ed (major.minor version, 0xed).
	idreg=$(devmem $((bar0)) 32)
	echo "selftest: edu ${d##*/} bar0=$bar0 id=$idreg irq=$(cat "$d/irq")"
	case $idreg in
	*ED|*ed) ;;
	*) ok=0; echo "selftest: edu ${d##*/} identification register reads $idreg" ;;
	esac
	edu_irqs="$edu_irqs $(cat "$d/irq")"
done
n=$(echo $edu_irqs | wc -w)
uniq=$(printf '%s\n' $edu_irqs | sort -u | wc -l)
[ "$n" -gt 1 ] && echo "selftest: $n edu devices on $uniq distinct INTx line(s):$edu_irqs"

echo "selftest: /proc/interrupts:"
cat /proc/interrupts
ls /sys/kernel/debug >/dev/null || ok=0

case $inject in
warn) echo "<4>WARNING: CPU: 0 PID: $$ at selftest (injected by ntc.selftest=warn)" >/dev/kmsg ;;
fail) ok=0 ;;
hang) echo "selftest: hanging (ntc.selftest=hang)"; while :; do sleep 60; done ;;
panic) echo "selftest: crashing the kernel (ntc.selftest=panic)"; echo c >/proc/sysrq-trigger ;;
esac

if [ $ok = 1 ]; then
	echo "RESULT $s PASS kernel=$(uname -r) edu=$n edu_lines=$uniq"
else
	echo "RESULT $s FAIL"
fi
[ "$inject" = exit ] && exit 3
exit 0
