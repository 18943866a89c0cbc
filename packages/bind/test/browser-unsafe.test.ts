import { describe, expect, it } from 'vitest';
import { bind, browserUnsafePorts } from '../src/index.js';
import { normalizeOptions } from '../src/internal/validate.js';

describe('browserUnsafePorts', () => {
  it('is sorted, each port once, all valid ports, and frozen', () => {
    expect([...browserUnsafePorts].sort((a, b) => a - b)).toEqual(browserUnsafePorts);
    expect(new Set(browserUnsafePorts).size).toBe(browserUnsafePorts.length);
    for (const port of browserUnsafePorts) {
      expect(Number.isInteger(port) && port > 0 && port < 65536).toBe(true);
    }
    expect(Object.isFrozen(browserUnsafePorts)).toBe(true);
  });

  it('holds the ports the browsers block (Fetch standard bad ports)', () => {
    expect(browserUnsafePorts).toHaveLength(82);
    for (const port of [1, 22, 25, 69, 137, 161, 554, 1719, 1720, 1723, 4190, 5060, 5061]) {
      expect(browserUnsafePorts).toContain(port);
    }
    for (const port of [6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080]) {
      expect(browserUnsafePorts).toContain(port);
    }
    for (const port of [80, 443, 3000, 5173, 8000, 8080, 8443]) {
      expect(browserUnsafePorts).not.toContain(port);
    }
  });
});

describe("exclude: 'browser-unsafe'", () => {
  it('drops those ports from a range before anything is tried', () => {
    const { ports } = normalizeOptions({ port: '6660-6670', exclude: 'browser-unsafe' });
    expect(ports.items).toEqual([6660, 6661, 6662, 6663, 6664, 6670]);
  });

  it('refuses a single port of the list', async () => {
    await expect(bind({ port: 6000, exclude: 'browser-unsafe' })).rejects.toMatchObject({
      code: 'ERR_SOCK_INVALID_PORT',
    });
    await expect(bind({ port: 6666, exclude: 'browser-unsafe' })).rejects.toThrow('`exclude`');
  });

  it('rejects another string', async () => {
    await expect(bind({ exclude: 'unsafe' as never })).rejects.toThrow(
      "The `exclude` option must be an array of port numbers or 'browser-unsafe', got 'unsafe'.",
    );
  });
});
