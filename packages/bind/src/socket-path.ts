// bind({ path }): a Unix domain socket (a file, or a Linux abstract name) or a Windows named pipe,
// the other half of Node's listen().
import cluster from 'node:cluster';
import { existsSync, readFileSync } from 'node:fs';
import * as net from 'node:net';
import { dirname, join } from 'node:path';
import { SockError, toSockError } from '@sock/errors';
import {
  invalidOption,
  renderValue,
  validateAbortSignal,
  validateBoolean,
  validateInteger,
  validateKnownKeys,
  validateTimeout,
} from '@sock/errors/unstable-do-not-import';
import { BindError } from './bind-error.js';
import { createBinding, type Binding } from './binding.js';
import { fsPromises } from './internal/builtins.js';
import { Cancellation } from './internal/cancel.js';
import { closeHandle, listenServer } from './internal/listen.js';
import { IP_ONLY_OPTIONS } from './internal/validate.js';
import { findOwners } from './internal/port-holders.js';
import { socketInode, type ProcNetSocket } from './internal/proc-net.js';
import type { PortHolder } from './types.js';

/** bind({ path }) options after checking. */
interface PathOptions {
  readonly path: string;
  readonly kind: 'file' | 'abstract' | 'pipe';
  readonly mode: number | undefined;
  readonly owner: number | undefined;
  readonly group: number | undefined;
  readonly backlog: number | undefined;
  readonly exclusive: boolean | undefined;
  readonly signal: AbortSignal | undefined;
  readonly timeout: number | undefined;
}

const PATH_KEYS = [
  'path',
  'mode',
  'owner',
  'group',
  'backlog',
  'exclusive',
  'signal',
  'timeout',
] as const;
const PATH_ONLY = ['mode', 'owner', 'group'] as const;
// Options of an IP bind that have no meaning for a socket path.
const NOT_WITH_PATH: ReadonlySet<string> = new Set([
  ...IP_ONLY_OPTIONS,
  'protocol',
  'systemd',
  'onAttempt',
]);

// sun_path is 108 bytes on Linux and 104 on the BSDs and macOS, the terminating NUL included.
const MAX_PATH_BYTES = process.platform === 'linux' ? 107 : 103;
const PIPE_PREFIX = /^\\\\[.?]\\pipe\\/i;
// What the temporary directory and name add to the path while mode and owner are set.
const TEMP_SUFFIX_BYTES = '/.sock-XXXXXX/s'.length;

const invalid = (message: string): SockError =>
  new SockError({ code: 'ERR_SOCK_INVALID_OPTION', message });
const unsupported = (message: string): SockError =>
  new SockError({ code: 'ERR_SOCK_UNSUPPORTED', message });

/**
 * True when bind() was asked for a socket path. The options a path cannot use (`mode`, `owner`,
 * `group`) are refused here when there is no `path`.
 */
export function wantsPath(options: unknown): boolean {
  if (typeof options !== 'object' || options === null) return false;
  const o = options as Record<string, unknown>;
  if (o['path'] !== undefined) return true;
  const stray = PATH_ONLY.find((key) => o[key] !== undefined);
  if (stray !== undefined) {
    throw invalid(
      `The \`${stray}\` option applies to a Unix socket file only; give \`path\` too, or remove it.`,
    );
  }
  return false;
}

function checkPath(value: unknown): Pick<PathOptions, 'path' | 'kind'> {
  if (typeof value !== 'string' || value === '') {
    throw invalidOption(
      'path',
      "a socket file path, a Linux abstract name ('\\0name') or a Windows pipe name ('\\\\.\\pipe\\name')",
      value,
    );
  }
  if (PIPE_PREFIX.test(value)) {
    const name = value.replace(PIPE_PREFIX, '');
    if (name === '' || name.length > 256 || name.includes('\\') || value.includes('\0')) {
      throw invalid(
        `The \`path\` option ${renderValue(value)} is not a valid pipe name: after \\\\.\\pipe\\ comes a name of 1 to 256 characters without backslashes.`,
      );
    }
    if (process.platform !== 'win32') {
      throw unsupported(
        `The \`path\` option ${renderValue(value)} is a Windows named pipe, which exists on Windows only; on ${process.platform} pass a socket file path.`,
      );
    }
    return { path: value, kind: 'pipe' };
  }
  if (process.platform === 'win32') {
    throw invalid(
      `On Windows the \`path\` option must be a named pipe, \`\\\\.\\pipe\\NAME\`, got ${renderValue(value)}.`,
    );
  }
  if (value.startsWith('\0')) {
    if (process.platform !== 'linux') {
      throw unsupported(
        `The \`path\` option is a Linux abstract socket name (it starts with '\\0'), which ${process.platform} does not have; pass a socket file path.`,
      );
    }
    if (value.length === 1 || Buffer.byteLength(value) > MAX_PATH_BYTES + 1) {
      throw invalid(
        `The abstract socket name in the \`path\` option must have 1 to ${MAX_PATH_BYTES} bytes after the leading '\\0', got ${renderValue(value)}.`,
      );
    }
    return { path: value, kind: 'abstract' };
  }
  if (value.includes('\0')) {
    throw invalid(
      `The \`path\` option must not contain a NUL character except as the first one of an abstract name, got ${renderValue(value)}.`,
    );
  }
  if (Buffer.byteLength(value) > MAX_PATH_BYTES) {
    throw invalid(
      `The \`path\` option is ${Buffer.byteLength(value)} bytes long, and a Unix socket path has at most ${MAX_PATH_BYTES} on ${process.platform}; use a shorter path (a relative one counts from the working directory).`,
    );
  }
  return { path: value, kind: 'file' };
}

