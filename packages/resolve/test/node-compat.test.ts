// Runs the dns.lookup conformance files in node-compat/ with plain `node --test`, as Node runs its
// own test files (a `// Flags:` line gives the node options), against the built package.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const folder = fileURLToPath(new URL('./node-compat/', import.meta.url));
const files = readdirSync(folder).filter((f) => f.endsWith('.test.mjs'));

function run(file: string): Promise<{ code: number | null; output: string }> {
  const text = readFileSync(folder + file, 'utf8');
  const flags = /^\/\/ Flags: (.*)$/m.exec(text)?.[1]?.split(' ') ?? [];
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [...flags, '--test', '--test-reporter=tap', folder + file],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe("Node's dns.lookup cases, through resolver.lookup", () => {
  it('has the files', () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
  });

  for (const file of files) {
    it(file, async () => {
      const { code, output } = await run(file);
      const passed = Number(/^# pass (\d+)$/m.exec(output)?.[1] ?? 0);
      const failed = Number(/^# fail (\d+)$/m.exec(output)?.[1] ?? 0);
      console.log(`node-compat ${file}: ${passed} passed, ${failed} failed`);
      expect(failed, output).toBe(0);
      expect(passed, output).toBeGreaterThan(0);
      expect(code, output).toBe(0);
    });
  }
});
