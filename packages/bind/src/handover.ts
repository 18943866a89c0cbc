import type { ChildProcess } from 'node:child_process';
import { addAbortListener } from 'node:events';
import { SockError } from '@sock/errors';
import {
  invalidArgument,
  validateAbortSignal,
  validateKnownKeys,
  validateOptionsObject,
  validateTimeout,
} from '@sock/errors/unstable-do-not-import';
import { isBinding, type Binding } from './binding.js';
import { asHandoverMessage, TAG, type HandleMessage } from './internal/handover-protocol.js';

/** Options of {@link handOver}. */
export interface HandOverOptions {
  /** Milliseconds the successor gets to adopt the sockets and say it is ready (default 30000). */
  readonly timeout?: number;
  /** Aborting gives up the handover: the successor is stopped, this process keeps serving. */
  readonly signal?: AbortSignal;
}

/** What {@link handOver} resolves with once the successor is ready. */
export interface HandOverResult {
  /** The successor's process id. */
  readonly pid: number;
}

const DEFAULT_TIMEOUT = 30_000;
const OPTIONS = ['timeout', 'signal'] as const;

const failure = (message: string, cause?: unknown): SockError =>
  new SockError({
    code: 'ERR_SOCK_HANDOVER',
    message,
    hint: 'This process still holds and serves the sockets; fix the successor and hand over again.',
    ...(cause !== undefined && { cause }),
  });

/**
 * Hands every socket of `binding` to `child`, a process started with an IPC channel that calls
 * `bind({ inherit: true })` and then `announceReady()`. Resolves once it is ready; meanwhile this
 * process goes on accepting, and afterwards `binding.close()` stops accepting and drains. The
 * sockets stay open in the kernel throughout: no connection is refused. If the successor exits,
 * closes the channel, times out or the signal aborts before it is ready, the promise rejects
 * with an ERR_SOCK_HANDOVER SockError saying why, the successor is sent SIGTERM, and this process
 * keeps serving as before.
 *
 * @example
 * const child = spawn(process.execPath, process.argv.slice(1), { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
 * const { pid } = await handOver(binding, child, { timeout: 10_000 });
 * await binding.close(); // stop accepting, let open connections finish
 */
export function handOver(
  binding: Binding,
  child: ChildProcess,
  options?: HandOverOptions,
): Promise<HandOverResult> {
  let timeout: number;
  let signal: AbortSignal | undefined;
  try {
    if (!isBinding(binding)) throw invalidArgument('binding', 'a Binding from bind()', binding);
    if (
      typeof child !== 'object' ||
      child === null ||
      typeof (child as Partial<ChildProcess>).send !== 'function'
    ) {
      throw invalidArgument('child', 'a ChildProcess started with an IPC channel', child);
    }
    const o = validateOptionsObject(options, 'options');
    if (o !== undefined) validateKnownKeys(o, OPTIONS, 'handOver()');
    timeout = validateTimeout(o?.['timeout'], 'timeout') ?? DEFAULT_TIMEOUT;
    signal = validateAbortSignal(o?.['signal'], 'signal');
    signal?.throwIfAborted();
    if (binding.closed) {
      throw new SockError({
        code: 'ERR_SOCK_CLOSED',
        message:
          'handOver() was given a Binding that is closed or closing; nothing is left to hand over.',
      });
    }
    if (binding.protocol === 'unix') {
      throw new SockError({
        code: 'ERR_SOCK_UNSUPPORTED',
        message:
          'handOver() takes TCP and UDP Bindings. A Unix socket cannot be handed over yet: closing it here would remove the socket file the successor listens on (libuv unlinks the path it bound).',
      });
    }
    if (!child.connected) {
      throw failure(
        'handOver() needs an IPC channel to the successor, and this one is not connected; spawn it with `stdio: [..., "ipc"]`.',
      );
    }
  } catch (err) {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    return Promise.reject(err);
  }
  return exchange(binding, child, timeout, signal);
}

function exchange(
  binding: Binding,
  child: ChildProcess,
  timeout: number,
  signal: AbortSignal | undefined,
): Promise<HandOverResult> {
  const pid = child.pid ?? 0;
  const handles = binding.protocol === 'udp' ? binding.sockets : binding.servers;
  return new Promise<HandOverResult>((resolve, reject) => {
    let done = false;
    const finish = (err: SockError | undefined): void => {
      if (done) return;
      done = true;
      child.off('message', onMessage);
      child.off('exit', onExit);
      child.off('disconnect', onDisconnect);
      child.off('error', onError);
      clearTimeout(timer);
      abortListener?.[Symbol.dispose]();
      if (err === undefined) {
        // The successor lives on by itself: neither the channel nor the process keeps this one alive.
        if (child.connected) child.disconnect();
        child.unref();
        resolve({ pid });
        return;
      }
      // A successor that is not ready may hold the sockets and accepted connections it will
      // never serve: stop it (SIGTERM lets a sock-server successor drain what it took).
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      if (child.connected) child.disconnect();
      reject(err);
    };
    const onMessage = (value: unknown): void => {
      const message = asHandoverMessage(value);
      if (message === undefined) return;
      if (message.step === 'request') sendHandles();
      else if (message.step === 'ready') finish(undefined);
    };
    const sendHandles = (): void => {
      handles.forEach((handle, index) => {
        const message: HandleMessage = {
          tag: TAG,
          step: 'handle',
          protocol: binding.protocol === 'udp' ? 'udp' : 'tcp',
          index,
          count: handles.length,
        };
        child.send(message, handle as never, (err) => {
          if (err !== null) {
            finish(
              failure(
                `Sending socket ${index + 1} of ${handles.length} to the successor (pid ${pid}) failed: ${err.message}`,
                err,
              ),
            );
          }
        });
      });
    };
    const onExit = (code: number | null, sig: NodeJS.Signals | null): void => {
      finish(
        failure(
          `The successor (pid ${pid}) exited ${sig === null ? `with code ${code}` : `on ${sig}`} before it was ready; this process keeps serving.`,
        ),
      );
    };
    const onDisconnect = (): void => {
      finish(
        failure(
          `The successor (pid ${pid}) closed its IPC channel before it was ready; this process keeps serving.`,
        ),
      );
    };
    const onError = (err: Error): void => {
      finish(
        failure(
          `The successor (pid ${pid}) failed: ${err.message}; this process keeps serving.`,
          err,
        ),
      );
    };
    const timer = setTimeout(() => {
      finish(
        failure(
          `The successor (pid ${pid}) was not ready within the \`timeout\` of ${timeout} ms (it must call bind({ inherit: true }) and then announceReady()); it was sent SIGTERM and this process keeps serving.`,
        ),
      );
    }, timeout);
    const abortListener =
      signal === undefined
        ? undefined
        : addAbortListener(signal, () =>
            finish(
              failure(
                `The handover to the successor (pid ${pid}) was aborted before it was ready; this process keeps serving.`,
                signal.reason,
              ),
            ),
          );
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.once('disconnect', onDisconnect);
    child.once('error', onError);
  });
}
