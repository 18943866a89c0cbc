import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { exitCodeFor, exitCodes } from '../src/exit-codes.js';
import { createShutdown, forcedExitCode } from '../src/shutdown.js';

function memoryLogger(): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return {
    logger: pino({ level: 'trace' }, stream),
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('createShutdown', () => {
  it('drains on the first request and exits 0 when the drain is done', async () => {
    const { logger, lines } = memoryLogger();
    const exits: number[] = [];
    let finish!: () => void;
    const shutdown = createShutdown({
      logger,
      drain: () => new Promise<void>((resolve) => (finish = resolve)),
      exit: (code) => exits.push(code),
    });
    expect(shutdown.stopping).toBe(false);
    shutdown.request('SIGTERM');
    expect(shutdown.stopping).toBe(true);
    expect(exits).toEqual([]);
    finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect(exits).toEqual([0]);
    expect(lines().map((l) => l['event'])).toEqual(['stopping', 'stopped']);
  });

  it('exits 75 and says how many were cut when the drain timeout cut any', async () => {
    for (const [unit, cut, text] of [
      ['request', 1, '1 request was cut off'],
      ['connection', 3, '3 connections were cut off'],
    ] as const) {
      const { logger, lines } = memoryLogger();
      const exits: number[] = [];
      const shutdown = createShutdown({
        logger,
        drain: () => Promise.resolve({ cut, timeout: 500, unit }),
        exit: (code) => exits.push(code),
      });
      shutdown.request('SIGTERM');
      await new Promise((resolve) => setImmediate(resolve));
      expect(exits).toEqual([75]);
      const stopped = lines().at(-1);
      expect(stopped).toMatchObject({ event: 'stopped', cut, exitCode: 75, level: 50 });
      expect(stopped?.['msg']).toContain(`drain timeout of 500 ms: ${text} unanswered`);
      expect(lines().some((l) => l['msg'] === 'stopped cleanly')).toBe(false);
    }
  });

  it('forces the exit on a second request with 128 + the signal number', () => {
    for (const [signal, code] of [
      ['SIGINT', 130],
      ['SIGTERM', 143],
    ] as const) {
      const { logger, lines } = memoryLogger();
      const exits: number[] = [];
      const shutdown = createShutdown({
        logger,
        drain: () => new Promise(() => undefined),
        exit: (c) => exits.push(c),
      });
      shutdown.request('SIGTERM');
      shutdown.request(signal);
      expect(exits).toEqual([code]);
      expect(forcedExitCode(signal)).toBe(code);
      expect(lines().at(-1)).toMatchObject({ event: 'forced', signal, exitCode: code, level: 40 });
    }
  });

  it('drain() never forces, force() always does', () => {
    const { logger } = memoryLogger();
    const exits: number[] = [];
    let drains = 0;
    const shutdown = createShutdown({
      logger,
      drain: () => {
        drains++;
        return new Promise(() => undefined);
      },
      exit: (c) => exits.push(c),
    });
    shutdown.drain('SIGINT');
    shutdown.drain('SIGINT');
    expect(drains).toBe(1);
    expect(exits).toEqual([]);
    shutdown.force('SIGINT');
    expect(exits).toEqual([130]);
  });

  it('exits 70 when the drain itself fails', async () => {
    const { logger, lines } = memoryLogger();
    const exits: number[] = [];
    const shutdown = createShutdown({
      logger,
      drain: () => Promise.reject(new Error('boom')),
      exit: (c) => exits.push(c),
    });
    shutdown.request('SIGINT');
    await new Promise((resolve) => setImmediate(resolve));
    expect(exits).toEqual([70]);
    expect(lines().at(-1)).toMatchObject({ level: 50, msg: 'drain failed: boom' });
  });
});

describe('exitCodeFor', () => {
  const table: [string, number][] = [
    ['EADDRINUSE', exitCodes.unavailable],
    ['EADDRNOTAVAIL', 69],
    ['ENOTFOUND', 69],
    ['EAI_AGAIN', 69],
    ['ERR_SOCK_NO_ADDRESS', 69],
    ['EACCES', exitCodes.noPermission],
    ['EPERM', 77],
    ['ERR_SOCK_PRIVILEGES', 77],
    ['ERR_SOCK_INVALID_PORT', exitCodes.configuration],
    ['ERR_SOCK_INVALID_SERVICE', 78],
    ['ERR_SOCK_UNSUPPORTED', 78],
    ['ERR_SOCK_SYSTEMD', 78],
    ['ERR_SOCK_UNKNOWN', exitCodes.software],
    ['EIO', 70],
  ];
  it.each(table)('maps %s to %i', (code, exit) => {
    expect(exitCodeFor({ code })).toBe(exit);
  });
});
