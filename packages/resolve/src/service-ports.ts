import { SockError } from '@sock/errors';
import { renderValue } from '@sock/errors/unstable-do-not-import';
import { getServiceByName } from './services.js';
import type { NormalizedHints } from './types.js';

/** The port for each socket type a service is offered on; undefined where it is not. */
export interface ServicePortsBySocktype {
  readonly stream: number | undefined;
  readonly dgram: number | undefined;
}

const numeric = /^[0-9]{1,5}$/;
const noService: ServicePortsBySocktype = Object.freeze({ stream: 0, dgram: 0 });

/**
 * Turns a service (port number, numeric string or name) into ports per socket type, as
 * getaddrinfo does; throws ERR_SOCK_INVALID_SERVICE naming the bad value.
 */
export function servicePorts(service: unknown, numericService: boolean): ServicePortsBySocktype {
  if (service === null || service === undefined || service === '') return noService;
  if (typeof service === 'number') {
    if (Number.isInteger(service) && service >= 0 && service <= 65535) {
      return { stream: service, dgram: service };
    }
    throw invalid(
      `The service must be a port number from 0 to 65535 or a service name, got ${renderValue(service)}.`,
    );
  }
  if (typeof service !== 'string') {
    throw invalid(
      `The service must be a port number, a numeric string or a service name, got ${renderValue(service)}.`,
    );
  }
  if (numeric.test(service)) {
    const port = Number(service);
    if (port <= 65535) return { stream: port, dgram: port };
    throw invalid(
      `The service must be a port number from 0 to 65535, got ${renderValue(service)}.`,
    );
  }
  if (numericService) {
    throw invalid(
      `The service ${renderValue(service)} is not a port number, and the \`numericService\` hint forbids names.`,
      'Give a port number, or drop `numericService` to look the name up in the services database.',
    );
  }
  const ports = getServiceByName(service);
  if (ports === undefined || (ports.tcp === undefined && ports.udp === undefined)) {
    throw invalid(
      `The service ${renderValue(service)} is not a port number or a known service name.`,
      'Give a port number, or a name from the services database (/etc/services), such as `http`.',
    );
  }
  return { stream: ports.tcp, dgram: ports.udp };
}

function invalid(message: string, hint?: string): SockError {
  return new SockError({ code: 'ERR_SOCK_INVALID_SERVICE', message, hint });
}

/** The ports for a service, checked against the host and the socket types asked for. */
export function checkService(
  name: string | null,
  service: unknown,
  hints: NormalizedHints,
): ServicePortsBySocktype {
  const ports = servicePorts(service, hints.numericService);
  if (name === null && (service === null || service === undefined || service === '')) {
    throw new SockError({
      code: 'ERR_SOCK_INVALID_HOST',
      message: 'Give a host, a service, or both: getaddrinfo needs at least one.',
    });
  }
  const { socktypes } = hints;
  const offered =
    ports.stream !== undefined && ports.dgram !== undefined
      ? true
      : socktypes.some((t) => (t === 'stream' ? ports.stream : ports.dgram) !== undefined);
  if (!offered) {
    const only = ports.stream === undefined ? 'udp' : 'tcp';
    throw new SockError({
      code: 'ERR_SOCK_INVALID_SERVICE',
      message: `The service ${renderValue(service)} is offered on ${only} only, not for the socket type the hints ask for.`,
      hint: `Ask for the ${only === 'tcp' ? "'stream'" : "'dgram'"} socktype, or give a port number.`,
    });
  }
  return ports;
}
