// The `sock-server` program, which main.ts runs; everything it does is in run.ts and the modules
// it names. No `#!` line: it runs inside a function wrapper (see code-cache.ts).
import { main } from './run.js';

main(process.argv.slice(2), process.env).catch((err: unknown) => {
  // Only a bug gets here (every expected failure is reported inside main): EX_SOFTWARE.
  process.stderr.write(
    `sock-server: unexpected error: ${err instanceof Error ? err.stack : String(err)}\n`,
  );
  process.exit(70);
});
