import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createJsonLogger } from '../src/json-logger.js';

function capture(level: Parameters<typeof createJsonLogger>[0]['level']) {
  const lines: { fd: 1 | 2; record: Record<string, unknown> }[] = [];
  const logger = createJsonLogger({
    level,
    base: { worker: 2 },
    write: (fd, line) => {
      expect(line.endsWith('\n')).toBe(true);
      lines.push({ fd, record: JSON.parse(line) as Record<string, unknown> });
    },
  });
  return { logger, lines };
}

describe('createJsonLogger', () => {
  it("writes pino's line format: level, time, pid, base fields, the record's fields, msg", () => {
    const { logger, lines } = capture('info');
    logger.info({ event: 'ready', port: 8080, skipped: undefined }, 'ready: http://127.0.0.1:8080');
    const [{ fd, record }] = lines as [(typeof lines)[number]];
    expect(fd).toBe(1);
    expect(Object.keys(record)).toEqual(['level', 'time', 'pid', 'worker', 'event', 'port', 'msg']);
    expect(record).toMatchObject({ level: 30, pid: process.pid, worker: 2, event: 'ready' });
    expect(typeof record['time']).toBe('number');
  });

  it('matches what pino itself writes for the same record, but for the time', () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString());
        done();
      },
    });
    const reference = pino({ level: 'info', base: { pid: process.pid, worker: 2 } }, stream);
    const { logger, lines } = capture('info');
    for (const target of [reference, logger]) {
      target.warn({ event: 'attempt', address: '::1', port: 80, code: 'EACCES' }, 'bind [::1]:80');
    }
    const theirs = JSON.parse(chunks.join('')) as Record<string, unknown>;
    const ours = lines[0]!.record;
    expect({ ...ours, time: 0 }).toEqual({ ...theirs, time: 0 });
  });

  it('sends error and fatal to stderr, honours the level, and writes nothing when silent', () => {
    const { logger, lines } = capture('warn');
    logger.info({}, 'not shown');
    logger.warn({}, 'shown');
    logger.error({}, 'to stderr');
    logger.fatal({}, 'to stderr too');
    expect(lines.map(({ fd, record }) => [fd, record['level'], record['msg']])).toEqual([
      [1, 40, 'shown'],
      [2, 50, 'to stderr'],
      [2, 60, 'to stderr too'],
    ]);
    const silent = capture('silent');
    silent.logger.fatal({}, 'nothing');
    expect(silent.lines).toEqual([]);
  });

  it('writes an error with its type, message, stack and code, and survives a cycle', () => {
    const { logger, lines } = capture('trace');
    const err = Object.assign(new TypeError('boom'), { code: 'E_TEST' });
    logger.fatal({ event: 'crash', err }, 'unexpected error: boom');
    expect(lines[0]!.record['err']).toMatchObject({
      type: 'TypeError',
      message: 'boom',
      code: 'E_TEST',
      stack: expect.stringContaining('TypeError: boom') as unknown,
    });
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    logger.info({ cycle }, 'still logged');
    expect(lines[1]!.record).toMatchObject({ level: 30, msg: 'still logged' });
  });
});
