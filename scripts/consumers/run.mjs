#!/usr/bin/env node
// The three libraries as their users get them: packed into tarballs, installed with npm into
// scratch projects outside the repository, and used there the way their READMEs show.
//
//   node scripts/consumers/run.mjs            (after `pnpm build`; CI runs it from .ci/run)
//
// 1. `pnpm pack` @sock/errors, @sock/resolve and @sock/bind (`workspace:^` becomes a version
//    range) and `npm install` the three tarballs together, with typescript and @types/node from
//    the registry (`--prefer-offline`), into a temporary directory.
// 2. Every ```js, ```ts code block of the three READMEs, unchanged, is
//    - run with node as ESM (or as CommonJS when it uses require() and no import), and
//    - type-checked with TypeScript `strict`, once with `moduleResolution: node16` and once with
//      `bundler` (JavaScript blocks through `checkJs`, as an editor checks them).
//    ```ts blocks are type-checked only.
// 3. A CommonJS program and a TypeScript file use each package through require() and import.
// 4. The `sock-errno` command runs from the packed tarball the two ways npx reaches it.
// 5. `sock-server --help` runs from the packed app with npx.
//
// A block opts out with an HTML comment just above its fence (blank lines between are fine),
// giving the reason:
//   <!-- consumers: no-run: needs sockets passed by systemd -->   type-checked, not run
//   <!-- consumers: skip: the shape of an exported interface -->  neither run nor type-checked
// A marker without a reason is an error.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const libraries = ['errors', 'resolve', 'bind'];
const keep = process.argv.includes('--keep');
const failures = [];
const log = (line) => console.log(line);

function sh(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 120_000, ...options });
  return {
    ok: result.status === 0,
    out: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`,
  };
}

/** The ```js / ```ts blocks of a README, with their opt-out marker if any. */
export function codeBlocks(markdown, file) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(js|javascript|mjs|cjs|ts|typescript)\s*$/.exec(lines[i]);
    if (fence === null) {
      if (/^```/.test(lines[i])) {
        // Skip other fences (console, sh) whole, so their contents are never read as fences.
        for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++);
      }
      continue;
    }
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    let above = i - 1;
    while (above > 0 && lines[above].trim() === '') above--;
    const marker = /^<!--\s*consumers:\s*(no-run|skip)\s*(?::\s*(.*?))?\s*-->$/.exec(
      lines[above] ?? '',
    );
    if (marker !== null && !marker[2]) {
      throw new Error(`${file}:${i}: a consumers marker must say why (\`${marker[1]}: reason\`)`);
    }
    const language = /^(ts|typescript)$/.test(fence[1]) ? 'ts' : 'js';
    blocks.push({
      file,
      line: start,
      language,
      code: lines.slice(start, end).join('\n') + '\n',
      optOut: marker?.[1],
      reason: marker?.[2],
    });
    i = end;
  }
  return blocks;
}

