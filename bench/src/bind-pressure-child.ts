// The bind benchmark's pressure cases, each in a process of its own; prints one JSON line.
//   occupancy <held>: inside a network namespace of its own (`unshare -n`), with the ephemeral
//     range shrunk to 1,000 ports and <held> of them held on 127.0.0.1, times bind({ port: 0 })
//     on the default host (::1 and 127.0.0.1) against a bare listen(0) on 127.0.0.1.
//   diagnosis <sockets>: opens <sockets> sockets (connections to itself), then times a failed
//     bind whose diagnosis names the holder: this process, then the process given in argv.
// Run as: node --import tsx bind-pressure-child.ts <mode> <n> [port held by another process]
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { bind } from '@sock/bind';

const [mode = '', nText = '0', otherText = '0'] = process.argv.slice(2);
const n = Number(nText);

const listen = (port: number, host: string): Promise<net.Server | undefined> =>
  new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(undefined));
    server.listen({ port, host, ipv6Only: host === '::1' }, () => resolve(server));
  });
const close = (server: net.Server): Promise<void> =>
  new Promise((resolve) => server.close(() => resolve()));

async function occupancy(): Promise<unknown> {
  const from = 40000;
  const to = 40999;
  execFileSync('ip', ['link', 'set', 'lo', 'up']);
  writeFileSync('/proc/sys/net/ipv4/ip_local_port_range', `${from} ${to}`);
  const held: net.Server[] = [];
  // Every port but a spread-out few, so that the free ones are not in one block.
  const size = to - from + 1;
  const keepFree = new Set<number>();
  for (let i = 0; keepFree.size < size - n; i++) keepFree.add(from + ((i * 7919) % size));
  for (let port = from; port <= to; port++) {
    if (keepFree.has(port)) continue;
    const server = await listen(port, '127.0.0.1');
    if (server !== undefined) held.push(server);
  }
  const ops = 300;
  const time = async (fn: () => Promise<void>): Promise<{ us: number; failed: number }> => {
    let failed = 0;
    for (let i = 0; i < 30; i++) await fn().catch(() => undefined);
    const started = performance.now();
    for (let i = 0; i < ops; i++) await fn().catch(() => failed++);
    return { us: ((performance.now() - started) * 1000) / ops, failed };
  };
  let attempts = 0;
  const listenZero = async (): Promise<void> => {
    const server = await listen(0, '127.0.0.1');
    if (server === undefined) throw new Error('listen(0) failed');
    await close(server);
  };
  const bindZero = async (): Promise<void> => {
    const binding = await bind({ port: 0 });
    attempts += binding.attempts.length;
    await binding.close();
  };
  // Interleaved rounds, the best of each: the least disturbed by the rest of the host.
  let floor = { us: Infinity, failed: 0 };
  let sock = { us: Infinity, failed: 0 };
  for (let round = 0; round < 3; round++) {
    const f = await time(listenZero);
    const s = await time(bindZero);
    if (f.us < floor.us) floor = { us: f.us, failed: floor.failed + f.failed };
    else floor.failed += f.failed;
    if (s.us < sock.us) sock = { us: s.us, failed: sock.failed + s.failed };
    else sock.failed += s.failed;
  }
  await Promise.all(held.map(close));
  return { held: held.length, floor, sock, attemptsPerBind: attempts / (3 * (ops + 30)) };
}

async function diagnosis(): Promise<unknown> {
  const server = net.createServer();
  const peers: net.Socket[] = [];
  server.on('connection', (socket) => peers.push(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  for (let i = 0; i < n / 2; i++) {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    peers.push(socket);
    if (i % 200 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  for (let i = 0; i < 500 && readdirSync('/proc/self/fd').length < n; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const sockets = readdirSync('/proc/self/fd').length;
  const median = async (target: number): Promise<{ ms: number; named: boolean }> => {
    const times: number[] = [];
    let named = true;
    for (let i = 0; i < 7; i++) {
      const started = performance.now();
      const err = (await bind({ host: '127.0.0.1', port: target }).catch((e: unknown) => e)) as {
        holders?: unknown[];
      };
      times.push(performance.now() - started);
      named &&= (err.holders?.length ?? 0) > 0;
    }
    times.sort((a, b) => a - b);
    return { ms: times[3] ?? Number.NaN, named };
  };
  const floor = async (): Promise<number> => {
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const started = performance.now();
      await listen(port, '127.0.0.1');
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return times[3] ?? Number.NaN;
  };
  return {
    sockets,
    floorMs: await floor(),
    self: await median(port),
    other: Number(otherText) > 0 ? await median(Number(otherText)) : undefined,
  };
}

const result = mode === 'occupancy' ? await occupancy() : await diagnosis();
console.log(JSON.stringify(result));
process.exit(0);
