// The successor's side of a handover: bind({ inherit: true }) adopts the sockets a predecessor
// passes with handOver(), and announceReady() tells it to stop accepting.
import type * as dgram from 'node:dgram';
import type * as net from 'node:net';
import { SockError } from '@sock/errors';
import {
  validateAbortSignal,
  validateBoolean,
  validateTimeout,
} from '@sock/errors/unstable-do-not-import';
import { createBinding, type Binding } from './binding.js';
import type { BoundAddress } from './types.js';
import { closeHandle } from './internal/listen.js';
import { Cancellation } from './internal/cancel.js';
import {
  asHandoverMessage,
  TAG,
  type ReadyMessage,
  type RequestMessage,
} from './internal/handover-protocol.js';

const DEFAULT_TIMEOUT = 30_000;
// With `inherit: true` the predecessor's sockets are already bound: only these keys make sense.
const INHERIT_KEYS: ReadonlySet<string> = new Set(['inherit', 'signal', 'timeout']);

const handoverError = (message: string): SockError =>
  new SockError({
    code: 'ERR_SOCK_HANDOVER',
    message,
    hint: 'Start this process with handOver(binding, child) in the running one (sock-server: send it SIGHUP).',
  });

/** True when bind() was asked to adopt a predecessor's sockets (`inherit: true`). */
export function wantsInherit(options: unknown): boolean {
  if (typeof options !== 'object' || options === null) return false;
  const inherit = (options as { inherit?: unknown }).inherit;
  return validateBoolean(inherit, 'inherit') === true;
}

/** The options without `inherit: false`, which changes nothing. */
export function withoutInherit<T>(options: T): T {
  if (typeof options !== 'object' || options === null || !('inherit' in options)) return options;
  const { inherit: _inherit, ...rest } = options as Record<string, unknown>;
  return rest as T;
}

/**
 * bind({ inherit: true }): asks the predecessor over the IPC channel for its sockets and wraps
 * them in a Binding. Connections and datagrams that arrive before the caller attaches its
 * server (serve() right after the await, as with any bind()) are held and handed on then.
 */
export async function inheritBinding(options: object): Promise<Binding> {
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (o[key] !== undefined && !INHERIT_KEYS.has(key)) {
      throw new SockError({
        code: 'ERR_SOCK_INVALID_OPTION',
        message: `The \`${key}\` option cannot be combined with \`inherit: true\`: the sockets the predecessor hands over are already bound. Remove \`${key}\`.`,
      });
    }
  }
  const signal = validateAbortSignal(o['signal'], 'signal');
  const timeout = validateTimeout(o['timeout'], 'timeout') ?? DEFAULT_TIMEOUT;
  using cancel = new Cancellation(signal, timeout, 'bind({ inherit: true })');
  if (typeof process.send !== 'function' || !process.connected) {
    throw handoverError(
      'bind({ inherit: true }) found no IPC channel to a predecessor: this process was not started by handOver().',
    );
  }
  return adopted(await receiveHandles(cancel.signal));
}

type Received =
  | { readonly protocol: 'tcp'; readonly handles: net.Server[] }
  | { readonly protocol: 'udp'; readonly handles: dgram.Socket[] };

/**
 * Sends the request and collects every handle, holding what they receive meanwhile; on abort or
 * timeout, closes the handles that came and rejects with the reason.
 */
