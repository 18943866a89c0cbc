import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { builtDist, fixture, run } from './helpers-child.js';

// A network namespace of the test's own keeps the host's ports out of the picture, and lets the
// test shrink the ephemeral range (net.ipv4.ip_local_port_range is per namespace).
function namespaceUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'network namespaces are Linux only';
  if (!builtDist()) return 'needs the built dist/ (`pnpm build`)';
  const probe = spawnSync('unshare', ['-n', 'ip', 'link', 'set', 'lo', 'up'], { stdio: 'ignore' });
  if (probe.error !== undefined || probe.status !== 0) {
    return 'cannot create a network namespace here (`unshare -n` needs root or user namespaces)';
  }
  return undefined;
}

const reason = namespaceUnavailable();

interface Report {
  runs: number;
  bound: number;
  failures: Record<string, number>;
  wrongPort: number;
  message?: string;
}

async function inNamespace(scenario: string, runs: number): Promise<Report> {
  const result = await run('unshare', [
    '-n',
    process.execPath,
    fixture('netns-port0-child.mjs'),
    scenario,
    String(runs),
  ]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Report;
}

describe.skipIf(reason !== undefined)('port 0 on ::1 and 127.0.0.1 under port pressure', () => {
  it('binds every time with 950 of 1,000 ephemeral ports held on 127.0.0.1', async () => {
    const report = await inNamespace('crowded', 100);
    expect(report).toMatchObject({ runs: 100, bound: 100, failures: {}, wrongPort: 0 });
  });

  it('finds the one port free on both addresses', async () => {
    const report = await inNamespace('one-left', 20);
    expect(report).toMatchObject({ runs: 20, bound: 20, failures: {}, wrongPort: 0 });
  });

  it('says the range is exhausted, without advising port 0, when no port is free', async () => {
    const report = await inNamespace('full', 1);
    expect(report.failures).toEqual({ EADDRINUSE: 1 });
    expect(report.message).toContain('No port of the ephemeral range 40000-40999 is free');
    expect(report.message).not.toMatch(/port 0/);
  });
});

if (reason !== undefined) {
  it.skip(`port 0 under port pressure: ${reason}`, () => undefined);
}
