#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# trace: ntcompat's trace events, used from tracefs as a porter would
# (README "Tracing"). With events/ntcompat enabled, the sample is loaded on
# edu's line, N interrupts are raised, the sample is unloaded:
#  - ntcompat registers its 10 events under events/ntcompat;
#  - one ntc_connect (dev = the edu's BDF, version 2 -> 2, status 0) and one
#    ntc_disconnect for that interrupt object;
#  - exactly N ntc_isr_exit lines with claimed=1 for it, each after an
#    ntc_isr_entry of the same object (an ISR's events pair up);
#  - every DPC inserted (ntc_dpc_queue inserted=1) ran once: as many
#    ntc_dpc_entry as inserts, and as many ntc_dpc_exit, the DpcForIsr among
#    them; the DpcForIsr's KeSynchronizeExecution shows up as
#    ntc_intlock_acquire/release pairs naming its routine;
#  - with the events disabled again, nothing more is recorded.
# Rig: -device edu
set -eu
. "$(dirname "$0")/ntsample.lib"
nts_begin
N=16
T=/sys/kernel/tracing

[ -e "$T/trace" ] || mount -t tracefs nodev "$T" 2>/dev/null || true
[ -e "$T/trace" ] || { nts_fail "no tracefs at $T (CONFIG_FTRACE?)"; nts_end; }
edu=$(nts_edus | head -n 1)
[ -n "$edu" ] || { nts_fail "no edu device"; nts_end; }

# %p prints "(____ptrval____)" until the CRNG is ready (early boot), which
# would make every object look the same: /dev/random blocks until it is
# (and the hash key follows, waited for below).
head -c 1 /dev/random >/dev/null
nts_insmod ntcompat || nts_end
n=0
for e in "$T"/events/ntcompat/ntc_*; do
	[ -d "$e" ] && n=$((n + 1))
done
expect_eq "events under events/ntcompat" "$n" 10
echo 0 >"$T/tracing_on"
echo >"$T/trace"
echo 1 >"$T/events/ntcompat/enable"
echo 1 >"$T/tracing_on"

# README recipe "ISR-to-DPC latency": a hist trigger pairing each insert
# with the run of the same DPC, through a synthetic event.
hist=0
if [ -e "$T/synthetic_events" ]; then
	echo 'ntc_dpc_lat u64 dpc; u64 lat_ns' >>"$T/synthetic_events"
	echo 'hist:keys=dpc:ts0=common_timestamp if inserted == 1' \
		>>"$T/events/ntcompat/ntc_dpc_queue/trigger"
	echo 'hist:keys=dpc:lat=common_timestamp-$ts0:onmatch(ntcompat.ntc_dpc_queue).trace(ntc_dpc_lat,dpc,$lat)' \
		>>"$T/events/ntcompat/ntc_dpc_entry/trigger"
	echo 'hist:keys=lat_ns.log2:sort=lat_ns' >>"$T/events/synthetic/ntc_dpc_lat/trigger"
	hist=1
else
	nts_log "no synthetic_events (CONFIG_SYNTH_EVENTS off): latency recipe skipped"
fi

nts_insmod ntsample edu_connect=line || nts_end
nts_bound "$edu" || { nts_fail "$edu not bound"; nts_end; }
nts_fire "$edu" "$N"
nts_check_fired "$edu" "$N"
# %p prints "(____ptrval____)" until the pointer hash key is set, shortly
# after the CRNG is ready: wait for it (30 s at most) before reading.
i=0
while grep -q 'ptrval' "$T/trace" && [ $i -lt 30 ]; do
	sleep 1
	i=$((i + 1))
done
# Routines print as symbols only while their module is loaded: read now.
live=/tmp/ntc-trace-live.txt
grep ' ntc_' "$T/trace" >"$live" || true
rmmod ntsample
echo 0 >"$T/tracing_on"
echo 0 >"$T/events/ntcompat/enable"
tr=/tmp/ntc-trace.txt
grep ' ntc_' "$T/trace" >"$tr" || true
nts_log "$(wc -l <"$tr") ntcompat events; first ones:"
head -n 8 "$tr" | sed 's/^/    /'

c=$(grep " ntc_connect: dev=$edu " "$tr" || true)
expect_eq "ntc_connect lines for $edu" "$(echo "$c" | grep -c . || true)" 1
echo "$c" | grep -q "version_asked=2 version=2 .*status=0x00000000" ||
	nts_fail "ntc_connect: '$c', expected version_asked=2 version=2 ... status=0x00000000"
