// What Windows can tell about a failed bind, asked only after the failure and only on Windows:
// who holds the port (netstat, then tasklist for the names) and which excluded range holds it
// (netsh). Each command runs with fixed arguments through execFile (no shell), hidden, with a
// short timeout; any failure of a command just means nothing more is known.
import { execFile } from 'node:child_process';
import { win32 } from 'node:path';
import type { PortHolder } from '../types.js';
import { addressesConflict } from './address-conflict.js';
import {
  excludedPortRangeArguments,
  excludedRangeOf,
  parseExcludedPortRanges,
  type ExcludedPortRange,
} from './windows-excluded-ports.js';
import { netstatArguments, parseNetstat, parseTasklistCsv } from './windows-netstat.js';

/** Runs a command and resolves with its stdout, or undefined when it fails or times out. */
export type RunCommand = (file: string, args: readonly string[]) => Promise<string | undefined>;

const TIMEOUT_MS = 3000;

/**
 * The full path of a Windows command: a bare name would be looked for in the current directory
 * first, as Windows (and libuv's spawn) search it, where anyone could have put a netstat.exe.
 */
export function systemCommand(name: string): string {
  return win32.join(process.env['SystemRoot'] ?? 'C:\\Windows', 'System32', name);
}

/** execFile without a shell, window hidden; output capped at 16 MB (30,000 connections print 2 MB). */
export const runCommand: RunCommand = (file, args) =>
  new Promise((resolve) => {
    execFile(
      file,
      args,
      { timeout: TIMEOUT_MS, windowsHide: true, maxBuffer: 16 * 1024 * 1024, encoding: 'latin1' },
      (error, stdout) => resolve(error === null ? stdout : undefined),
    );
  });

/**
 * The processes `netstat -ano` shows holding `port` in a way that refuses a bind to `address`
 * (listening TCP sockets, bound UDP ones), named by `tasklist`. Both families are asked about,
 * since a dual-stack `::` socket holds the IPv4 port too.
 */
export async function windowsPortHolders(
  port: number,
  protocol: 'tcp' | 'udp',
  address: string,
  run: RunCommand = runCommand,
): Promise<PortHolder[]> {
  const outputs = await Promise.all(
    ([4, 6] as const).map((family) =>
      run(systemCommand('netstat.exe'), netstatArguments(protocol, family)),
    ),
  );
  const seen = new Set<string>();
  const sockets = outputs
    .flatMap((text) => (text === undefined ? [] : parseNetstat(text)))
    .filter((s) => s.protocol === protocol && s.port === port && s.listening && s.pid > 0)
    .filter((s) => addressesConflict(s.address, address))
    .filter((s) => {
      const key = `${s.address} ${s.pid}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  if (sockets.length === 0) return [];
  const names = new Map<number, string>();
  for (const pid of new Set(sockets.map((s) => s.pid))) {
    const text = await run(systemCommand('tasklist.exe'), [
      '/fi',
      `PID eq ${pid}`,
      '/fo',
      'csv',
      '/nh',
    ]);
    const name = text === undefined ? undefined : parseTasklistCsv(text).get(pid);
    if (name !== undefined) names.set(pid, name);
  }
  return sockets.map((s) => ({
    pid: s.pid,
    command: names.get(s.pid) ?? `pid ${s.pid}`,
    // Windows sockets have no inode.
    inode: 0,
    address: s.address,
    port: s.port,
    protocol,
  }));
}

/** The excluded port range (`netsh ... show excludedportrange`) that holds `port`, if any. */
export async function windowsExcludedRange(
  port: number,
  protocol: 'tcp' | 'udp',
  family: 4 | 6,
  run: RunCommand = runCommand,
): Promise<ExcludedPortRange | undefined> {
  const text = await run(systemCommand('netsh.exe'), excludedPortRangeArguments(protocol, family));
  return text === undefined ? undefined : excludedRangeOf(parseExcludedPortRanges(text), port);
}
