import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { SockError } from '@sock/errors';
import { invalidArgument, invalidOption } from '@sock/errors/unstable-do-not-import';
import { workerThreads } from './internal/builtins.js';

/** Whom dropPrivileges() switches to: a user and, optionally, a group (names or numeric ids). */
export interface DropPrivilegesOptions {
  /** The user to become: a name (`'nobody'`) or a uid. Required: keeping uid 0 keeps root. */
  readonly user?: string | number;
  /** The group to become; by default the user's primary group from /etc/passwd. */
  readonly group?: string | number;
}

/** The identity the process has after dropPrivileges(). */
export interface DroppedPrivileges {
  /** The user id the process runs as now. */
  uid: number;
  /** The group id the process runs as now. */
  gid: number;
}

// uid_t and gid_t are 32-bit; (uid_t)-1 means "unchanged" to setresuid(2), so it is not an id.
const MAX_ID = 0xfffffffe;

function checkId(value: unknown, name: 'user' | 'group'): string | number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_ID) {
    return value;
  }
  if (typeof value === 'string' && /^[^\s:\0]+$/.test(value)) {
    // A numeric string is an id to getpwnam(3) users too, but Node would look it up as a name.
    return /^\d+$/.test(value) ? checkId(Number(value), name) : value;
  }
  throw invalidOption(
    name,
    `a ${name} name or a numeric id from 0 to ${MAX_ID}`,
    value,
    'ERR_SOCK_INVALID_ARGUMENT',
  );
}

function privilegesError(message: string, cause?: unknown): SockError {
  return new SockError({ code: 'ERR_SOCK_PRIVILEGES', message, cause });
}

function whyFailed(cause: unknown): string {
  const code = (cause as { code?: unknown } | null)?.code;
  if (code === 'ERR_UNKNOWN_CREDENTIAL') return 'no such entry exists on this host';
  return cause instanceof Error ? cause.message : String(cause);
}

