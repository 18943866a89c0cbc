// V8's code cache for the bundled program. Compiling dist/program.js (the app and the three
// libraries, one file) took about 5 ms of CPU at each start on Node 20, which has no
// module.enableCompileCache(); the build stores V8's compiled form of it beside it
// (dist/program.js.cache), and each start hands that to V8 instead of parsing again. V8 checks the
// cache against its own version, flags and the source, and compiles as usual when it does not
// match (another Node, an edited file), so the cache can only make a start faster.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/**
 * The program (CommonJS) in the function wrapper Node gives a CommonJS module. Code run by a
 * vm.Script cannot use import() on Node 20 without an experimental flag: the build turns the
 * program's import() calls into require() (tsup.config.ts).
 */
function programScript(file: string, cachedData?: Buffer): Script {
  const source = readFileSync(file, 'utf8');
  return new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
}

/** V8's code cache for the program at `file`, for this Node: the build writes it to `<file>.cache`. */
export function codeCacheFor(file: string): Buffer {
  return programScript(file).createCachedData();
}

/** Runs the CommonJS program at `file`, from its code cache when V8 accepts it. */
export function runProgram(file: string): void {
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    // No cache (a build that could not write it): V8 compiles the source as usual.
  }
  const wrapper = programScript(file, cachedData).runInThisContext() as (
    exports: object,
    require: NodeJS.Require,
    module: { exports: object },
    filename: string,
    dirname: string,
  ) => void;
  const module = { exports: {} };
  wrapper(module.exports, createRequire(file), module, file, dirname(file));
}
