import { SockError, type SockOwnCode } from '@sock/errors';
import { renderValue } from '@sock/errors/unstable-do-not-import';

// The one rule for host names, for resolve(), endpoints and formatEndpoint: labels of 1 to 63
// letters, digits, `-` and `_` (used by container and SRV names), not starting or ending with `-`,
// up to 253 characters in all, with an optional final dot. Letters beyond ASCII pass, for names
// the system's IDN support may take.
const LABEL = /^[\p{L}\p{N}_](?:[\p{L}\p{N}_-]{0,61}[\p{L}\p{N}_])?$/u;
// A service name as services(5) files spell them: a letter or digit first, then letters, digits
// and `-`, `_`, `.`, `+`, with at least one letter so it never reads as a port.
const SERVICE = /^(?=.*[A-Za-z])[A-Za-z0-9][A-Za-z0-9_.+-]{0,62}$/;

/** Why a text is not a host name: the message and what to do; undefined when it is one. */
export interface HostNameProblem {
  readonly message: string;
  readonly hint: string | undefined;
}

/** Why `name` is not a host name sock accepts (an IP literal is not checked here), or undefined. */
export function hostNameProblem(name: string): HostNameProblem | undefined {
  const shown = renderValue(name);
  if (name === '') return { message: 'The host name is empty.', hint: undefined };
  const bad = /[\s\p{Cc}:/\\@?#%[\]<>"'`,;()*!$&+=^{}|~]/u.exec(name)?.[0];
  if (bad !== undefined) {
    const hint = name.startsWith('[')
      ? 'Brackets belong to endpoint text; give the address without them (`::1`), or use parseEndpoint().'
      : bad === ':'
        ? 'To split `host:port` text, use parseEndpoint(); a bare IPv6 address must be a valid literal.'
        : bad === '*'
          ? 'For the wildcard address, pass a null host with the `passive` hint.'
          : 'Use letters, digits, `-` and `_` in dot-separated labels, or an IP address.';
    return {
      message: `The host ${shown} is not a valid host name or IP address: it contains ${renderValue(bad)}.`,
      hint,
    };
  }
  if (name.length > 253) {
    return { message: `The host name ${shown} is longer than 253 characters.`, hint: undefined };
  }
  const labels = (name.endsWith('.') ? name.slice(0, -1) : name).split('.');
  // A name whose last label is numeric would be read as an IPv4 address by getaddrinfo
  // (`127.1` is 127.0.0.1 to glibc), as the WHATWG URL parser also does; demand the full form.
  if (/^(?:\d+|0x[0-9a-f]*)$/i.test(labels[labels.length - 1] ?? '')) {
    return {
      message: `The host ${shown} looks like an IPv4 address but is not one.`,
      hint: 'Write four numbers from 0 to 255, such as 127.0.0.1.',
    };
  }
  if (!labels.every((label) => LABEL.test(label))) {
    return {
      message: `The host ${shown} is not a valid host name.`,
      hint: 'Use letters, digits, `-` and `_` in labels of 1 to 63 characters separated by dots (not starting or ending with `-`), or an IP address.',
    };
  }
  return undefined;
}

/**
 * Checks a host name (not an IP literal) by the one rule sock has; returns it, or throws a
 * SockError (`ERR_SOCK_INVALID_HOST` unless another code is given) that says what is wrong.
 */
export function validateHostName(
  value: unknown,
  code: SockOwnCode = 'ERR_SOCK_INVALID_HOST',
): string {
  if (typeof value !== 'string') {
    throw new SockError({
      code,
      message: `The host must be a string (a name or an IP address), got ${renderValue(value)}.`,
    });
  }
  const problem = hostNameProblem(value);
  if (problem !== undefined) throw new SockError({ code, ...problem });
  return value;
}

/** True for a service name as services(5) spells one (`http`, `xmpp-client`), not a port number. */
export function isServiceName(value: unknown): value is string {
  return typeof value === 'string' && SERVICE.test(value);
}
