#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh - everything `make check` runs, in order, on a fresh Debian 12 as
# root (each step installs what it needs). Every step runs even when an
# earlier one failed, so one run reports everything; the exit status is
# non-zero if any step failed. Logs: ~/.cache/ntcompat/check/<step>.log.
#
# NTC_CHECK_STEPS="kunit qemu" make check   runs only the named steps.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
logs=${NTC_CACHE:-$HOME/.cache/ntcompat}/check
mkdir -p "$logs"

# name | command
steps=(
	"setup|scripts/setup.sh"
	"build-matrix|scripts/build-matrix.sh"
	"headers|tests/headers/run.sh"
	"kunit|kunit/run.sh"
	# The same suites on x86_64 QEMU -smp 2: the cross-CPU cases, CPU
	# hotplug, the torture on two CPUs (cold: about 11 min on an idle machine).
	"kunit-smp|NTC_KUNIT_ARCH=x86_64 kunit/run.sh"
	# The QEMU test loads the modules DKMS built for each guest kernel
	# (issue 4), so the package stays installed until it has run.
	"dkms|scripts/dkms-check.sh --keep"
	"qemu|NTC_MODULES_FROM=dkms tests/qemu/run.sh"
	"dkms-purge|scripts/dkms-check.sh --purge"
	# The rig must be able to fail: a WARNING, a FAIL line, a hang, a panic.
	"qemu-selftest|tests/qemu/rig-selftest.sh"
	"bench|bench/run.sh --quick"
)

only=" ${NTC_CHECK_STEPS:-} "
passed=0
failed=0
failures=()
for s in "${steps[@]}"; do
	name=${s%%|*}
	cmd=${s#*|}
	if [ -n "${NTC_CHECK_STEPS:-}" ] && [ "$name" != setup ] &&
	   [[ "$only" != *" $name "* ]]; then
		continue
	fi
	# Leading VAR=value words are the step's environment.
	envs=()
	set -f
	words=($cmd)
	set +f
	while [[ "${words[0]}" == *=* ]]; do
		envs+=("${words[0]}")
		words=("${words[@]:1}")
	done
	script=${words[0]}
	start=$(date +%s)
	echo "=== $name: $cmd"
	if [ ! -x "$script" ]; then
		echo "=== $name: FAIL ($script is missing)"
		failed=$((failed + 1))
		failures+=("$name")
		continue
	fi
	# The step's own output goes to the terminal and to its log.
	if env "${envs[@]}" "${words[@]}" 2>&1 | tee "$logs/$name.log"; then
		echo "=== $name: PASS ($(( $(date +%s) - start ))s)"
		passed=$((passed + 1))
	else
		echo "=== $name: FAIL ($(( $(date +%s) - start ))s; log: $logs/$name.log)"
		failed=$((failed + 1))
		failures+=("$name")
	fi
done

echo
if ((failed)); then
	echo "make check: failed steps: ${failures[*]}"
fi
echo "check: $passed passed, $failed failed"
((failed == 0))
