import { describe, expect, it } from 'vitest';
import { start } from './server.js';

describe('Fastify recipe', () => {
  it('answers on ::1 and 127.0.0.1', async () => {
    const running = await start();
    try {
      expect(running.binding.addresses.map((a) => a.address)).toEqual(['::1', '127.0.0.1']);
      for (const host of ['::1', '127.0.0.1']) {
        const url = `http://${host.includes(':') ? `[${host}]` : host}:${running.binding.port}/`;
        expect(await (await fetch(url)).json()).toEqual({ hello: host });
      }
    } finally {
      await running.close();
    }
  });

  it('finishes a request in flight, then runs the preClose and onClose hooks', async () => {
    const order: string[] = [];
    let release = (): void => undefined;
    let entered = (): void => undefined;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    const running = await start({}, (app) => {
      app.get('/slow', async () => {
        entered();
        await new Promise<void>((resolve) => (release = resolve));
        order.push('response');
        return 'done';
      });
      app.addHook('preClose', () => void order.push('preClose'));
      app.addHook('onClose', () => void order.push('onClose'));
    });
    const pending = fetch(`http://127.0.0.1:${running.binding.port}/slow`);
    await inHandler;
    const closing = running.close();
    release();
    const res = await pending;
    expect(await res.text()).toBe('done');
    expect(res.headers.get('connection')).toBe('close');
    await closing;
    expect(order).toEqual(['response', 'preClose', 'onClose']);
    await expect(fetch(`http://127.0.0.1:${running.binding.port}/`)).rejects.toThrow();
  });
});