function receiveHandles(signal: AbortSignal | undefined): Promise<Received> {
  return new Promise((resolve, reject) => {
    const got: (net.Server | dgram.Socket)[] = [];
    let protocol: 'tcp' | 'udp' = 'tcp';
    const cleanup = (): void => {
      process.off('message', onMessage);
      process.off('disconnect', onDisconnect);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      cleanup();
      void Promise.all(got.filter(Boolean).map(closeHandle)).then(() =>
        // The abort reason (the caller's, or the timeout's SockError) goes on unchanged.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        reject(signal?.reason),
      );
    };
    const onMessage = (value: unknown, handle: unknown): void => {
      const message = asHandoverMessage(value);
      if (message?.step !== 'handle' || handle === undefined) return;
      protocol = message.protocol;
      hold(handle as net.Server | dgram.Socket);
      got[message.index] = handle as net.Server | dgram.Socket;
      if (got.filter(Boolean).length === message.count) {
        cleanup();
        resolve(
          protocol === 'udp'
            ? { protocol, handles: got as dgram.Socket[] }
            : { protocol, handles: got as net.Server[] },
        );
      }
    };
    const onDisconnect = (): void => {
      cleanup();
      void Promise.all(got.filter(Boolean).map(closeHandle)).then(() =>
        reject(
          handoverError(
            'The IPC channel to the predecessor closed before it handed over its sockets.',
          ),
        ),
      );
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    process.on('message', onMessage);
    process.once('disconnect', onDisconnect);
    const request: RequestMessage = { tag: TAG, step: 'request' };
    process.send?.(request);
  });
}

// What arrived on a handle before the Binding's owner attached its listeners.
const held = new WeakMap<object, { release: () => void }>();

/** Holds connections (paused) or datagrams until release(). */
function hold(handle: net.Server | dgram.Socket): void {
  if ('listen' in handle) {
    const server = handle as net.Server & { pauseOnConnect?: boolean };
    const queue: net.Socket[] = [];
    const wasPaused = server.pauseOnConnect === true;
    server.pauseOnConnect = true;
    const keep = (socket: net.Socket): void => void queue.push(socket);
    server.on('connection', keep);
    held.set(server, {
      release: () => {
        server.off('connection', keep);
        server.pauseOnConnect = wasPaused;
        for (const socket of queue) {
          if (!wasPaused) socket.resume();
          server.emit('connection', socket);
        }
      },
    });
    return;
  }
  const socket = handle;
  const queue: [Buffer, dgram.RemoteInfo][] = [];
  const keep = (msg: Buffer, rinfo: dgram.RemoteInfo): void => void queue.push([msg, rinfo]);
  socket.on('message', keep);
  held.set(socket, {
    release: () => {
      socket.off('message', keep);
      for (const [msg, rinfo] of queue) socket.emit('message', msg, rinfo);
    },
  });
}

function adopted(received: Received): Binding {
  const addresses: BoundAddress[] = [];
  for (const handle of received.handles) {
    const address = handle.address();
    if (address !== null && typeof address === 'object') {
      addresses.push({
        family: address.family === 'IPv6' ? 6 : 4,
        address: address.address,
        port: address.port,
      });
    }
  }
  const binding = createBinding({
    protocol: received.protocol,
    addresses,
    servers: received.protocol === 'tcp' ? received.handles : [],
    sockets: received.protocol === 'udp' ? received.handles : [],
    candidates: [],
    attempts: addresses.map((a) => ({ ...a, outcome: 'bound' as const })),
  });
  // After the caller's continuation (serve() or its 'message' listeners) has run.
  setImmediate(() => {
    for (const handle of received.handles) held.get(handle)?.release();
  });
  return binding;
}

/**
 * Tells the predecessor that this process, started by its handOver(), serves now: it stops
 * accepting and drains. Call it once the inherited Binding is served.
 *
 * @example
 * const binding = await bind({ inherit: true });
 * serve(app, binding);
 * await announceReady();
 */
export function announceReady(): Promise<void> {
  if (typeof process.send !== 'function' || !process.connected) {
    return Promise.reject(
      handoverError(
        'announceReady() found no IPC channel to a predecessor: this process was not started by handOver(), or the channel is closed.',
      ),
    );
  }
  const message: ReadyMessage = { tag: TAG, step: 'ready', pid: process.pid };
  return new Promise((resolve, reject) => {
    process.send?.(message, undefined, undefined, (err: Error | null) => {
      if (err === null) resolve();
      else reject(handoverError(`announceReady() could not reach the predecessor: ${err.message}`));
    });
  });
}