/** Reads the primary gid of a user from /etc/passwd, by name or uid; undefined if absent. */
function primaryGid(user: string | number, uid: number): number | undefined {
  let text: string;
  try {
    text = readFileSync('/etc/passwd', 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const [name, , id, gid] = line.split(':');
    if (name === user || (name !== undefined && Number(id) === uid && id !== '')) {
      const value = Number(gid);
      if (gid !== undefined && gid !== '' && Number.isInteger(value)) return value;
    }
  }
  return undefined;
}

/** Reads a group's gid from /etc/group; undefined if absent. */
function groupGid(group: string): number | undefined {
  try {
    for (const line of readFileSync('/etc/group', 'utf8').split('\n')) {
      const [name, , gid] = line.split(':');
      if (name === group && gid !== undefined && gid !== '') return Number(gid);
    }
  } catch {
    // An unreadable /etc/group just means the name cannot be matched without root.
  }
  return undefined;
}

type Posix = Required<
  Pick<
    NodeJS.Process,
    | 'getuid'
    | 'geteuid'
    | 'getgid'
    | 'getegid'
    | 'getgroups'
    | 'setuid'
    | 'seteuid'
    | 'setgid'
    | 'setegid'
    | 'setgroups'
  >
>;

function posix(): Posix {
  const p = process as Partial<Posix>;
  // Worker threads have the functions, but they throw ERR_WORKER_UNSUPPORTED_OPERATION.
  if (
    process.platform === 'win32' ||
    !workerThreads().isMainThread ||
    typeof p.setuid !== 'function' ||
    typeof p.setgroups !== 'function' ||
    typeof p.seteuid !== 'function'
  ) {
    throw new SockError({
      code: 'ERR_SOCK_UNSUPPORTED',
      message:
        process.platform === 'win32'
          ? 'dropPrivileges() needs POSIX user ids, which Windows lacks: run the service under a low-privilege account instead.'
          : 'dropPrivileges() needs process.setuid() and process.setgroups(), which this thread lacks: call it from the main thread.',
    });
  }
  return p as Posix;
}

/**
 * Resolves a name or id to a number as root, without changing anything for good: the effective id
 * is switched to it (which looks the name up through NSS, as the real switch will) and back, so an
 * unknown name fails before any real id has changed.
 */
function resolveAsRoot(p: Posix, value: string | number, kind: 'user' | 'group'): number {
  if (typeof value === 'number') return value;
  const [set, get] = kind === 'user' ? [p.seteuid, p.geteuid] : [p.setegid, p.getegid];
  const before = get();
  try {
    set(value);
    return get();
  } catch (cause) {
    throw privilegesError(
      `Cannot drop privileges to ${kind} \`${value}\`: ${whyFailed(cause)}. Pass an existing ${kind} name or a numeric id.`,
      cause,
    );
  } finally {
    set(before);
  }
}

/**
 * Switches a process started as root (to bind a low port) to an unprivileged user and group for
 * good: supplementary groups first, then the gid, then the uid, and checks that root cannot be
 * regained. Already running as exactly that user and group, it does nothing.
 * @example await bind({ host: '*', port: 80 }); dropPrivileges({ user: 'nobody', group: 'nogroup' });
 */
export function dropPrivileges(options: DropPrivilegesOptions): DroppedPrivileges {
  const p = posix();
  if (typeof options !== 'object' || options === null) {
    throw invalidArgument('options', "an object such as { user: 'nobody' }", options);
  }
  const user = checkId(options.user, 'user');
  const group = checkId(options.group, 'group');
  if (user === undefined) {
    throw new SockError({
      code: 'ERR_SOCK_INVALID_ARGUMENT',
      message:
        'The `user` option is required: a process that changes only its group keeps uid 0 and can take root back.',
    });
  }

  if (p.geteuid() !== 0) {
    const uid = p.getuid();
    const gid = p.getgid();
    const sameUser =
      (typeof user === 'number' ? user === uid : user === userInfo().username) &&
      p.geteuid() === uid;
    const sameGroup =
      group === undefined || (typeof group === 'number' ? group === gid : groupGid(group) === gid);
    if (sameUser && sameGroup && p.getegid() === gid) return { uid, gid };
    throw privilegesError(
      `Cannot drop privileges to user \`${user}\`${group === undefined ? '' : ` and group \`${group}\``}: this process runs as uid ${uid}, not root. Start it as root (to bind the port), then call dropPrivileges().`,
    );
  }

  const uid = resolveAsRoot(p, user, 'user');
  if (uid === 0) {
    throw new SockError({
      code: 'ERR_SOCK_INVALID_ARGUMENT',
      message: `The \`user\` option names root (\`${user}\` is uid 0), which keeps every privilege. Name an unprivileged user such as 'nobody'.`,
    });
  }
  const gid = group === undefined ? primaryGid(user, uid) : resolveAsRoot(p, group, 'group');
  if (gid === undefined) {
    throw new SockError({
      code: 'ERR_SOCK_INVALID_ARGUMENT',
      message: `The primary group of user \`${user}\` is not in /etc/passwd; pass the \`group\` option too.`,
    });
  }

  // Order matters: once the uid is gone, the process may no longer change its groups, and
  // supplementary groups left behind (root's group 0) would keep their access.
  const steps: [string, () => void][] = [
    [`setgroups([${gid}])`, () => p.setgroups([gid])],
    [`setgid(${gid})`, () => p.setgid(gid)],
    [`setuid(${uid})`, () => p.setuid(uid)],
  ];
  for (const [index, [step, run]] of steps.entries()) {
    try {
      run();
    } catch (cause) {
      const partial =
        index === 0 ? '' : ' Some ids were already changed: exit rather than keep serving.';
      throw privilegesError(
        `Cannot drop privileges to user \`${user}\` (uid ${uid}) and group \`${group ?? gid}\` (gid ${gid}): ${step} failed: ${whyFailed(cause)}.${partial}`,
        cause,
      );
    }
  }

  const groups = p.getgroups();
  const identityHeld =
    p.getuid() === uid &&
    p.geteuid() === uid &&
    p.getgid() === gid &&
    p.getegid() === gid &&
    groups.every((g) => g === gid);
  let regained = false;
  try {
    p.setuid(0);
    regained = true;
  } catch {
    // EPERM is the point: root is gone for good.
  }
  if (!identityHeld || regained) {
    throw privilegesError(
      `Dropping privileges to uid ${uid} and gid ${gid} did not hold: the process ${regained ? 'could become root again' : `runs as uid ${p.geteuid()}, gid ${p.getegid()}, groups ${groups.join(',')}`}. Exit rather than keep serving.`,
    );
  }
  return { uid, gid };
}
