// The messages handOver() and bind({ inherit: true }) exchange over the IPC channel. The
// successor asks first, so that no handle arrives before it listens for them (a 'message' event
// nobody listens to is lost, and so would the socket it carries be).

/** Tag of every message, so that the application's own IPC messages pass by untouched. */
export const TAG = '@sock/bind.handover';

/** Successor -> predecessor: send me the sockets. */
export interface RequestMessage {
  readonly tag: typeof TAG;
  readonly step: 'request';
}

/** Predecessor -> successor: one socket of the Binding (the handle travels beside it). */
export interface HandleMessage {
  readonly tag: typeof TAG;
  readonly step: 'handle';
  readonly protocol: 'tcp' | 'udp';
  readonly index: number;
  readonly count: number;
}

/** Successor -> predecessor: serving now; stop accepting. */
export interface ReadyMessage {
  readonly tag: typeof TAG;
  readonly step: 'ready';
  readonly pid: number;
}

export type HandoverMessage = RequestMessage | HandleMessage | ReadyMessage;

/** The message as a handover message, or undefined for anything else. */
export function asHandoverMessage(value: unknown): HandoverMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as { tag?: unknown; step?: unknown };
  return m.tag === TAG && typeof m.step === 'string' ? (value as HandoverMessage) : undefined;
}
