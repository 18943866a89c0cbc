import { BindError, type BindAttempt } from '@sock/bind';
import { SockError } from '@sock/errors';
import { occupyPort } from '@sock/test-helpers';
import { describe, expect, it } from 'vitest';
import { explainFailure } from '../src/error-report.js';

const context = { host: 'localhost', port: '8080', protocol: 'tcp' } as const;

// The errors below are made by hand to format them: no socket is opened, so port 8080 is a value
// in a message, never bound.
describe('explainFailure', () => {
  it("writes the classic Winsock sample's failure line with errno and Winsock numbers, the holders and the hint", () => {
    const cause = new SockError({
      code: 'EADDRINUSE',
      message: 'in use',
      address: '127.0.0.1',
      port: 8080,
    });
    const attempts: BindAttempt[] = [
      {
        address: '127.0.0.1',
        family: 4,
        port: 8080,
        outcome: 'failed',
        step: 'bind',
        error: cause,
      },
    ];
    const error = new BindError({
      code: 'EADDRINUSE',
      message: 'bind failed with error: EADDRINUSE on 127.0.0.1:8080',
      step: 'bind',
      attempts,
      hint: 'Stop it.',
      holders: [
        { pid: 1234, command: 'node', inode: 1, address: '127.0.0.1', port: 8080, protocol: 'tcp' },
      ],
    });
    const report = explainFailure(error, context);
    expect(report.headline).toBe(
      'bind failed with error: EADDRINUSE (errno 98, WSAEADDRINUSE 10048) on 127.0.0.1:8080',
    );
    expect(report.details).toEqual(['port 8080 is held by node (pid 1234)', 'hint: Stop it.']);
    expect(report.exitCode).toBe(69);
    expect(report.fields).toMatchObject({
      event: 'failed',
      code: 'EADDRINUSE',
      step: 'bind',
      port: 8080,
    });
  });

  it('takes the address from the failed attempt when the error has none', () => {
    const cause = new SockError({ code: 'EACCES', message: 'denied' });
    const error = new BindError({
      code: 'EACCES',
      message: 'denied',
      step: 'listen',
      attempts: [
        { address: '::1', family: 6, port: 80, outcome: 'failed', step: 'listen', error: cause },
      ],
    });
    const report = explainFailure(error, context);
    expect(report.headline).toMatch(
      /^bind failed with error: EACCES \(errno 13, WSAEACCES 10013\) on \[::1\]:80$/,
    );
    expect(report.exitCode).toBe(77);
  });

  it('says resolve for a resolver failure and names the host', () => {
    const error = new BindError({
      code: 'ENOTFOUND',
      message: 'not found',
      hostname: 'nosuch.test',
      step: 'resolve',
      attempts: [],
    });
    const report = explainFailure(error, { ...context, host: 'nosuch.test' });
    expect(report.headline).toMatch(
      /^resolve failed with error: ENOTFOUND .*for nosuch\.test:8080$/,
    );
    expect(report.exitCode).toBe(69);
  });

  it("puts sock's own message first for an ERR_SOCK_* code, without numbers", () => {
    const error = new SockError({
      code: 'ERR_SOCK_INVALID_SERVICE',
      message: 'The `port` service `nope` is unknown.',
    });
    const report = explainFailure(error, context);
    expect(report.headline).toBe(
      'start failed with error: ERR_SOCK_INVALID_SERVICE for localhost:8080',
    );
    expect(report.details[0]).toBe('The `port` service `nope` is unknown.');
    expect(report.exitCode).toBe(78);
  });

  it('reports what the BindError carries and never diagnoses the failure again', async () => {
    // A port this process really holds: a second diagnosis would find it in /proc.
    await using held = await occupyPort('127.0.0.1');
    const { port } = held;
    {
      const cause = new SockError({
        code: 'EADDRINUSE',
        message: 'in use',
        address: '127.0.0.1',
        port,
      });
      const error = new BindError({
        code: 'EADDRINUSE',
        message: 'in use',
        step: 'bind',
        attempts: [
          { address: '127.0.0.1', family: 4, port, outcome: 'failed', step: 'bind', error: cause },
        ],
        hint: 'Free it,\nthen retry.',
      });
      const report = explainFailure(error, context);
      expect(report.details).toEqual(['hint: Free it, then retry.']);
    }
  });

  it('turns anything thrown into a SockError with exit 70', () => {
    const report = explainFailure('weird', context);
    expect(report.error).toBeInstanceOf(SockError);
    expect(report.exitCode).toBe(70);
  });
});
