import { readFileSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { Server } from 'node:net';
import { endianness } from 'node:os';
import { addressesConflict } from './address-conflict.js';
import { fsPromises } from './builtins.js';
import { TCP_LISTEN, parseProcNet, socketInode, type ProcNetSocket } from './proc-net.js';

/** A process found holding one of the sockets asked about. */
export interface ProcHolder {
  readonly pid: number;
  readonly command: string;
  readonly cmdline?: string;
  readonly socket: ProcNetSocket;
}

const littleEndian = endianness() === 'LE';

async function readText(path: string): Promise<string | undefined> {
  try {
    return await fsPromises().readFile(path, 'utf8');
  } catch {
    // Absent tables (tcp6 without IPv6) and vanished processes are normal: nothing to report.
    return undefined;
  }
}

/**
 * The sockets on `port` in the kernel's tables that would refuse a bind to `address` (all of them
 * when no address is given): listening ones for TCP, any for UDP.
 */
export async function socketsOnPort(
  port: number,
  protocol: 'tcp' | 'udp',
  address: string | undefined,
): Promise<ProcNetSocket[]> {
  // The port as /proc/net prints it (`:1F90 `), to skip the lines of other ports unparsed.
  const needle = `:${port.toString(16).toUpperCase().padStart(4, '0')} `;
  const tables = await Promise.all(
    [protocol, `${protocol}6`].map((name) =>
      protocol === 'tcp'
        ? readListeners(`/proc/net/${name}`, needle)
        : readText(`/proc/net/${name}`),
    ),
  );
  const found: ProcNetSocket[] = [];
  const seen = new Set<number>();
  for (const text of tables) {
    if (text === undefined) continue;
    for (const socket of parseProcNet(text, littleEndian)) {
      if (socket.port !== port || socket.inode === 0 || seen.has(socket.inode)) continue;
      if (protocol === 'tcp' && socket.state !== TCP_LISTEN) continue;
      if (address !== undefined && !addressesConflict(socket.address, address)) continue;
      seen.add(socket.inode);
      found.push(socket);
    }
  }
  return found;
}

// The kernel prints /proc/net/tcp as it is read, listening sockets first (tcp_get_idx() walks
// the listening hash before the established one), and printing costs about 8 us per socket:
// with 16,000 connections open, reading the whole table takes ~200 ms. The listeners are all a
// bind diagnosis needs, so the reading stops at the first line of a connection.
const CHUNK = 64 * 1024;
// TCP_LISTEN, and TCP_SYN_RECV, which kernels before 4.4 printed beside their listener.
const LISTENING_PART = /^\s*\d+: [0-9A-F]+:[0-9A-F]{4} [0-9A-F]+:[0-9A-F]{4} (0A|03) /;

/** The header and the listening-socket lines of a /proc/net/tcp table that contain `needle`. */
async function readListeners(path: string, needle: string): Promise<string | undefined> {
  let file: FileHandle;
  try {
    file = await fsPromises().open(path, 'r');
  } catch {
    return undefined; // tcp6 without IPv6
  }
  try {
    const buffer = Buffer.alloc(CHUNK);
    const kept: string[] = [];
    let rest = '';
    let header = true;
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) break;
      const lines = (rest + buffer.toString('latin1', 0, bytesRead)).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (header) {
          header = false;
          kept.push(line);
        } else if (!LISTENING_PART.test(line)) return kept.join('\n');
        else if (line.includes(needle)) kept.push(line);
      }
    }
    if (rest !== '' && LISTENING_PART.test(rest) && rest.includes(needle)) kept.push(rest);
    return kept.join('\n');
  } catch {
    return undefined;
  } finally {
    await file.close();
  }
}

