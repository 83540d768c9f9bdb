#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# report.py - turn ntc_bench's kernel log lines into a table and JSON.
#
#   report.py --outdir DIR [--host DESC] [--command CMD] ENV:LOG...
#
# ENV is uml or qemu; LOG a console log holding "ntc_bench: ..." lines (see
# bench/ntc_bench.c for the format). Writes DIR/<env>-<kernel release>.json,
# prints a table per log and a closing "N passed, M failed" line for the
# sanity checks (a missing END line or a kernel splat counts as a failure).
# Exit status 1 if any check failed.
import argparse
import datetime
import json
import os
import re
import shlex
import sys

SPLAT = re.compile(r'(WARNING:|BUG:|kernel BUG|Oops|general protection|Kernel panic|'
                   r'Call Trace:|INFO: task .* blocked|rcu_sched self-detected stall|'
                   r'RCU Stall|possible recursive locking|inconsistent lock state)')


def parse_kv(text):
    out = {}
    for tok in shlex.split(text):
        if '=' in tok:
            k, v = tok.split('=', 1)
            out[k] = v
    return out


def triple(s, scale):
    med, p10, p90 = (int(x) for x in s.split('/'))
    return {'median': med / scale, 'p10': p10 / scale, 'p90': p90 / scale}


def parse_log(path):
    res = {'begin': {}, 'figures': [], 'checks': [], 'end': None, 'mem': None,
           'splats': [], 'guest': []}
    with open(path, errors='replace') as f:
        lines = f.read().splitlines()
    for line in lines:
        if SPLAT.search(line):
            res['splats'].append(line.strip())
        m = re.search(r'^(?:K: )?bench: (.*)$', line)
        if m:
            res['guest'].append(m.group(1))
        i = line.find('ntc_bench: ')
        if i < 0:
            continue
        body = line[i + len('ntc_bench: '):].strip()
        word, _, rest = body.partition(' ')
        if word == 'BEGIN':
            res['begin'] = parse_kv(rest)
        elif word == 'FIG':
            fid, _, kv = rest.partition(' ')
            res['figures'].append(figure(fid, parse_kv(kv)))
        elif word == 'CHECK':
            name, status, detail = (rest.split(' ', 2) + ['', ''])[:3]
            res['checks'].append({'name': name, 'ok': status == 'PASS', 'detail': detail})
        elif word == 'MEM':
            res['mem'] = rest
        elif word == 'END':
            res['end'] = parse_kv(rest)
    return res


def figure(fid, kv):
    unit = kv.get('unit', 'ps')
    scale = 1000.0 if unit == 'ps' else 1.0
    fig = {'id': fid, 'unit': 'ns' if unit == 'ps' else unit, 'what': kv.get('what', ''),
           'twin': kv.get('twin', ''), 'target': kv.get('target', '-')}
    if 'na' in kv:
        fig['na'] = kv['na']
        return fig
    fig['ntcompat'] = triple(kv['ntc'], scale)
    fig['native'] = triple(kv['nat'], scale)
    fig['rounds'] = int(kv.get('n', 0))
    if unit == 'B':
        extra = fig['ntcompat']['median']
        fig['extra_bytes'] = extra
        if fig['target'] != '-':
            fig['status'] = 'within' if extra <= float(fig['target']) else 'over'
    else:
        fig['ratio'] = triple(kv['ratio_milli'], 1000.0)
        fig['delta_ns'] = fig['ntcompat']['median'] - fig['native']['median']
        if fig['target'] != '-':
            fig['status'] = ('within' if fig['ratio']['median'] <= float(fig['target'])
                             else 'over')
    return fig


def fmt_t(v):
    if v >= 100000:
        return '%.0fus' % (v / 1000)
    if v >= 10000:
        return '%.1fus' % (v / 1000)
    if v >= 100:
        return '%.0fns' % v
    return '%.1fns' % v


def fmt_side(s, unit):
    if unit == 'B':
        return '%d B' % s['median']
    return '%s [%s-%s]' % (fmt_t(s['median']), fmt_t(s['p10']), fmt_t(s['p90']))


