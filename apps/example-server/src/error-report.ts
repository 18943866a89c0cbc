import { toSockError, type SockError } from '@sock/errors';
import { describe } from '@sock/errors/tables';
import type { BindAttempt, PortHolder } from '@sock/bind';
import { exitCodeFor, type ExitCode } from './exit-codes.js';
import { formatHostPort } from './internal/format.js';
import { inCliTerms, oneLine } from './terminal.js';

/** What the server was starting when it failed, for the parts the error itself lacks. */
export interface FailureContext {
  readonly host: string;
  readonly port: string;
  readonly protocol: 'tcp' | 'udp';
}

/** A start-up failure explained: the lines a person reads, the fields a log keeps, the exit code. */
export interface FailureReport {
  /** `bind failed with error: EADDRINUSE (errno 98, WSAEADDRINUSE 10048) on 127.0.0.1:8080`. */
  readonly headline: string;
  /** The holder lines, the hint and the address list, in that order. */
  readonly details: readonly string[];
  readonly exitCode: ExitCode;
  readonly error: SockError;
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * Explains why the server could not start, in the classic Winsock sample's words with today's detail: the step, the
 * code and its numbers, where, who holds the port, and what to do.
 */
export function explainFailure(thrown: unknown, context: FailureContext): FailureReport {
  // toSockError hands a SockError back as it is.
  const error = toSockError(thrown);
  const facts = thrown as { step?: unknown; attempts?: unknown; holders?: unknown };
  const step = typeof facts.step === 'string' ? facts.step : undefined;
  const attempts = Array.isArray(facts.attempts) ? (facts.attempts as BindAttempt[]) : [];
  const failed = attempts.findLast((a) => a.outcome === 'failed' && a.error?.code === error.code);
  const address = error.address ?? failed?.address;
  const port = error.port ?? failed?.port;
  const where =
    address !== undefined && port !== undefined
      ? `on ${formatHostPort({ address, port })}`
      : `for ${formatHostPort({ address: error.hostname ?? context.host, port: port ?? context.port })}`;
  const verb = step === 'resolve' ? 'resolve' : step === undefined ? 'start' : 'bind';
  const numbers = numbersOf(error);
  const headline = `${verb} failed with error: ${error.code}${numbers === '' ? '' : ` (${numbers})`} ${where}`;

  // bind() diagnosed the failure once (holders from /proc, the hint, this host's addresses); the
  // report only reads what the BindError carries and never looks again.
  const holders = Array.isArray(facts.holders) ? (facts.holders as PortHolder[]) : undefined;
  const hint = error.hint === undefined ? undefined : oneLine(inCliTerms(error.hint));
  const hostAddresses = stringsOf((thrown as { hostAddresses?: unknown }).hostAddresses);

  const details: string[] = [];
  for (const holder of holders ?? []) {
    // The hint below names its command line; a process name can hold line breaks too.
    details.push(oneLine(`port ${holder.port} is held by ${holder.command} (pid ${holder.pid})`));
  }
  // The code alone says little for sock's own errors; their message names the bad value.
  if (error.code.startsWith('ERR_SOCK_') || !/^E/.test(error.code))
    details.unshift(oneLine(error.message));
  if (hint !== undefined) details.push(`hint: ${hint}`);
  if (hostAddresses !== undefined && hostAddresses.length > 0) {
    details.push(`this host's addresses: ${hostAddresses.join(', ')}`);
  }
  const exitCode = exitCodeFor(error);
  return {
    headline,
    details,
    exitCode,
    error,
    fields: {
      event: 'failed',
      code: error.code,
      step,
      errno: error.errno,
      address,
      port,
      holders,
      hint,
      exitCode,
    },
  };
}

function stringsOf(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}

/** `errno 98, WSAEADDRINUSE 10048`: the platform's number and the Winsock name and number. */
function numbersOf(error: SockError): string {
  const parts: string[] = [];
  if (!/^E/.test(error.code)) return '';
  const errno = error.errno ?? describe(error.code, { namespace: 'errno' })?.number;
  if (errno !== undefined) parts.push(`errno ${errno}`);
  const winsock =
    error.winsock !== undefined
      ? describe(error.winsock, { namespace: 'winsock' })
      : describe(error.code)?.equivalents.find((entry) => entry.namespace === 'winsock');
  if (winsock !== undefined) parts.push(`${winsock.name} ${winsock.number}`);
  return parts.join(', ');
}
