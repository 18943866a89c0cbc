/**
 * Codes that sock itself gives to failures that no system call reported: bad input, overload,
 * unsupported features. System failures keep the system's own code (`EADDRINUSE`, `ENOTFOUND`,
 * `EAI_AGAIN`...).
 */
export const sockCodes = {
  ERR_SOCK_INVALID_ARGUMENT: 'An argument has the wrong type or value.',
  ERR_SOCK_INVALID_OPTION:
    'An option has the wrong type or value, or options contradict each other.',
  ERR_SOCK_INVALID_HOST: 'The host is not a valid host name or IP address.',
  ERR_SOCK_INVALID_SERVICE: 'The service is not a port number or a known service name.',
  ERR_SOCK_INVALID_PORT:
    'The port is not an integer from 0 to 65535, or not a valid range or list.',
  ERR_SOCK_INVALID_HINTS: 'The resolver hints have the wrong type or value.',
  ERR_SOCK_INVALID_ENDPOINT: 'The text is not a valid endpoint.',
  ERR_SOCK_OVERLOADED: 'Too many operations are queued; this one was refused at once.',
  ERR_SOCK_UNSUPPORTED: 'This Node.js or platform lacks a feature the options ask for.',
  ERR_SOCK_NO_ADDRESS: 'The host resolved to no address that can be used.',
  ERR_SOCK_SYSTEMD: 'No sockets were passed by systemd socket activation.',
  ERR_SOCK_PRIVILEGES: 'Privileges could not be dropped.',
  ERR_SOCK_CLOSED: 'The resource was closed.',
  ERR_SOCK_HANDOVER:
    'Handing the sockets to a successor process failed before it was ready; the predecessor kept them.',
  ERR_SOCK_UNKNOWN: 'A value that is not an Error, or an Error without a code, was thrown.',
} as const;

/** A code that sock gives to a failure no system call reported. */
export type SockOwnCode = keyof typeof sockCodes;
