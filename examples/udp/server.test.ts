import * as dgram from 'node:dgram';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { start } from './server.js';

describe('node:dgram echo recipe', () => {
  it('echoes on ::1 and 127.0.0.1 from the address it was sent to', async () => {
    const running = await start();
    try {
      expect(running.binding.protocol).toBe('udp');
      expect(running.binding.addresses.map((a) => a.address)).toEqual(['::1', '127.0.0.1']);
      for (const [host, type] of [
        ['::1', 'udp6'],
        ['127.0.0.1', 'udp4'],
      ] as const) {
        const client = dgram.createSocket(type);
        try {
          const reply = once(client, 'message') as Promise<[Buffer, dgram.RemoteInfo]>;
          client.send(`hello ${host}`, running.binding.port, host);
          const [message, from] = await reply;
          expect(message.toString()).toBe(`hello ${host}`);
          expect(from.address).toBe(host);
          expect(from.port).toBe(running.binding.port);
        } finally {
          client.close();
        }
      }
    } finally {
      await running.close();
    }
  });
});