/** Reads a /proc link; undefined where it is gone or not ours to read. */
function link(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

function text(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/**
 * The program's name and command line. The name is the file name of its executable (`node`,
 * `nginx`), else of its first argument, else `comm`: comm is the name of the main *thread*, which
 * Node 24 sets to `MainThread` and `process.title` overwrites.
 */
function describeProcess(pid: number): { command: string; cmdline?: string } {
  const args = (text(`/proc/${pid}/cmdline`) ?? '').split('\0').filter((arg) => arg !== '');
  const exe = link(`/proc/${pid}/exe`)?.replace(/ \(deleted\)$/, '');
  const command =
    (exe !== undefined && exe !== '' ? baseName(exe) : undefined) ??
    (args[0] === undefined ? undefined : baseName(args[0])) ??
    text(`/proc/${pid}/comm`)?.trim() ??
    '';
  return args.length > 0 ? { command, cmdline: args.join(' ') } : { command };
}

// Directory entries read between two turns of the event loop: the scan runs synchronously, as a
// synchronous readlink costs a fraction of a threadpool round trip, and yields now and then.
const OPS_PER_TURN = 512;

/**
 * The descriptors of this process's listening net.Servers, read from Node's handle list: a few
 * links to read instead of the whole descriptor table of a process with thousands of sockets.
 * Undefined where Node does not offer the list.
 */
function ownServerFds(): number[] | undefined {
  const list = (process as { _getActiveHandles?: () => unknown[] })._getActiveHandles;
  if (typeof list !== 'function') return undefined;
  try {
    const fds: number[] = [];
    for (const handle of list.call(process)) {
      if (!(handle instanceof Server)) continue;
      const fd = (handle as { _handle?: { fd?: unknown } | null })._handle?.fd;
      if (typeof fd === 'number' && fd >= 0) fds.push(fd);
    }
    return fds;
  } catch {
    return undefined;
  }
}

/** Where the scan of the /proc fd tables stands: the sockets still without an owner. */
class OwnerScan {
  readonly #byInode: ReadonlyMap<number, ProcNetSocket>;
  readonly #unowned: Set<number>;
  readonly holders: ProcHolder[] = [];
  #ops = 0;

  constructor(sockets: readonly ProcNetSocket[]) {
    this.#byInode = new Map(sockets.map((socket) => [socket.inode, socket]));
    this.#unowned = new Set(this.#byInode.keys());
  }

  get done(): boolean {
    return this.#unowned.size === 0;
  }

  /** Checks one descriptor of `pid`; true when it was one of the sockets still sought. */
  check(pid: number, fd: string, about?: { command: string; cmdline?: string }): boolean {
    this.#ops++;
    const target = link(`/proc/${pid}/fd/${fd}`);
    const inode = target === undefined ? undefined : socketInode(target);
    if (inode === undefined || !this.#unowned.has(inode)) return false;
    this.#unowned.delete(inode);
    const socket = this.#byInode.get(inode) as ProcNetSocket;
    this.holders.push({ pid, ...(about ?? describeProcess(pid)), socket });
    return true;
  }

  /** Reads the fd table of `pid` until every socket sought has an owner. */
  async scan(pid: number): Promise<void> {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      return; // EACCES (another user's process) or ENOENT (it exited): skip it silently
    }
    let about: { command: string; cmdline?: string } | undefined;
    for (const fd of fds) {
      if (this.done) return;
      if (this.check(pid, fd, about)) about ??= this.holders.at(-1);
      if (this.#ops % OPS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

/** The owner uid of each process, where it can be read. */
function ownerUid(pid: number): number | undefined {
  try {
    return statSync(`/proc/${pid}`).uid;
  } catch {
    return undefined;
  }
}

/**
 * Finds the processes whose open files include these sockets, reading `/proc/<pid>/fd` links, and
 * stops once every socket has an owner: first this process's own listening servers (a handful of
 * links), then the other processes (those of the sockets' owners first, in pid order), and this
 * process's whole table last.
 */
export async function findOwners(sockets: readonly ProcNetSocket[]): Promise<ProcHolder[]> {
  if (sockets.length === 0) return [];
  const scan = new OwnerScan(sockets);
  const self = process.pid;
  const own = ownServerFds();
  for (const fd of own ?? []) {
    if (scan.done) return scan.holders;
    scan.check(self, String(fd));
  }
  if (scan.done) return scan.holders;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return scan.holders;
  }
  const uids = new Set(sockets.map((socket) => socket.uid));
  const pids = entries
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => pid !== self)
    .sort((a, b) => a - b);
  const likely = pids.filter((pid) => uids.has(ownerUid(pid) ?? -1));
  const others = pids.filter((pid) => !likely.includes(pid));
  for (const pid of [...likely, ...others, self]) {
    if (scan.done) break;
    await scan.scan(pid);
  }
  return scan.holders;
}
