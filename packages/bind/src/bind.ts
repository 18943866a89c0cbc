import { BindRun } from './bind-run.js';
import { bindFailure } from './bind-failure.js';
import type { Binding, TcpBinding, UdpBinding, UnixBinding } from './binding.js';
import type { BindOptions } from './options.js';
import { bindPorts } from './port-search.js';
import { bindPath, wantsPath } from './socket-path.js';
import { adoptSystemdSockets } from './systemd.js';
import { inheritBinding, wantsInherit, withoutInherit } from './inherit.js';
import { lookupTargets } from './targets.js';
import { Cancellation } from './internal/cancel.js';
import { normalizeOptions, type NormalizedOptions } from './internal/validate.js';

// Inert (no signal, no timer): shared by every call that cannot be cancelled.
const INERT = new Cancellation(undefined, undefined, 'bind()');

/**
 * Resolves the host and binds every address it gives on one port (or the first that binds),
 * closing everything it opened on any failure.
 *
 * @example
 * await using binding = await bind({ port: 0 }); // ::1 and 127.0.0.1, one shared port
 * serve((req, res) => res.end('hello'), binding);
 */
export function bind(options: BindOptions & { readonly path: string }): Promise<UnixBinding>;
/** Adopts systemd's sockets: TCP listeners, or Unix sockets when the unit passes those. */
export function bind(
  options: BindOptions & { readonly systemd: true; readonly path?: undefined },
): Promise<TcpBinding | UnixBinding>;
/** Adopts the sockets a predecessor hands over: TCP listeners or UDP sockets, as it had them. */
export function bind(
  options: BindOptions & { readonly inherit: true; readonly path?: undefined },
): Promise<TcpBinding | UdpBinding>;
/** Binds UDP sockets, one per address. */
export function bind(options: BindOptions & { readonly protocol: 'udp' }): Promise<UdpBinding>;
/** Binds TCP listeners, one per address (the default). */
export function bind(
  options?: BindOptions & {
    readonly protocol?: 'tcp';
    readonly path?: undefined;
    readonly systemd?: false;
    readonly inherit?: false;
  },
): Promise<TcpBinding>;
/** Any options: the Binding's `protocol` says which kind it is. */
export function bind(options?: BindOptions): Promise<Binding>;
export function bind(options?: BindOptions): Promise<Binding> {
  let opts: NormalizedOptions;
  try {
    // The sockets a predecessor hands over with handOver(): already bound.
    if (wantsInherit(options)) return inheritBinding(options as object);
    options = withoutInherit(options);
    // A Unix socket or named pipe: no host, port or resolver.
    if (wantsPath(options)) return bindPath(options as object);
    opts = normalizeOptions(options);
  } catch (err) {
    // Whatever was thrown (a SockError, or what a getter on the options threw) goes on unchanged.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    return Promise.reject(err);
  }
  // Nothing can cancel the call: no listener, timer or disposal to set up and tear down.
  if (opts.signal === undefined && opts.timeout === undefined && !opts.systemd) {
    return lookupAndBind(new BindRun(opts, INERT));
  }
  return bindCancellable(opts);
}

async function bindCancellable(opts: NormalizedOptions): Promise<Binding> {
  using cancel = new Cancellation(opts.signal, opts.timeout, 'bind()');
  // Awaited here, not returned, so that `cancel` lives until the work is done.
  if (opts.systemd) return await adoptSystemdSockets(opts, cancel);
  return await lookupAndBind(new BindRun(opts, cancel));
}

/**
 * The steps of a bind, as Node's listen is lookupAndListen -> listenInCluster ->
 * setupListenHandle: the targets, then a port that binds them, then the Binding or the error.
 */
async function lookupAndBind(run: BindRun): Promise<Binding> {
  try {
    const { candidates, ports, targets } = await lookupTargets(run);
    const result = await bindPorts(run, targets, ports);
    if (result.ok) return await run.binding(candidates, result.bound);
    throw await bindFailure(run, result.failure, candidates);
  } catch (err) {
    return await run.fail(err);
  }
}
