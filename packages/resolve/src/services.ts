import { readFileSync } from 'node:fs';
import { SockError } from '@sock/errors';
import { etcFields, etcPath } from './internal/etc-file.js';
import { renderValue } from '@sock/errors/unstable-do-not-import';
import { builtinServices } from './internal/builtin-services.js';

/** The ports a service name has, per protocol; a protocol the name lacks is absent. */
export interface ServicePorts {
  /** The TCP port, where the service is offered over TCP. */
  readonly tcp?: number;
  /** The UDP port, where the service is offered over UDP. */
  readonly udp?: number;
}

// Each file is read once, on first use, and kept: getservbyname reads the file on every call, but
// the database changes only when packages are installed, and a sync read per lookup would block.
const cache = new Map<string, ReadonlyMap<string, ServicePorts>>();
let builtin: ReadonlyMap<string, ServicePorts> | undefined;

/**
 * Looks a service name up as getservbyname does: in the system services database (`/etc/services`,
 * on Windows `%SystemRoot%\System32\drivers\etc\services`), aliases included, case-sensitive. When
 * that file is missing or unreadable, in a built-in table of common IANA names. `'http'` gives
 * `{ tcp: 80 }` with Debian's file; a name unknown to the database gives undefined.
 *
 * @example getServiceByName('domain') // { tcp: 53, udp: 53 }
 */
export function getServiceByName(
  name: string,
  options?: { file?: string },
): ServicePorts | undefined {
  if (typeof name !== 'string' || name === '') {
    throw new SockError({
      code: 'ERR_SOCK_INVALID_SERVICE',
      message: `The service name must be a non-empty string such as \`http\`, got ${renderValue(name)}.`,
    });
  }
  const file = options?.file ?? defaultServicesPath();
  if (typeof file !== 'string' || file === '') {
    throw new SockError({
      code: 'ERR_SOCK_INVALID_OPTION',
      message: `The \`file\` option must be a path to a services file, got ${renderValue(file)}.`,
    });
  }
  return loadServices(file).get(name);
}

/** The path of the platform's services database. */
export function defaultServicesPath(): string {
  return etcPath('services');
}

// The table getServiceByName answers from for a file: the file's, or the built-in one.
function loadServices(file: string): ReadonlyMap<string, ServicePorts> {
  let table = cache.get(file);
  if (table === undefined) {
    let text: string | undefined;
    try {
      text = readFileSync(file, 'latin1');
    } catch {
      // Missing or unreadable: the built-in table stands in, as the issue asks.
    }
    table = text === undefined ? builtinTable() : parseServices(text);
    cache.set(file, table);
  }
  return table;
}

function builtinTable(): ReadonlyMap<string, ServicePorts> {
  builtin ??= parseServices(builtinServices);
  return builtin;
}

/**
 * Parses services(5) text (`name port/protocol [aliases...] [# comment]`) into a map from each
 * name and alias to its tcp and udp ports. The first line wins for a name and protocol, as
 * getservbyname reads the file from the top; protocols other than tcp and udp and malformed lines
 * are skipped.
 */
export function parseServices(text: string): Map<string, ServicePorts> {
  const table = new Map<string, { tcp?: number; udp?: number }>();
  for (const [name, portProto, ...aliases] of etcFields(text)) {
    if (name === undefined || portProto === undefined) continue;
    const match = /^(\d{1,5})\/(tcp|udp)$/i.exec(portProto);
    if (match === null) continue;
    const port = Number(match[1]);
    if (port > 65535) continue;
    const protocol = match[2]?.toLowerCase() === 'udp' ? 'udp' : 'tcp';
    for (const key of [name, ...aliases]) {
      let ports = table.get(key);
      if (ports === undefined) {
        ports = {};
        table.set(key, ports);
      }
      ports[protocol] ??= port;
    }
  }
  for (const ports of table.values()) Object.freeze(ports);
  return table;
}
