import { readFile, readdir, readlink } from 'node:fs/promises';
import { endianness } from 'node:os';
import { addressesConflict } from './address-conflict.js';
import { TCP_LISTEN, parseProcNet, socketInode, type ProcNetSocket } from './proc-net.js';

/** A process found holding one of the sockets asked about. */
export interface ProcHolder {
  readonly pid: number;
  readonly command: string;
  readonly cmdline?: string;
  readonly socket: ProcNetSocket;
}

const littleEndian = endianness() === 'LE';

// Pids whose fd tables are read at once: enough to hide the latency of each readdir, few enough
// not to hold hundreds of directory handles open on a busy host.
const PARALLEL_PIDS = 16;

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
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
  const tables = await Promise.all(
    [protocol, `${protocol}6`].map((name) => readText(`/proc/net/${name}`)),
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

async function socketInodesOf(pid: number): Promise<number[]> {
  const dir = `/proc/${pid}/fd`;
  let fds: string[];
  try {
    fds = await readdir(dir);
  } catch {
    return []; // EACCES (another user's process) or ENOENT (it exited): skip it silently
  }
  const links = await Promise.all(fds.map((fd) => readlink(`${dir}/${fd}`).catch(() => '')));
  const inodes: number[] = [];
  for (const link of links) {
    const inode = socketInode(link);
    if (inode !== undefined) inodes.push(inode);
  }
  return inodes;
}

async function describe(pid: number): Promise<{ command: string; cmdline?: string }> {
  const [comm, cmdline] = await Promise.all([
    readText(`/proc/${pid}/comm`),
    readText(`/proc/${pid}/cmdline`),
  ]);
  const args = (cmdline ?? '').split('\0').filter((arg) => arg !== '');
  const command = comm?.trim() ?? '';
  return args.length > 0 ? { command, cmdline: args.join(' ') } : { command };
}

/**
 * Finds the processes whose open files include these sockets, walking `/proc/<pid>/fd`: this
 * process first (the commonest holder in tests and restarts), then the others in pid order, and
 * stops once every socket has an owner.
 */
export async function findOwners(sockets: readonly ProcNetSocket[]): Promise<ProcHolder[]> {
  if (sockets.length === 0) return [];
  const byInode = new Map(sockets.map((socket) => [socket.inode, socket]));
  const unowned = new Set(byInode.keys());
  const holders: ProcHolder[] = [];
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [];
  }
  const pids = entries
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => pid !== process.pid)
    .sort((a, b) => a - b);
  pids.unshift(process.pid);
  for (let i = 0; i < pids.length && unowned.size > 0; i += PARALLEL_PIDS) {
    const batch = pids.slice(i, i + PARALLEL_PIDS);
    const inodeLists = await Promise.all(batch.map(socketInodesOf));
    for (const [index, inodes] of inodeLists.entries()) {
      const pid = batch[index] ?? 0;
      const matches = [...new Set(inodes)].filter((inode) => byInode.has(inode));
      if (matches.length === 0) continue;
      const about = await describe(pid);
      for (const inode of matches) {
        unowned.delete(inode);
        holders.push({ pid, ...about, socket: byInode.get(inode) as ProcNetSocket });
      }
    }
  }
  return holders;
}
