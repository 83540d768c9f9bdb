#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh (`make demo`) - see a ported Windows driver take real PCI
# interrupts on Linux, in a VM, from a fresh Debian 12 machine (as root).
#
# Sets itself up (Debian packages, the newest Debian 6.12 kernel for the VM,
# ntcompat.ko and the sample driver built against its headers), boots it
# under QEMU (TCG) with two edu devices sharing an INTx line and an
# ivshmem-doorbell with 4 MSI-X vectors, and runs tests/qemu/guest/demo.sh:
# it connects every device with every connect version, fires interrupts and
# prints what the NT driver's ISR and DPC saw.
#
#   NTC_DEMO_KERNEL=6.1|6.12|6.12-rt   another guest kernel (default 6.12)
#   NTC_MODULES_FROM=dkms              the modules DKMS installed for it
#   -v                                 show the whole serial console live
set -euo pipefail
. "$(dirname "$0")/lib.sh"

verbose=0
[ "${1:-}" = -v ] && verbose=1
want=${NTC_DEMO_KERNEL:-6.12}
devices="-device edu,addr=4 -device edu,addr=8 @ivshmem:4"

if [ -t 1 ]; then
	B=$'\e[1m' G=$'\e[32m' R=$'\e[31m' N=$'\e[0m'
else
	B='' G='' R='' N=''
fi
step() { printf '%s==>%s %s\n' "$B" "$N" "$*"; }

[ "$(id -u)" = 0 ] || ntc_die "run as root (it installs Debian packages and kernel headers)"

cat <<EOF
${B}ntcompat demo${N}: a Windows (WDM) PCI driver, ported with its interrupt code
unchanged, taking line-based, message-based (MSI, MSI-X) and passive
interrupts on a Debian kernel in a QEMU VM.

EOF

t0=$(ntc_now)
step "host packages (qemu-system-x86, busybox-static, ...)"
ntc_host_setup
rel=$(ntc_kernel_resolve "$want")
step "guest kernel $rel (Debian's image, unpacked in $NTC_KERNELS; headers installed)"
ntc_kernel_fetch "$rel"
step "building ntcompat.ko and the sample driver for $rel (modules from ${NTC_MODULES_FROM:-build})"
ntc_workdir
ntc_modules "$rel" "$NTC_WORK/ko"
ntc_initramfs "$rel" "$NTC_WORK/ko" "$NTC_WORK/initramfs.cpio.gz"
log=$(ntc_logdir demo)/demo.log
step "booting the VM: 2 CPUs, TCG; devices: 2x edu (one shared INTx line), ivshmem-doorbell (4 MSI-X vectors)"
[ $verbose = 1 ] || echo "    (about a minute; serial console: $log)"
rc=0
t=$(ntc_now)
NTC_SERIAL=$([ $verbose = 1 ] && echo tee || echo file) \
	ntc_boot_retry "$rel" "$NTC_WORK/initramfs.cpio.gz" "$log" 600 "$devices" "" demo || rc=$?
boot_s=$(ntc_since "$t")
tr -d '\r' <"$log" >"$log.txt"

# The guest's table: its output from the "ntcompat demo on Linux" line to
# the end of the demo scenario, without the kernel log dump.
echo
sed -n '/^ntcompat demo on Linux/,/^NTC-END demo/p' "$log.txt" |
	grep -v -e '^K: ' -e '^NTC-END' -e '^RESULT ' -e '^\[ *[0-9.]*\] ' |
	sed 's/^/    /'
echo "    What ntcompat logged for the connections (dmesg, one line per kind):"
grep '^K: .*IoConnectInterruptEx' "$log.txt" | sed 's/^K: \[ *[0-9.]*\] /      /' |
	awk '{ k = $0; sub(/.*IoConnectInterruptEx: /, "", k); gsub(/[0-9]+/, "", k) } !seen[k]++' |
	head -n 8
echo

result=$(grep '^RESULT demo ' "$log.txt" | tail -n 1 || true)
bad=$(grep '^K: ' "$log.txt" | grep -E "$NTC_BAD_KLOG" | head -n 3 || true)
if [ "$rc" = 0 ] && [[ $result == "RESULT demo PASS"* ]] && grep -q '^NTC-DONE' "$log.txt" && [ -z "$bad" ]; then
	printf '%sPASS%s  every interrupt raised was seen by its ISR and its DPC; no kernel warning.\n' "$G" "$N"
	ok=1
else
	printf '%sFAIL%s  %s\n' "$R" "$N" "${result:-the guest did not finish (qemu status $rc)}"
	[ -z "$bad" ] || printf '      kernel log: %s\n' "$bad"
	echo "      serial console: $log"
	ok=0
fi
echo "      (VM boot and demo ${boot_s}s, total $(ntc_since "$t0")s)"

cat <<EOF

${B}What you saw${N}
  The sample driver (sample-driver/: driver.c, edu.c, ivshmem.c) is NT code:
  it includes only <wdm.h>/<ntddk.h>, walks its translated CM_RESOURCE_LIST in
  START_DEVICE, maps its BAR with MmMapIoSpace and calls IoConnectInterruptEx.
  Its ISR checks and acknowledges the device with READ/WRITE_REGISTER_ULONG
  and queues its DpcForIsr, which uses KeSynchronizeExecution. glue.c, a
  pci_driver, is its only Linux part. ntcompat.ko turns each connect into
  request_irq / request_threaded_irq / pci_alloc_irq_vectors:
    raised  interrupts the device was asked to raise
    ISR     NT ISR calls (on a shared line both ISRs see every interrupt)
    claim   ISR calls that returned TRUE ("mine"): exactly "raised"
    DPC     DpcForIsr runs: fewer than claims when an interrupt comes while
            the DPC is still queued (KeInsertQueueDpc returns FALSE, as on
            Windows); IRQL as seen inside the ISR / the DPC

${B}On real hardware${N} (any kernel with headers installed, as root):
  make                                         # ntcompat/ntcompat.ko, sample-driver/ntsample.ko
  insmod ntcompat/ntcompat.ko
  insmod sample-driver/ntsample.ko edu_connect=message   # or line, fully, passive, ...
  dmesg | grep IoConnectInterruptEx            # what each connect obtained
  # or install them: make install && depmod -a && modprobe ntsample
  # or with DKMS (rebuilt on kernel upgrades): make dkms-install
  A driver of your own: include <wdm.h>, link against ntcompat's symbols
  (KBUILD_EXTRA_SYMBOLS=<ntcompat>/Module.symvers), see sample-driver/.

  This VM again, another kernel or the whole matrix:
    NTC_DEMO_KERNEL=6.12-rt make demo          # or 6.1; -v: tests/qemu/demo.sh -v
    tests/qemu/boot.sh -k 6.1 -d "-device edu" edu-line
    tests/qemu/run.sh                          # 3 kernels x every scenario
EOF
[ $ok = 1 ]
