import { describe, expect, it } from 'vitest';
import { start } from './server.js';

describe('Hono recipe', () => {
  it('answers on ::1 and 127.0.0.1, then closes gracefully with its close hook', async () => {
    const running = await start();
    expect(running.binding.addresses.map((a) => a.address)).toEqual(['::1', '127.0.0.1']);
    for (const host of ['::1', '127.0.0.1']) {
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${running.binding.port}/`;
      expect(await (await fetch(url)).text()).toBe(`hello from ${host}\n`);
    }
    let hookRan = false;
    running.server.once('close', () => (hookRan = true));
    await running.close();
    expect(hookRan).toBe(true);
    await expect(fetch(`http://127.0.0.1:${running.binding.port}/`)).rejects.toThrow();
  });
});
