import type { Platform } from './data/platforms.js';

/** The kinds of error numbers: POSIX `errno`, libuv's `uv`, getaddrinfo's `eai`, and `winsock`. */
export type Namespace = 'errno' | 'uv' | 'eai' | 'winsock';

/** The four namespaces, in the order tables and the CLI list them. */
export const namespaces: readonly ['errno', 'uv', 'eai', 'winsock'] = [
  'errno',
  'uv',
  'eai',
  'winsock',
];

/** One name and number in one namespace on one platform, with its message. */
export interface ErrorEntry {
  /** The name as the headers spell it (`EADDRINUSE`, `WSAEADDRINUSE`). */
  readonly name: string;
  /** Its number in this namespace on this platform. */
  readonly number: number;
  /** The table it comes from: errno, uv, eai or winsock. */
  readonly namespace: Namespace;
  /** Winsock entries are always `win32`. */
  readonly platform: Platform;
  /** strerror's, uv_strerror's or gai_strerror's wording; a Winsock entry's short title. */
  readonly message: string;
  /** Other names of the same number in the same table (EWOULDBLOCK for EAGAIN on Linux). */
  readonly aliases: readonly string[];
  /** A Winsock entry's longer description. */
  readonly description?: string;
  /** The POSIX name a Winsock entry corresponds to. */
  readonly posix?: string;
}

/** An entry with the entries that mean the same in every other namespace and platform. */
export interface ErrorDescription extends ErrorEntry {
  /** The entry with the same meaning in every other namespace and platform that has one. */
  readonly equivalents: readonly ErrorEntry[];
}