function checkMode(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const mode =
    typeof value === 'string' && /^0?[0-7]{3}$/.test(value)
      ? Number.parseInt(value, 8)
      : typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0o777
        ? value
        : undefined;
  if (mode === undefined) {
    throw invalidOption(
      'mode',
      "permission bits from 0 to 0o777 (a number such as 0o660, or an octal string such as '660')",
      value,
    );
  }
  return mode;
}

/** The id of a user (`/etc/passwd`) or group (`/etc/group`) by name, or the number given. */
function checkId(value: unknown, key: 'owner' | 'group'): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xfffffffe) {
    return value;
  }
  if (typeof value === 'string' && /^\d+$/.test(value)) return checkId(Number(value), key);
  if (typeof value === 'string' && /^[^\s:\0]+$/.test(value)) {
    const file = key === 'owner' ? '/etc/passwd' : '/etc/group';
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      // Unreadable: the name is unknown, said below.
    }
    for (const line of text.split('\n')) {
      const [name, , id] = line.split(':');
      if (name === value && id !== undefined && /^\d+$/.test(id)) return Number(id);
    }
    throw invalid(
      `The \`${key}\` option names ${key === 'owner' ? 'a user' : 'a group'} ${renderValue(value)} that ${file} does not list; pass a numeric id or an existing name.`,
    );
  }
  throw invalidOption(key, `a ${key === 'owner' ? 'user' : 'group'} name or a numeric id`, value);
}

/** Checks the options of bind({ path }); every key is checked and an unknown one is an error. */
export function normalizePathOptions(input: object): PathOptions {
  const o = input as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (o[key] === undefined) continue;
    if (NOT_WITH_PATH.has(key)) {
      throw invalid(
        key === 'systemd'
          ? 'The `systemd` option cannot be combined with `path`: with `systemd: true`, bind() adopts the sockets of the .socket unit (ListenStream=/path too) and takes no address.'
          : `The \`${key}\` option cannot be combined with \`path\`: a Unix socket or named pipe has no host, port or address family. Remove \`${key}\`, or \`path\` to bind an IP address.`,
      );
    }
  }
  validateKnownKeys(o, PATH_KEYS, 'bind({ path })');
  const { path, kind } = checkPath(o['path']);
  const mode = checkMode(o['mode']);
  const owner = checkId(o['owner'], 'owner');
  const group = checkId(o['group'], 'group');
  if (kind !== 'file') {
    const stray = PATH_ONLY.find((key) => o[key] !== undefined);
    if (stray !== undefined) {
      throw invalid(
        `The \`${stray}\` option applies to a socket file, and ${kind === 'pipe' ? 'a named pipe' : 'an abstract socket'} has none; remove it.`,
      );
    }
  }
  if (
    kind === 'file' &&
    (mode !== undefined || owner !== undefined || group !== undefined) &&
    Buffer.byteLength(path) + TEMP_SUFFIX_BYTES > MAX_PATH_BYTES
  ) {
    throw invalid(
      `With \`mode\`, \`owner\` or \`group\`, the \`path\` option may have at most ${MAX_PATH_BYTES - TEMP_SUFFIX_BYTES} bytes (the socket is made under a temporary name in the same directory first), got ${Buffer.byteLength(path)}.`,
    );
  }
  const backlog = validateInteger(o['backlog'], 'backlog', 0, 2_147_483_647);
  const exclusive = validateBoolean(o['exclusive'], 'exclusive');
  const signal = validateAbortSignal(o['signal'], 'signal');
  const timeout = validateTimeout(o['timeout'], 'timeout');
  return { path, kind, mode, owner, group, backlog, exclusive, signal, timeout };
}

/** The path as messages show it: an abstract name with `@` for its NUL, as ss(8) does. */
const shown = (path: string): string => (path.startsWith('\0') ? `@${path.slice(1)}` : path);