kint=$(echo "$c" | sed -n 's/.* kint=\([^ ]*\) .*/\1/p')
case $kint in ''|*ptrval*) nts_fail "kint '$kint' in '$c' is no hashed pointer"; nts_end ;; esac
expect_eq "ntc_disconnect lines for $edu" "$(grep -c " ntc_disconnect: dev=$edu .*kint=$kint " "$tr" || true)" 1

# The ISR: N claimed exits; entries and exits alternate for this object.
expect_eq "ntc_isr_exit claimed=1 for kint=$kint" \
	"$(grep -c " ntc_isr_exit: kint=$kint .*claimed=1 gated=0" "$tr" || true)" "$N"
seq=$(grep -E " ntc_isr_(entry|exit): kint=$kint " "$tr" |
	sed -n 's/.* ntc_isr_\(entry\|exit\): .*/\1/p' | tr '\n' ' ')
bad=$(echo "$seq" | awk '{ for (i = 1; i <= NF; i++) if ($i != (i % 2 ? "entry" : "exit")) { print i; exit } }')
[ -z "$bad" ] || nts_fail "ISR entry/exit out of order at event $bad: $seq"

# DPCs: every insert ran, once.
ins=$(grep -c " ntc_dpc_queue: .*inserted=1" "$tr" || true)
expect_ge "DPC inserts" "$ins" 1
expect_eq "ntc_dpc_entry = inserts" "$(grep -c " ntc_dpc_entry: " "$tr" || true)" "$ins"
expect_eq "ntc_dpc_exit = inserts" "$(grep -c " ntc_dpc_exit: " "$tr" || true)" "$ins"
grep -q " ntc_dpc_entry: .*routine=NtSampleDpcForIsr" "$live" ||
	nts_fail "no ntc_dpc_entry of NtSampleDpcForIsr"
acq=$(grep -c " ntc_intlock_acquire: kint=$kint .*routine=NtSampleReadAndClearPending" "$live" || true)
rel=$(grep -c " ntc_intlock_release: kint=$kint .*routine=NtSampleReadAndClearPending" "$live" || true)
expect_ge "KeSynchronizeExecution(NtSampleReadAndClearPending) acquires" "$acq" 1
[ "$acq" -ge 1 ] || grep ' ntc_intlock_acquire: ' "$live" | head -n 5 | sed 's/^/    live: /'
expect_eq "intlock releases = acquires" "$rel" "$acq"

if [ $hist = 1 ]; then
	h=$(cat "$T/events/synthetic/ntc_dpc_lat/hist")
	nts_log "ISR-to-DPC latency (ns, log2 buckets):"
	echo "$h" | grep -E '^\{|^Totals|Hits' | sed 's/^/    /'
	hits=$(echo "$h" | sed -n 's/^ *Hits: *\([0-9]*\).*/\1/p' | head -n 1)
	expect_eq "latency histogram hits (one per DPC run)" "$hits" "$ins"
	[ "$hits" = "$ins" ] || grep -E ' ntc_dpc_(queue|entry): ' "$tr" | sed 's/^/    tr: /'
	echo '!hist:keys=lat_ns.log2:sort=lat_ns' >>"$T/events/synthetic/ntc_dpc_lat/trigger"
	echo '!hist:keys=dpc:lat=common_timestamp-$ts0:onmatch(ntcompat.ntc_dpc_queue).trace(ntc_dpc_lat,dpc,$lat)' \
		>>"$T/events/ntcompat/ntc_dpc_entry/trigger"
	echo '!hist:keys=dpc:ts0=common_timestamp if inserted == 1' \
		>>"$T/events/ntcompat/ntc_dpc_queue/trigger"
	echo '!ntc_dpc_lat u64 dpc; u64 lat_ns' >>"$T/synthetic_events"
fi

# Disabled: a second round records nothing.
echo >"$T/trace"
echo 1 >"$T/tracing_on"
nts_insmod ntsample edu_connect=line || nts_end
nts_fire "$edu" 4
rmmod ntsample
echo 0 >"$T/tracing_on"
expect_eq "events recorded while disabled" "$(grep -c ' ntc_' "$T/trace" || true)" 0

nts_note "10 events; connect/disconnect, $N claimed ISR exits in order, $ins DPCs queued = run, $acq sync pairs"
nts_end