def table(env, res):
    b = res['begin']
    rows = []
    head = ('figure', 'ntcompat median [p10-p90]', 'native twin median [p10-p90]',
            'ratio [p10-p90]', 'target', '')
    for f in res['figures']:
        tgt = f['target']
        if 'na' in f:
            rows.append((f['id'], 'n/a: ' + f['na'], '', '', tgt if tgt == '-' else
                         ('<=%s B extra' % tgt if f['unit'] == 'B' else '<=%sx' % tgt), ''))
            continue
        if f['unit'] == 'B':
            rows.append((f['id'], '%d B' % f['ntcompat']['median'],
                         'irqaction %d B' % f['native']['median'] if f['native']['median']
                         else '-', 'n/a', '-' if tgt == '-' else '<=%s B extra' % tgt,
                         f.get('status', '')))
            continue
        r = f['ratio']
        extra = ''
        if f['id'].startswith('dpc.chain'):
            extra = ' (%.0f vs %.0f /s)' % (1e9 / f['ntcompat']['median'],
                                            1e9 / f['native']['median'])
        rows.append((f['id'], fmt_side(f['ntcompat'], f['unit']),
                     fmt_side(f['native'], f['unit']),
                     '%.2fx [%.2f-%.2f]%s' % (r['median'], r['p10'], r['p90'], extra),
                     '-' if tgt == '-' else '<=%sx' % tgt, f.get('status', '')))
    w = [max(len(str(x[i])) for x in rows + [head]) for i in range(len(head))]
    out = []
    out.append('== %s: Linux %s (%s), preempt=%s, %s CPUs, HZ=%s, rounds=%s' % (
        env, b.get('release', '?'), b.get('machine', '?'), b.get('preempt', '?'),
        b.get('cpus', '?'), b.get('hz', '?'), b.get('rounds', '?')))
    dbg = [k for k in ('prove_locking', 'lockdep', 'kasan', 'kcsan', 'ubsan',
                       'debug_atomic_sleep', 'debug_shirq', 'debug_preempt', 'slub_debug_on')
           if b.get(k) == '1']
    out.append('   debug options: %s; retpoline=%s ibt=%s; BH workqueues: %s' % (
        ', '.join(dbg) if dbg else 'none that distort timing', b.get('retpoline', '?'),
        b.get('ibt', '?'), 'yes' if b.get('bh_wq') == '1' else 'no'))
    if b.get('irq_work_irq') == '0':
        out.append('   note: irq_work has no self-interrupt here (it runs from the timer tick): '
                   'fire.line and passive.fire include the wait for the '
                   'next tick; compare fire.entry / passive.entry')
    for g in res['guest']:
        out.append('   guest: ' + g)
    out.append('  '.join(str(h).ljust(w[i]) for i, h in enumerate(head)).rstrip())
    for x in rows:
        out.append('  '.join(str(v).ljust(w[i]) for i, v in enumerate(x)).rstrip())
    if res['mem']:
        out.append('   ' + res['mem'])
    return '\n'.join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--outdir', required=True)
    ap.add_argument('--host', default='')
    ap.add_argument('--command', default='bench/run.sh')
    ap.add_argument('logs', nargs='*')
    a = ap.parse_args()
    passed = failed = 0
    for spec in a.logs:
        env, _, path = spec.partition(':')
        res = parse_log(path) if os.path.exists(path) else None
        if res is None:
            print('== %s: no log at %s' % (env, path))
            failed += 1
            continue
        checks = list(res['checks'])
        checks.append({'name': 'completed', 'ok': res['end'] is not None and bool(res['begin']),
                       'detail': 'BEGIN and END lines present (%s)' % path})
        checks.append({'name': 'no_kernel_splat', 'ok': not res['splats'],
                       'detail': '; '.join(res['splats'][:3]) or 'log clean'})
        p = sum(1 for c in checks if c['ok'])
        passed += p
        failed += len(checks) - p
        print(table(env, res))
        for c in checks:
            if not c['ok']:
                print('   FAILED check %s: %s' % (c['name'], c['detail']))
        rel = res['begin'].get('release', 'unknown')
        doc = {
            'env': env,
            'kernel': rel,
            'date': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
            'command': a.command,
            'host': a.host,
            'guest': res['guest'],
            'config': res['begin'],
            'method': 'per round: ntcompat and native measured back to back; median, p10, '
                      'p90 over rounds; ratio = median over rounds of ntcompat/native',
            'memory_detail': res['mem'],
            'figures': res['figures'],
            'checks': checks,
            'passed': p,
            'failed': len(checks) - p,
        }
        os.makedirs(a.outdir, exist_ok=True)
        out = os.path.join(a.outdir, '%s-%s.json' % (env, rel))
        with open(out + '.tmp', 'w') as f:
            json.dump(doc, f, indent=1)
            f.write('\n')
        os.replace(out + '.tmp', out)
        print('   JSON: %s\n' % out)
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