/** /proc/net/unix's lines, split: Num RefCount Protocol Flags Type St Inode Path. */
async function unixTable(): Promise<{ flags: number; inode: number; path: string }[]> {
  let text: string;
  try {
    text = await fsPromises().readFile('/proc/net/unix', 'utf8');
  } catch {
    return [];
  }
  const rows: { flags: number; inode: number; path: string }[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [, , , flags, , , inode, ...rest] = line.trim().split(/\s+/);
    if (flags === undefined || inode === undefined) continue;
    rows.push({ flags: Number.parseInt(flags, 16), inode: Number(inode), path: rest.join(' ') });
  }
  return rows;
}

/**
 * The path of the Unix socket open as descriptor `fd` (an inherited one, whose address Node
 * cannot tell), from its inode in /proc/net/unix; undefined where that is not known.
 */
export async function unixSocketPathOfFd(fd: number): Promise<string | undefined> {
  let link: string;
  try {
    link = await fsPromises().readlink(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
  const inode = socketInode(link);
  if (inode === undefined) return undefined;
  const row = (await unixTable()).find((r) => r.inode === inode);
  if (row === undefined || row.path === '') return undefined;
  // An abstract name is listed with @ for its leading NUL.
  return row.path.startsWith('@') ? `\0${row.path.slice(1).replace(/@+$/, '')}` : row.path;
}

/** Processes listening on the Unix socket `path`, from /proc/net/unix (Linux). */
async function unixHolders(path: string): Promise<PortHolder[]> {
  const wanted = shown(path);
  const sockets: ProcNetSocket[] = [];
  for (const { flags, inode, path: name } of await unixTable()) {
    // Node 20 binds an abstract name with the whole of sun_path, NULs (shown as @) after it.
    const same =
      name === wanted ||
      (wanted.startsWith('@') && name.startsWith(wanted) && /^@+$/.test(name.slice(wanted.length)));
    // __SO_ACCEPTCON (0x10000) marks a listening socket.
    if (!same || (flags & 0x10000) === 0) continue;
    sockets.push({ address: wanted, family: 4, port: 0, state: 0, uid: 0, inode });
  }
  const owners = await findOwners(sockets);
  return owners.map((o) => ({
    pid: o.pid,
    command: o.command,
    ...(o.cmdline !== undefined && { cmdline: o.cmdline }),
    inode: o.socket.inode,
    address: path,
    port: 0,
    protocol: 'unix',
  }));
}

async function inUse(path: string, detail: string, cause?: unknown): Promise<BindError> {
  const holders = await unixHolders(path);
  const who =
    holders.length > 0
      ? ` It is held by ${holders.map((h) => `${h.command} (pid ${h.pid})`).join(', ')}.`
      : '';
  return new BindError({
    code: 'EADDRINUSE',
    message: `bind failed with error: EADDRINUSE on ${shown(path)}: ${detail}${who}`,
    hint: 'Stop the process that listens there, or choose another path.',
    ...(cause !== undefined && { cause: toSockError(cause) }),
    step: 'bind',
    attempts: [],
    holders,
  });
}

function failed(err: unknown, path: string, step: 'bind' | 'listen'): BindError | SockError {
  if (err instanceof SockError) return err;
  // libuv turns a missing directory into EACCES (as Windows reports it); say what it is.
  if ((err as NodeJS.ErrnoException).code === 'EACCES' && !existsSync(dirname(path))) {
    return new BindError({
      code: 'ENOENT',
      message: `bind failed with error: ENOENT on ${shown(path)}: the directory ${dirname(path)} does not exist.`,
      hint: 'Create the directory first (systemd: RuntimeDirectory=), or choose a path in one that exists.',
      cause: toSockError(err),
      step,
      attempts: [],
    });
  }
  const cause = toSockError(err);
  return new BindError({
    code: cause.code,
    message: `bind failed with error: ${cause.code} on ${shown(path)}: ${cause.message}`,
    hint: cause.hint,
    cause,
    step,
    attempts: [],
  });
}

/** Whether something answers on the socket file: 'listening', 'refused' or 'gone'. */
function probe(path: string): Promise<'listening' | 'refused' | 'gone'> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ path });
    socket.once('connect', () => {
      socket.destroy();
      resolve('listening');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      socket.destroy();
      if (err.code === 'ECONNREFUSED') resolve('refused');
      else if (err.code === 'ENOENT') resolve('gone');
      else reject(err);
    });
  });
}

/**
 * Makes way for a new socket at `path`: nothing there is fine; a socket file nobody answers on is
 * left from a crash and removed; a live socket or any other file is EADDRINUSE.
 */
