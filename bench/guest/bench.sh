#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of bench/run.sh (packed into the tests/qemu initramfs through
# NTC_GUEST_DIRS): load ntcompat.ko and ntc_bench.ko, whose init runs the
# whole benchmark and prints it to the kernel log (init.sh dumps that with a
# "K: " prefix after this scenario), then unload. ntc_bench.* parameters are
# taken from the kernel command line (busybox insmod does not read it).
s=${NTC_SCENARIO:-bench}
params=
trace=0
# shellcheck disable=SC2013 # the command line is words
for arg in $(cat /proc/cmdline); do
	case $arg in
	ntc_bench.*) params="$params ${arg#ntc_bench.}" ;;
	ntc.bench_trace=1) trace=1 ;;
	esac
done
echo "bench: kernel $(uname -r), $(grep -c ^processor /proc/cpuinfo) CPUs, clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null)"
echo "bench: cpu $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
if ! insmod "$NTC_MODDIR/ntcompat.ko"; then
	echo "RESULT $s FAIL insmod ntcompat.ko"
	exit 1
fi
T=/sys/kernel/tracing
if [ $trace = 1 ]; then
	# bench/run.sh --trace: every ntcompat event on, into the ring buffer.
	[ -e "$T/trace" ] || mount -t tracefs nodev "$T"
	if ! echo 1 >"$T/events/ntcompat/enable" || ! echo 1 >"$T/tracing_on"; then
		echo "RESULT $s FAIL could not enable the ntcompat trace events"
		exit 1
	fi
	echo "bench: ntcompat trace events ON"
fi
start=$(cut -d. -f1 /proc/uptime)
# shellcheck disable=SC2086
if ! insmod "$NTC_MODDIR/ntc_bench.ko" $params; then
	echo "RESULT $s FAIL insmod ntc_bench.ko$params"
	exit 1
fi
echo "bench: ran in $(( $(cut -d. -f1 /proc/uptime) - start ))s"
if [ $trace = 1 ]; then
	echo 0 >"$T/tracing_on"
	st=$T/per_cpu/cpu0/stats
	echo "bench: trace events written: $(sed -n 's/^entries: //p' "$st") in CPU 0's buffer, overrun $(sed -n 's/^overrun: //p' "$st")"
	echo 0 >"$T/events/ntcompat/enable"
fi
rmmod ntc_bench || echo "bench: rmmod ntc_bench failed"
rmmod ntcompat || echo "bench: rmmod ntcompat failed"
echo "RESULT $s DONE"
