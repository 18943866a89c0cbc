// Step 3 of bind() when nothing bound: one BindError that says what happened over every attempt.
import { formatHostPort } from '@sock/errors/unstable-do-not-import';
import { BindError } from './bind-error.js';
import type { BindRun, Failure } from './bind-run.js';
import { explainBindError } from './diagnose.js';
import type { PortHolder } from './types.js';

// Codes explainBindError() has something to say about.
const EXPLAINED: ReadonlySet<string> = new Set([
  'EADDRINUSE',
  'EACCES',
  'EADDRNOTAVAIL',
  'EAFNOSUPPORT',
]);

/** The BindError for a bind whose last failure is `failure`, with every attempt and a diagnosis. */
export async function bindFailure(run: BindRun, f: Failure): Promise<BindError> {
  const opts = run.opts;
  // The bind failed: the error carries every attempt, so each gets its SockError now.
  const attempts = run.attempts();
  const failed = attempts.filter((a) => a.outcome !== 'bound' && a.outcome !== 'released');
  if (f.conclusive === true) {
    const cause = f.reason.error;
    return new BindError({
      code: cause.code,
      message: `bind failed with error: ${cause.code}: ${cause.message}${cause.hint === undefined ? '' : ` ${cause.hint}`}`,
      hint: cause.hint,
      cause,
      address: f.target.address,
      port: f.port,
      step: f.reason.step,
      attempts,
    });
  }
  // Over a list or range, the most frequent code says what happened (EADDRINUSE: all taken).
  const counts = new Map<string, number>();
  for (const a of failed) {
    const code = a.error?.code;
    if (code !== undefined) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  let code = f.reason.code;
  let best = counts.get(code) ?? 0;
  for (const [c, n] of counts) if (n > best) [code, best] = [c, n];
  // The last attempt that failed with the prevailing code speaks for all of them.
  const latest = failed.findLast((a) => a.error?.code === code);
  const cause = latest?.error ?? f.reason.error;
  const last = latest ?? { address: f.target.address, port: f.port };
  const where = formatHostPort(last.address, opts.ports.single ? last.port : opts.ports.label);
  let hint = cause.hint;
  let holders: PortHolder[] | undefined;
  if (EXPLAINED.has(code)) {
    try {
      const explained = await explainBindError(cause, {
        address: last.address,
        port: last.port,
        protocol: opts.protocol,
      });
      hint = explained.hint ?? hint;
      if (code === 'EADDRINUSE' && explained.holders !== undefined) holders = explained.holders;
    } catch {
      // A diagnosis that fails must not hide the bind failure itself.
    }
  }
  const summary =
    counts.size > 1 || failed.length > 1
      ? ` (${failed.length} attempts: ${[...counts].map(([c, n]) => `${n} ${c}`).join(', ')})`
      : '';
  return new BindError({
    code,
    message: `bind failed with error: ${code} on ${where}${summary}${hint === undefined ? '' : `. ${hint}`}`,
    hint,
    cause,
    errno: cause.errno,
    uvErrno: cause.uvErrno,
    winsock: cause.winsock,
    syscall: cause.syscall,
    address: last.address,
    port: last.port,
    transient: cause.transient,
    step: latest?.step ?? f.reason.step,
    attempts,
    holders,
  });
}
