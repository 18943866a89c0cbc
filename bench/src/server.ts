// The server suite: HTTP requests per second through sock-server (the built dist/main.js) against a
// bare node:http hello world, both spawned the same way and driven by autocannon in this process on
// 127.0.0.1, alternating, in one run; then the time from spawn to the first answered request.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { report, type Row } from './harness.js';
import { load, median, spawnReady, timeToFirstAnswer, type LoadResult } from './server-load.js';

const sockServer = fileURLToPath(
  new URL('../../apps/example-server/dist/main.js', import.meta.url),
);

// The baseline: the smallest useful node:http server, announcing its URL the way sock-server does.
// It sets Content-Length as sock-server does: without it Node falls back to chunked encoding, which
// is slower and would flatter the ratio.
const bare = `
import * as http from 'node:http';
const body = Buffer.from('hello world\\n');
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': body.length });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ event: 'ready', urls: ['http://127.0.0.1:' + server.address().port] }));
});
`;
const bareArgs = ['--input-type=module', '-e', bare];
const oursArgs = [sockServer, '--host', '127.0.0.1', '--port', '0', '--log-format', 'json'];

// Many short rounds, alternating, rather than two long ones: on a shared machine the load changes
// from second to second, and the per-round ratios compare cases measured moments apart.
const connections = 50;
const seconds = 2;
const rounds = 6;
const startups = 15;

export async function run(): Promise<void> {
  if (!existsSync(sockServer)) {
    console.log(`skipped: ${sockServer} is missing; run \`pnpm build\` first`);
    return;
  }
  console.log(
    `autocannon: ${connections} connections, pipelining 1, ${seconds} s per case, ${rounds} rounds alternating`,
  );
  const cases = [
    {
      name: 'baseline',
      server: 'bare',
      path: '/',
      headers: {},
      note: 'bare node:http hello world',
    },
    { name: 'sock-server /healthz', server: 'ours', path: '/healthz', headers: {}, note: '' },
    {
      name: 'sock-server / (JSON)',
      server: 'ours',
      path: '/',
      headers: { accept: 'application/json' },
      note: 'status page',
    },
  ] as const;
  const totals = new Map<string, number[]>();
  {
    await using bareServer = await spawnReady(bareArgs);
    await using ours = await spawnReady(oursArgs);
    const drive = (c: (typeof cases)[number], duration: number): Promise<LoadResult> =>
      load({
        url: (c.server === 'bare' ? bareServer : ours).url + c.path,
        connections,
        pipelining: 1,
        duration,
        headers: c.headers,
      });
    // A short warm-up each, so the JIT has compiled both hot paths before anything counts.
    for (const c of cases) await drive(c, 1);
    for (let round = 0; round < rounds; round++) {
      for (const c of round % 2 === 0 ? cases : [...cases].reverse()) {
        const result = await drive(c, seconds);
        totals.set(c.name, [...(totals.get(c.name) ?? []), result.requests.average]);
      }
    }
  }
  const baseline = totals.get('baseline') ?? [];
  const rows: Row[] = cases.map((c) => {
    const values = totals.get(c.name) ?? [];
    const ratios = values.map((v, i) => v / (baseline[i] ?? Number.NaN));
    return {
      name: c.name,
      value: median(values),
      unit: 'req/s',
      note: `${c.note}${c.note === '' ? '' : '; '}median of rounds; per-round ratio median ${median(ratios).toFixed(2)}x (${ratios.map((r) => r.toFixed(2)).join(' ')})`,
    };
  });
  report('HTTP requests per second, 127.0.0.1 (target >= 0.95x)', rows, {
    baseline: 'baseline',
    higherIsBetter: true,
  });

  const timings = new Map<string, number[]>();
  const cpu = new Map<string, number[]>();
  const startupCases = [
    { name: 'baseline', args: bareArgs, note: 'bare node:http, 127.0.0.1' },
    { name: 'sock-server', args: oursArgs, note: '--host 127.0.0.1' },
    {
      name: 'sock-server localhost',
      args: [sockServer, '--port', '0', '--log-format', 'json'],
      note: 'default host: resolves localhost',
    },
  ];
  for (let i = 0; i < startups; i++) {
    for (const c of startupCases) {
      const timing = await timeToFirstAnswer(c.args, '/');
      timings.set(c.name, [...(timings.get(c.name) ?? []), timing.wall]);
      cpu.set(c.name, [...(cpu.get(c.name) ?? []), timing.cpu]);
    }
  }
  // Each round runs the cases back to back, so a round's ratio compares moments of the same load.
  const slowdown = (table: Map<string, number[]>, name: string): number => {
    const base = table.get('baseline') ?? [];
    return median((table.get(name) ?? []).map((t, i) => t / (base[i] ?? Number.NaN)));
  };
  const startup: Row[] = startupCases.map((c) => ({
    name: c.name,
    value: median(timings.get(c.name) ?? []),
    unit: 'ms',
    note: `${c.note}; median of ${startups}; ${slowdown(timings, c.name).toFixed(2)}x the bare time (median of per-round ratios)`,
  }));
  report('Start-up: spawn to first 200 answer (wall time)', startup, {
    baseline: 'baseline',
    higherIsBetter: false,
  });
  const cpuRows: Row[] = startupCases.map((c) => ({
    name: c.name,
    value: median(cpu.get(c.name) ?? []),
    unit: 'ms CPU',
    note: `${c.note}; every thread, from /proc; ${slowdown(cpu, c.name).toFixed(2)}x the bare CPU time`,
  }));
  report('Start-up: CPU time used up to the first 200 answer', cpuRows, {
    baseline: 'baseline',
    higherIsBetter: false,
  });
  for (const c of startupCases.slice(1)) {
    console.log(
      `start-up of ${c.name} (${c.note}): ${slowdown(timings, c.name).toFixed(2)}x a bare node:http server in wall time, ${slowdown(cpu, c.name).toFixed(2)}x in CPU time (target <= 1.25x)`,
    );
  }
}
