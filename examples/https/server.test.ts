import * as https from 'node:https';
import { describe, expect, it } from 'vitest';
import { start } from './server.js';

const get = (host: string, port: number, ca: Buffer): Promise<string> =>
  new Promise((resolve, reject) => {
    // agent: false: one connection per request, closed after the response.
    https
      .get({ host, port, path: '/', ca, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });

describe('node:https recipe', () => {
  it('answers over TLS on ::1 and 127.0.0.1, with the certificate checked', async () => {
    const running = await start();
    try {
      expect(running.binding.addresses.map((a) => a.address)).toEqual(['::1', '127.0.0.1']);
      for (const host of ['::1', '127.0.0.1']) {
        expect(await get(host, running.binding.port, running.ca)).toBe(
          `hello over TLS from ${host}\n`,
        );
      }
    } finally {
      await running.close();
    }
    await expect(get('127.0.0.1', running.binding.port, running.ca)).rejects.toThrow();
  });

  it('a graceful close does not wait for an idle keep-alive connection, and emits close', async () => {
    const running = await start();
    const agent = new https.Agent({ keepAlive: true, ca: running.ca });
    try {
      const body = await new Promise<string>((resolve, reject) => {
        https
          .get({ host: '127.0.0.1', port: running.binding.port, path: '/', agent }, (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('end', () => resolve(text));
          })
          .on('error', reject);
      });
      expect(body).toBe('hello over TLS from 127.0.0.1\n');
      let hookRan = false;
      running.server.once('close', () => (hookRan = true));
      // No close timeout: this returns only if the idle connection is closed, not timed out.
      await running.binding.close({ timeout: Infinity });
      expect(hookRan).toBe(true);
    } finally {
      agent.destroy();
    }
  });
});