async function clearStale(path: string): Promise<void> {
  let stats;
  try {
    stats = await fsPromises().lstat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw failed(err, path, 'bind');
  }
  if (!stats.isSocket()) {
    throw await inUse(path, 'the path exists and is not a socket, so nothing was removed.');
  }
  const state = await probe(path).catch((err: unknown) => {
    throw failed(err, path, 'bind');
  });
  if (state === 'listening') {
    throw await inUse(path, 'another socket is listening there (a connection to it succeeded).');
  }
  if (state === 'refused') {
    // A socket file that refuses connections has no listener: a crashed server's leftover.
    await fsPromises()
      .unlink(path)
      .catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw failed(err, path, 'bind');
      });
  }
}

/** The file's identity, to remove it on close only while it is still the one made here. */
async function identity(path: string): Promise<string | undefined> {
  try {
    const s = await fsPromises().lstat(path);
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Listens under a temporary name in a new directory only this user can enter, sets mode and
 * owner there, then links it to `path`: nobody can connect before the permissions hold, and
 * link() fails rather than replace a socket that appeared at `path` meanwhile.
 */
async function listenWithPermissions(opts: PathOptions, cancel: Cancellation): Promise<net.Server> {
  const dir = await fsPromises()
    .mkdtemp(join(dirname(opts.path), '.sock-'))
    .catch((err: unknown) => {
      throw failed(err, opts.path, 'bind');
    });
  const temp = join(dir, 's');
  let server: net.Server | undefined;
  try {
    server = await listenServer({ path: temp }, opts).catch((err: unknown) => {
      throw failed(err, opts.path, 'listen');
    });
    cancel.check();
    try {
      if (opts.owner !== undefined || opts.group !== undefined) {
        await fsPromises().chown(temp, opts.owner ?? -1, opts.group ?? -1);
      }
      if (opts.mode !== undefined) await fsPromises().chmod(temp, opts.mode);
    } catch (err) {
      throw failed(err, opts.path, 'bind');
    }
    cancel.check();
    for (let round = 0; ; round++) {
      try {
        await fsPromises().link(temp, opts.path);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || round > 0) {
          throw failed(err, opts.path, 'bind');
        }
        // Something appeared at the path since it was checked: check it again, once.
        await clearStale(opts.path);
      }
    }
    return server;
  } catch (err) {
    if (server !== undefined) await closeHandle(server);
    throw err;
  } finally {
    await fsPromises().rm(dir, { recursive: true, force: true });
  }
}

/** Binds `options.path`: a socket file (stale ones replaced), an abstract name or a named pipe. */
export async function bindPath(options: object): Promise<Binding> {
  const opts = normalizePathOptions(options);
  using cancel = new Cancellation(opts.signal, opts.timeout, 'bind()');
  const { path } = opts;
  const withPermissions =
    opts.mode !== undefined || opts.owner !== undefined || opts.group !== undefined;
  let server: net.Server | undefined;
  // The linked file's identity: removed on close (and on failure) only while it is still ours.
  let made: string | undefined;
  const removeLinked = async (): Promise<void> => {
    if (made !== undefined && (await identity(path)) === made) {
      await fsPromises()
        .unlink(path)
        .catch(() => undefined);
    }
  };
  try {
    if (withPermissions) {
      if (cluster.isWorker && opts.exclusive !== true) {
        throw unsupported(
          "In a cluster worker, `mode`, `owner` and `group` need `exclusive: true`: a shared socket is bound by the primary under the path itself, so its permissions cannot be set before it accepts. Pass `exclusive: true`, or set the directory's permissions instead (systemd: RuntimeDirectoryMode=).",
        );
      }
      if (opts.kind === 'file') await clearStale(path);
      cancel.check();
      server = await listenWithPermissions(opts, cancel);
      made = await identity(path);
    } else {
      // Listen first: in a cluster worker the primary may hold this path for every worker
      // already, and a probe would take that for someone else's socket. Only a refusal leads to
      // the stale-file check, then one more try.
      const listen = (): Promise<net.Server> => listenServer({ path }, opts);
      const taken = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
      server = await listen()
        .catch(async (err: unknown) => {
          if (!taken(err) || opts.kind !== 'file') throw err;
          await clearStale(path);
          cancel.check();
          return listen();
        })
        .catch(async (err: unknown) => {
          if (err instanceof SockError) throw err;
          if (taken(err)) {
            throw await inUse(
              path,
              opts.kind === 'abstract'
                ? 'another socket has this abstract name.'
                : 'another socket took the path at the same moment.',
              err,
            );
          }
          throw failed(err, path, 'listen');
        });
    }
    cancel.check();
    return createBinding({
      protocol: 'unix',
      path,
      addresses: [],
      servers: [server],
      sockets: [],
      candidates: [],
      attempts: [],
      // libuv removes the file it bound when the handle closes; a file linked into place is
      // removed here.
      ...(withPermissions && { afterClose: removeLinked }),
    });
  } catch (err) {
    if (server !== undefined) await closeHandle(server);
    await removeLinked();
    throw err;
  }
}
