/** Facts the caller knows that the error may lack; they fill what the error does not say. */
export interface SockErrorContext {
  /** The system call, where the error does not name one. */
  readonly syscall?: string | undefined;
  /** The address, where the error does not carry one. */
  readonly address?: string | undefined;
  /** The port, where the error does not carry one. */
  readonly port?: number | undefined;
  /** The host name, where the error does not carry one. */
  readonly hostname?: string | undefined;
  /** Read numbers for this platform instead of the running one. */
  readonly platform?: NodeJS.Platform | undefined;
}

const field = (context: object, key: keyof SockErrorContext): unknown => {
  try {
    return (context as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
};

/**
 * The context as given, with each fact kept only where it has the right type: `null`, a value that
 * is not an object, a throwing getter or a wrong type all read as "not known", so that a bad
 * context never costs the error its code.
 */
export function readContext(context: unknown): SockErrorContext {
  if (typeof context !== 'object' || context === null) return {};
  const text = (key: keyof SockErrorContext): string | undefined => {
    const value = field(context, key);
    return typeof value === 'string' ? value : undefined;
  };
  const port = field(context, 'port');
  return {
    syscall: text('syscall'),
    address: text('address'),
    port: typeof port === 'number' && Number.isFinite(port) ? port : undefined,
    hostname: text('hostname'),
    platform: text('platform') as NodeJS.Platform | undefined,
  };
}
