import { spawn, type ChildProcess } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { isSockError } from '@sock/errors';
import { announceReady, bind, handOver, serve, type Binding } from '../src/index.js';
import { activeResources, fdCount, leftBehind, settle } from '@sock/test-helpers';
import { builtDist, fixture, packageDir } from './helpers-child.js';

const children: ChildProcess[] = [];

function successor(mode: string): ChildProcess {
  const child = spawn(process.execPath, [fixture('handover-child.mjs'), mode], {
    cwd: packageDir,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

afterEach(async () => {
  for (const child of children.splice(0)) {
    child.kill('SIGKILL');
    await exited(child);
  }
});

/** The body of a GET on a new connection. */
function get(port: number, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host, port, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

async function served(): Promise<Binding> {
  const binding = await bind({ host: '127.0.0.1', port: 0 });
  serve((_req, res) => res.end(`${process.pid}`), binding);
  return binding;
}

const dist = builtDist();

describe.skipIf(!dist)('handOver() to a successor process', () => {
  it('hands a TCP Binding over: the successor answers, and nothing was refused meanwhile', async () => {
    const binding = await served();
    const { port } = binding;
    expect(await get(port)).toBe(`${process.pid}`);
    const child = successor('ready');
    // Requests on new connections all through the handover: every one is answered.
    let stop = false;
    const answers: string[] = [];
    const load = (async () => {
      while (!stop) answers.push(await get(port));
    })();
    const { pid } = await handOver(binding, child, { timeout: 20_000 });
    expect(pid).toBe(child.pid);
    await binding.close();
    stop = true;
    await load;
    expect(answers.length).toBeGreaterThan(0);
    expect(await get(port)).toBe(`${child.pid}`);
    child.kill('SIGTERM');
    await exited(child);
  });

  it('hands a UDP Binding over', async () => {
    const binding = await bind({ host: '127.0.0.1', port: 0, protocol: 'udp' });
    const child = successor('ready');
    await handOver(binding, child);
    await binding.close();
    const client = dgram.createSocket('udp4');
    try {
      const answer = new Promise<string>((resolve) =>
        client.once('message', (msg) => resolve(msg.toString())),
      );
      client.send('who', binding.port, '127.0.0.1');
      expect(await answer).toBe(`${child.pid}`);
    } finally {
      client.close();
    }
  });

  it('hands over every address of a Binding (::1 and 127.0.0.1)', async () => {
    const binding = await bind({ port: 0 });
    serve((_req, res) => res.end('old'), binding);
    const child = successor('ready');
    await handOver(binding, child);
    await binding.close();
    for (const { address } of binding.addresses) {
      expect(await get(binding.port, address)).toBe(`${child.pid}`);
    }
  });

  const failures = [
    ['crashes before asking for the sockets', 'crash', /exited with code 3|closed its IPC channel/],
    [
      'crashes after adopting them',
      'crash-after-bind',
      /exited with code 4|closed its IPC channel/,
    ],
    ['closes its IPC channel', 'disconnect', /closed its IPC channel/],
  ] as const;
  for (const [what, mode, message] of failures) {
    it(`keeps serving when the successor ${what}`, async () => {
      const binding = await served();
      const before = { fds: fdCount(), resources: activeResources() };
      const child = successor(mode);
      const err: unknown = await handOver(binding, child, { timeout: 20_000 }).catch(
        (e: unknown) => e,
      );
      expect(isSockError(err) && err.code).toBe('ERR_SOCK_HANDOVER');
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).toMatch(/keeps serving/);
      expect(binding.closed).toBe(false);
      expect(await get(binding.port)).toBe(`${process.pid}`);
      await exited(child);
      await settle();
      expect(leftBehind(before.resources, activeResources())).toEqual([]);
      expect(fdCount()).toBeLessThanOrEqual(before.fds);
      await binding.close();
    });
  }

  it('keeps serving when the successor never gets ready, and stops it at the timeout', async () => {
    const binding = await served();
    const before = { fds: fdCount(), resources: activeResources() };
    const child = successor('never');
    const err: unknown = await handOver(binding, child, { timeout: 1500 }).catch((e: unknown) => e);
    expect(isSockError(err) && err.code).toBe('ERR_SOCK_HANDOVER');
    expect((err as Error).message).toMatch(/not ready within the `timeout` of 1500 ms/);
    await exited(child);
    expect(child.signalCode).toBe('SIGTERM');
    // The successor had adopted the socket and was stopped: this process answers every request.
    for (let i = 0; i < 5; i++) expect(await get(binding.port)).toBe(`${process.pid}`);
    await settle();
    expect(leftBehind(before.resources, activeResources())).toEqual([]);
    expect(fdCount()).toBeLessThanOrEqual(before.fds);
    await binding.close();
  });

  it('gives up on abort and keeps serving', async () => {
    const binding = await served();
    const before = { fds: fdCount(), resources: activeResources() };
    const child = successor('never');
    const controller = new AbortController();
    const pending = handOver(binding, child, { signal: controller.signal });
    controller.abort();
    const err: unknown = await pending.catch((e: unknown) => e);
    expect(isSockError(err) && err.code).toBe('ERR_SOCK_HANDOVER');
    await exited(child);
    expect(await get(binding.port)).toBe(`${process.pid}`);
    await settle();
    expect(leftBehind(before.resources, activeResources())).toEqual([]);
    expect(fdCount()).toBeLessThanOrEqual(before.fds);
    await binding.close();
  });
});

describe.skipIf(!dist)('bind({ inherit: true }) with a parent that hands nothing over', () => {
  it('gives up at its timeout, and leaves nothing open that keeps the process alive', async () => {
    const child = spawn(process.execPath, [fixture('handover-child.mjs'), 'inherit-timeout'], {
      cwd: packageDir,
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    children.push(child);
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    // The child must end by itself: no handle, listener or timer of bind() is left.
    await exited(child);
    expect(out).toBe('ETIMEDOUT');
    expect(child.exitCode).toBe(0);
  });
});

describe('handOver() and bind({ inherit: true }) refuse bad input', () => {
  it('refuses what is not a Binding, a child without IPC, and unknown options', async () => {
    const binding = await bind({ host: '127.0.0.1', port: 0 });
    try {
      await expect(handOver({} as never, {} as never)).rejects.toMatchObject({
        code: 'ERR_SOCK_INVALID_ARGUMENT',
        message: 'The `binding` argument must be a Binding from bind(), got an object.',
      });
      await expect(handOver(binding, {} as never)).rejects.toMatchObject({
        code: 'ERR_SOCK_INVALID_ARGUMENT',
      });
      const noIpc = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
      children.push(noIpc);
      await expect(handOver(binding, noIpc)).rejects.toMatchObject({
        code: 'ERR_SOCK_INVALID_ARGUMENT',
        message: expect.stringContaining('a ChildProcess started with an IPC channel') as unknown,
      });
      const child = spawn(process.execPath, ['-e', '0'], {
        stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      });
      children.push(child);
      child.disconnect();
      await expect(handOver(binding, child)).rejects.toMatchObject({
        code: 'ERR_SOCK_HANDOVER',
        message: expect.stringContaining('not connected') as unknown,
      });
      await expect(handOver(binding, child, { timout: 5 } as never)).rejects.toMatchObject({
        code: 'ERR_SOCK_INVALID_OPTION',
        message: expect.stringContaining('did you mean `timeout`?') as unknown,
      });
      await expect(handOver(binding, child, { timeout: -1 })).rejects.toMatchObject({
        code: 'ERR_SOCK_INVALID_OPTION',
      });
    } finally {
      await binding.close();
    }
    await expect(handOver(binding, successor('ready'))).rejects.toMatchObject({
      code: 'ERR_SOCK_CLOSED',
    });
  });

  it('refuses options that choose addresses with inherit: true', async () => {
    for (const key of ['host', 'port', 'protocol', 'path', 'systemd'] as const) {
      await expect(
        bind({ inherit: true, [key]: key === 'systemd' ? true : 'x' }),
      ).rejects.toMatchObject({
        code: 'ERR_SOCK_INVALID_OPTION',
        message: expect.stringContaining(
          `\`${key}\` option cannot be combined with \`inherit: true\``,
        ) as unknown,
      });
    }
    await expect(bind({ inherit: 'yes' } as never)).rejects.toMatchObject({
      code: 'ERR_SOCK_INVALID_OPTION',
      message: "The `inherit` option must be true or false, got 'yes'.",
    });
  });

  it('says so when this process has no predecessor', async () => {
    const send = process.send;
    // A vitest worker may itself have an IPC channel to the runner: take it away for the call.
    Object.defineProperty(process, 'send', {
      value: undefined,
      configurable: true,
      writable: true,
    });
    try {
      await expect(bind({ inherit: true })).rejects.toMatchObject({ code: 'ERR_SOCK_HANDOVER' });
      await expect(announceReady()).rejects.toMatchObject({ code: 'ERR_SOCK_HANDOVER' });
    } finally {
      Object.defineProperty(process, 'send', { value: send, configurable: true, writable: true });
    }
  });

  it('binds as usual with inherit: false', async () => {
    await using binding = await bind({ inherit: false, host: '127.0.0.1', port: 0 });
    expect(binding.port).toBeGreaterThan(0);
  });
});
