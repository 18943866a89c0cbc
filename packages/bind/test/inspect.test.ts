import { inspect } from 'node:util';
import { occupyRun } from '@sock/test-helpers';
import { describe, expect, it } from 'vitest';
import { bind, isBindError } from '../src/index.js';

describe('util.inspect of a BindError', () => {
  it('is a few lines, with the attempts summarised', async () => {
    await using run = await occupyRun('127.0.0.1', 40);
    const first = run[0]!.port;
    const err: unknown = await bind({ host: '127.0.0.1', port: `${first}-${first + 39}` }).catch(
      (e: unknown) => e,
    );
    expect(isBindError(err)).toBe(true);
    const text = inspect(err);
    const lines = text.split('\n');
    expect(lines.length).toBeLessThanOrEqual(6);
    expect(lines[0]).toMatch(/^BindError \[EADDRINUSE\]: bind failed with error: EADDRINUSE/);
    expect(text).toContain('  step: bind on 127.0.0.1:');
    expect(text).toContain('  attempts: 40 (40 failed; EADDRINUSE 40)');
    expect(text).toMatch(/holders: node \(pid \d+\)/);
    expect(lines.at(-1)).toMatch(/^ {2}at /);
  });
});
