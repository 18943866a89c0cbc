// Holds resolve() against the platform's own getaddrinfo, through Python's socket.getaddrinfo,
// for a matrix of hosts, services and hints. Only localhost and IP literals, so no DNS traffic
// leaves the machine.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { resolve, type ResolveHints } from '@sock/resolve';

const python = spawnSync('python3', ['-c', 'import socket'], { encoding: 'utf8' });
const hasPython = python.status === 0;

const hosts = [
  null,
  '',
  'localhost',
  '127.0.0.1',
  '::1',
  '::ffff:127.0.0.1',
  'fe80::1%lo',
  'fe80::1%1',
  '127.1',
  '0x7f.0.0.1',
];
const services = [null, 80, '80', 'http', 'domain', 0];
const hintSets: ResolveHints[] = [
  {},
  { family: 4 },
  { family: 6 },
  { socktype: 'stream' },
  { socktype: 'dgram' },
  { protocol: 'udp' },
  { passive: true },
  { passive: true, family: 6 },
  { numericHost: true },
  { numericService: true },
  { family: 6, v4Mapped: true },
  { family: 6, v4Mapped: true, all: true },
  { addrConfig: true },
];

interface Case {
  host: string | null;
  service: string | number | null;
  hints: ResolveHints;
}

// One python3 run answers every case: the sorted set of answers followed by the order of the
// distinct addresses, or the gaierror's number.
const script = String.raw`
import json, socket, sys
flagmap = {'passive': socket.AI_PASSIVE, 'numericHost': socket.AI_NUMERICHOST,
  'numericService': socket.AI_NUMERICSERV, 'v4Mapped': socket.AI_V4MAPPED, 'all': socket.AI_ALL,
  'addrConfig': socket.AI_ADDRCONFIG}
out = []
for case in json.load(sys.stdin):
    h = case['hints']
    flags = 0
    for k, v in flagmap.items():
        if h.get(k): flags |= v
    fam = {0: socket.AF_UNSPEC, 4: socket.AF_INET, 6: socket.AF_INET6}[h.get('family', 0)]
    st = {'stream': socket.SOCK_STREAM, 'dgram': socket.SOCK_DGRAM}.get(h.get('socktype'), 0)
    proto = {'tcp': socket.IPPROTO_TCP, 'udp': socket.IPPROTO_UDP}.get(h.get('protocol'), 0)
    host = case['host'] or None
    service = case['service']
    if isinstance(service, int): service = str(service)
    try:
        res = socket.getaddrinfo(host, service, fam, st, proto, flags)
        rows = set()
        order = []
        for f, t, p, _c, sa in res:
            if sa[0].split('%')[0] not in order: order.append(sa[0].split('%')[0])
            if t not in (socket.SOCK_STREAM, socket.SOCK_DGRAM): continue
            rows.add('%d %s %d %s %s' % (4 if f == socket.AF_INET else 6, sa[0].split('%')[0], sa[1],
              'stream' if t == socket.SOCK_STREAM else 'dgram', 'tcp' if p == socket.IPPROTO_TCP else 'udp'))
        out.append(sorted(rows) + ['order ' + ' '.join(order)])
    except socket.gaierror as e:
        out.append('error %d' % e.errno)
print(json.dumps(out))
`;

describe('resolve against the platform getaddrinfo (python3)', () => {
  it.skipIf(!hasPython)(
    'agrees on the answers and their order for every case of the matrix',
    async () => {
      const cases: Case[] = [];
      for (const host of hosts) {
        for (const service of services) {
          for (const hints of hintSets) cases.push({ host, service, hints });
        }
      }
      const run = spawnSync('python3', ['-c', script], {
        input: JSON.stringify(cases),
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(run.status, run.stderr).toBe(0);
      const expected = JSON.parse(run.stdout) as (string[] | string)[];
      expect(expected).toHaveLength(cases.length);
      // The matrix must mostly succeed, or agreeing on failures would prove little.
      expect(expected.filter((e) => typeof e !== 'string').length).toBeGreaterThan(
        cases.length / 2,
      );
      const mismatches: string[] = [];
      for (const [i, c] of cases.entries()) {
        const want = expected[i]!;
        let got: string[] | string;
        try {
          const list = await resolve(c.host, c.service, c.hints);
          got = [
            ...[
              ...new Set(
                list.map((a) => `${a.family} ${a.address} ${a.port} ${a.socktype} ${a.protocol}`),
              ),
            ].sort(),
            `order ${[...new Set(list.map((a) => a.address))].join(' ')}`,
          ];
        } catch (err) {
          got = `error ${(err as { code?: string }).code}`;
        }
        // Both failing agrees: our codes are Node's and sock's, not getaddrinfo's numbers.
        const agree =
          typeof want === 'string'
            ? typeof got === 'string'
            : JSON.stringify(got) === JSON.stringify(want);
        if (!agree) {
          mismatches.push(
            `${JSON.stringify(c.host)} ${JSON.stringify(c.service)} ${JSON.stringify(c.hints)}: python ${JSON.stringify(want)}, ours ${JSON.stringify(got)}`,
          );
        }
      }
      expect(mismatches).toEqual([]);
    },
  );
});
