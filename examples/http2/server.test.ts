import * as http2 from 'node:http2';
import * as https from 'node:https';
import { describe, expect, it } from 'vitest';
import { start } from './server.js';

const url = (host: string, port: number): string =>
  `https://${host.includes(':') ? `[${host}]` : host}:${port}`;

const request = (session: http2.ClientHttp2Session, path = '/'): Promise<string> =>
  new Promise((resolve, reject) => {
    let body = '';
    session
      .request({ ':path': path })
      .setEncoding('utf8')
      .on('data', (chunk: string) => (body += chunk))
      .on('end', () => resolve(body))
      .on('error', reject);
  });

describe('node:http2 recipe', () => {
  it('answers HTTP/2 on ::1 and 127.0.0.1, with the certificate checked', async () => {
    const running = await start();
    try {
      expect(running.binding.addresses.map((a) => a.address)).toEqual(['::1', '127.0.0.1']);
      for (const host of ['::1', '127.0.0.1']) {
        const session = http2.connect(url(host, running.binding.port), { ca: running.ca });
        try {
          expect(await request(session)).toBe(`hello over HTTP/2.0 from ${host}\n`);
        } finally {
          session.close();
        }
      }
    } finally {
      await running.close();
    }
  });

  it('answers HTTP/1.1 clients on the same port', async () => {
    const running = await start();
    try {
      const body = await new Promise<string>((resolve, reject) => {
        https
          .get(
            `${url('127.0.0.1', running.binding.port)}/`,
            { ca: running.ca, agent: false },
            (res) => {
              let text = '';
              res.setEncoding('utf8');
              res.on('data', (chunk: string) => (text += chunk));
              res.on('end', () => resolve(text));
            },
          )
          .on('error', reject);
      });
      expect(body).toBe('hello over HTTP/1.1 from 127.0.0.1\n');
    } finally {
      await running.close();
    }
  });

  it('a graceful close ends an open client session with GOAWAY', async () => {
    const running = await start();
    const session = http2.connect(url('::1', running.binding.port), { ca: running.ca });
    expect(await request(session)).toBe('hello over HTTP/2.0 from ::1\n');
    const goaway = new Promise<void>((resolve) => session.once('goaway', () => resolve()));
    const sessionClosed = new Promise<void>((resolve) => session.once('close', () => resolve()));
    await running.close(); // returns once the session's connection is gone, not after a timeout
    await goaway;
    await sessionClosed;
    expect(running.binding.closed).toBe(true);
  });
});