function writeJson(path, value) {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

function main() {
  const work = mkdtempSync(join(tmpdir(), 'sock-consumers-'));
  log(`consumers: working in ${work}`);
  try {
    run(work);
  } finally {
    if (keep) log(`consumers: kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
  if (failures.length > 0) {
    console.error(`\nconsumers: ${failures.length} failed`);
    for (const failure of failures) console.error(`\n--- ${failure.what}\n${failure.out.trim()}`);
    process.exit(1);
  }
  log('consumers: all passed');
}

function check(what, result) {
  if (result.ok) log(`  ok   ${what}`);
  else {
    log(`  FAIL ${what}`);
    failures.push({ what, out: result.out });
  }
}

function run(work) {
  // 1. Pack and install.
  const packs = join(work, 'packs');
  mkdirSync(packs);
  for (const name of libraries) {
    const dir = join(root, 'packages', name);
    if (readdirSync(dir).includes('dist') === false) {
      throw new Error(`packages/${name} has no dist/: run \`pnpm build\` first`);
    }
    execFileSync('npx', ['--yes', 'pnpm@10.34.9', 'pack', '--pack-destination', packs], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  const tarballs = readdirSync(packs).map((file) => join(packs, file));
  const errorsTarball = tarballs.find((file) => /sock-errors-/.test(file));
  log(`consumers: packed ${readdirSync(packs).join(', ')}`);

  const project = join(work, 'project');
  mkdirSync(project);
  writeJson(join(project, 'package.json'), { name: 'sock-consumer', private: true });
  const typescript = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies
    .typescript;
  const install = sh(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      ...tarballs,
      `typescript@${typescript}`,
      '@types/node@^20.19.0',
    ],
    { cwd: project, timeout: 150_000 },
  );
  check('npm install of the three tarballs together', install);
  if (!install.ok) return;

  // 2. The README blocks, in an ESM and a CommonJS folder that share the installed node_modules.
  const esm = join(project, 'esm');
  const cjs = join(project, 'cjs');
  mkdirSync(esm);
  mkdirSync(cjs);
  writeJson(join(esm, 'package.json'), { type: 'module' });
  writeJson(join(cjs, 'package.json'), { type: 'commonjs' });

  const compilerOptions = {
    strict: true,
    target: 'es2022',
    lib: ['es2023', 'esnext.disposable'],
    types: ['node'],
    allowJs: true,
    checkJs: true,
    resolveJsonModule: true,
    noEmit: true,
    skipLibCheck: false,
  };
  const flavours = {
    // module node18 is node16 plus import attributes, which the README's JSON import needs.
    node16: { module: 'node18', moduleResolution: 'node16' },
    bundler: { module: 'preserve', moduleResolution: 'bundler' },
  };

  const toRun = [];
  const toCheck = [];
  for (const name of libraries) {
    const readme = `packages/${name}/README.md`;
    for (const block of codeBlocks(readFileSync(join(root, readme), 'utf8'), readme)) {
      const where = `${block.file}:${block.line}`;
      if (block.optOut === 'skip') {
        log(`  skip ${where} (${block.reason})`);
        continue;
      }
      const commonjs = /\brequire\(/.test(block.code) && !/^\s*import\s/m.test(block.code);
      const base = `${name}-${block.line}`;
      const file =
        block.language === 'ts'
          ? join(esm, `${base}.ts`)
          : join(commonjs ? cjs : esm, `${base}.${commonjs ? 'cjs' : 'mjs'}`);
      writeFileSync(file, block.code);
      toCheck.push({ where, file });
      if (block.language === 'js' && block.optOut !== 'no-run') toRun.push({ where, file });
      else if (block.optOut === 'no-run') log(`  no-run ${where} (${block.reason})`);
    }
  }

  // 3. The packages through require() and import, beside the README blocks.
  writeFileSync(
    join(cjs, 'require.cjs'),
    `const assert = require('node:assert/strict');
const { toSockError, isSockError } = require('@sock/errors');
const { describe } = require('@sock/errors/tables');
const { parseEndpoint, formatEndpoint } = require('@sock/resolve');
const { bind, serve } = require('@sock/bind');
const tables = require('@sock/errors/errors.json');

assert.equal(describe(10048)?.name, 'WSAEADDRINUSE');
assert.equal(tables.winsock.WSAEADDRINUSE.number, 10048);
assert.ok(isSockError(toSockError(new Error('x'))));
assert.equal(parseEndpoint('[::1]:8080').host, '::1');
assert.equal(formatEndpoint({ address: '::1', port: 8080 }), '[::1]:8080');
(async () => {
  const binding = await bind({ port: 0 });
  serve((req, res) => res.end(String(req.socket.localAddress)), binding);
  for (const { address, port } of binding.addresses) {
    const host = address.includes(':') ? \`[\${address}]\` : address;
    assert.equal(await (await fetch(\`http://\${host}:\${port}/\`)).text(), address);
  }
  await binding.close();
  console.log('require() of the three packages: ok');
})();
`,
  );
  writeFileSync(
    join(esm, 'types.ts'),
    `import type { AddressInfo } from 'node:net';
import { toSockError, type SockError, type SockErrorCode } from '@sock/errors';
import { formatEndpoint, resolve, type AddrInfo } from '@sock/resolve';
import { bind, BindError, serve, type Binding, type BindOptions } from '@sock/bind';

const options: BindOptions = { host: 'localhost', port: '8000-8010', timeout: 1000 };
const binding: Binding = await bind(options);
const server = serve((_req, res) => res.end('ok'), binding);
server.closeIdleConnections();
const address: AddressInfo = { address: '::1', family: 'IPv6', port: binding.port };
const text: string = formatEndpoint(address);
const found: AddrInfo[] = await resolve('localhost', 'http');
const error: SockError = toSockError(new Error(text));
const code: SockErrorCode = error.code;
if (error instanceof BindError) console.log(error.step, error.attempts.length);
console.log(found.length, code);
await binding.close();
`,
  );
  toRun.push({ where: 'require() of the three packages', file: join(cjs, 'require.cjs') });
  toCheck.push({ where: 'require() of the three packages', file: join(cjs, 'require.cjs') });
  toCheck.push({ where: 'import of every package in TypeScript', file: join(esm, 'types.ts') });

  for (const [flavour, resolution] of Object.entries(flavours)) {
    const tsconfig = `tsconfig.${flavour}.json`;
    writeJson(join(project, tsconfig), {
      compilerOptions: { ...compilerOptions, ...resolution },
      files: toCheck.map(({ file }) => file.slice(project.length + 1)),
    });
    const result = sh(join(project, 'node_modules/.bin/tsc'), ['-p', tsconfig], { cwd: project });
    if (result.ok)
      log(`  ok   TypeScript strict, moduleResolution ${flavour}: ${toCheck.length} files`);
    else {
      // One entry per file with errors, so the report names the README line.
      for (const { where, file } of toCheck) {
        const relative = file.slice(project.length + 1);
        const errors = result.out
          .split('\n')
          .filter((line) => line.startsWith(relative))
          .join('\n');
        if (errors !== '') failures.push({ what: `${where}: tsc (${flavour})`, out: errors });
      }
      if (!toCheck.some(({ file }) => result.out.includes(file.slice(project.length + 1)))) {
        failures.push({ what: `tsc (${flavour})`, out: result.out });
      }
      log(`  FAIL TypeScript strict, moduleResolution ${flavour}`);
    }
  }

  for (const { where, file } of toRun) {
    check(
      `${where}: node`,
      sh(process.execPath, [file], { cwd: join(file, '..'), timeout: 30_000 }),
    );
  }

  // 4. The command, from the tarball: npx runs a package's only bin.
  const cli = (args) => {
    const result = sh('npx', ['--yes', ...args], { cwd: work, timeout: 120_000 });
    return { ok: result.ok && /WSAEADDRINUSE\s+10048/.test(result.out), out: result.out };
  };
  check(
    'npm exec --package=<@sock/errors tarball> -- sock-errno 10048',
    cli([`--package=${errorsTarball}`, '--', 'sock-errno', '10048']),
  );
  check('npx file:<@sock/errors tarball> 10048', cli([`file:${errorsTarball}`, '10048']));

  // 5. sock-server, the private reference app, packed the same way: its only bin is named like the
  // package, so npx finds it; its @sock dependencies come from the library tarballs beside it.
  const server = join(root, 'apps', 'example-server');
  execFileSync('npx', ['--yes', 'pnpm@10.34.9', 'pack', '--pack-destination', work], {
    cwd: server,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const serverTarball = join(
    work,
    readdirSync(work).find((file) => /^sock-server-.*\.tgz$/.test(file)),
  );
  const help = sh(
    'npx',
    [
      '--yes',
      '--prefer-offline',
      ...[serverTarball, ...tarballs].map((file) => `--package=file:${file}`),
      '--',
      'sock-server',
      '--help',
    ],
    { cwd: work, timeout: 150_000 },
  );
  check('npx --package=file:<sock-server and library tarballs> -- sock-server --help', {
    ok: help.ok && /Usage: sock-server/.test(help.out),
    out: help.out,
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
