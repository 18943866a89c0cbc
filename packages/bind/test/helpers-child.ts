import { spawn, type SpawnOptions } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package directory, where `@sock/bind` refers to itself (and its built dist/). */
export const packageDir: string = fileURLToPath(new URL('..', import.meta.url));

/** A fixture script of test/fixtures/. */
export const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/**
 * True when dist/ holds this source's build: child processes load the package by its name, which
 * resolves to dist/ (`pnpm test` builds every package first).
 */
export function builtDist(): boolean {
  const file = `${packageDir}dist/index.js`;
  return existsSync(file) && readFileSync(file, 'utf8').includes('LISTEN_FDS');
}

/** Runs a command to its end; resolves with its output, never rejects. */
export function run(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
  onOutput?: (stdout: string, stderr: string) => void,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: packageDir, ...options });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      onOutput?.(stdout, stderr);
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      onOutput?.(stdout, stderr);
    });
    child.on('error', (err) => resolve({ code: -1, stdout, stderr: stderr + String(err) }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
