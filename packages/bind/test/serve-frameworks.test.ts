import * as http from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import express from 'express';
import fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import { describe, expect, it } from 'vitest';
import { bind, serve } from '@sock/bind';

async function getText(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/`);
  return res.text();
}

function hono(): Hono {
  const app = new Hono();
  app.get('/', (c) => c.text('hono'));
  return app;
}

describe('serve() with web frameworks', () => {
  it('Hono: app.fetch is refused with the adaptor to use; createAdaptorServer works', async () => {
    await using binding = await bind({ host: '127.0.0.1' });
    const app = hono();
    for (const wrong of [app.fetch, app.fetch.bind(app), app]) {
      expect(() => serve(wrong as never, binding)).toThrow(
        expect.objectContaining({
          code: 'ERR_SOCK_INVALID_ARGUMENT',
          message: expect.stringContaining(
            'serve(createAdaptorServer({ fetch: app.fetch }), binding)',
          ) as unknown,
        }),
      );
    }
    serve(createAdaptorServer({ fetch: app.fetch }) as http.Server, binding);
    expect(await getText(binding.port)).toBe('hono');
  });

  it('Koa: the app is refused with app.callback() to use, which works', async () => {
    await using binding = await bind({ host: '127.0.0.1' });
    const app = new Koa();
    app.use((ctx) => {
      ctx.body = 'koa';
    });
    expect(() => serve(app as never, binding)).toThrow(/serve\(app\.callback\(\), binding\)/);
    // Koa's listener returns a promise that http.Server ignores, as it does under app.listen().
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    serve(app.callback(), binding);
    expect(await getText(binding.port)).toBe('koa');
  });

  it('Fastify: the instance is refused with app.server to use, which works after ready()', async () => {
    await using binding = await bind({ host: '127.0.0.1' });
    const app = fastify();
    app.get('/', () => 'fastify');
    expect(() => serve(app as never, binding)).toThrow(/serve\(app\.server, binding\)/);
    await app.ready();
    serve(app.server, binding);
    expect(await getText(binding.port)).toBe('fastify');
    await app.close();
  });

  it("Fastify: serverFactory hands fastify's handler to serve()", async () => {
    await using binding = await bind({ host: '127.0.0.1' });
    const app = fastify({
      serverFactory: (handler) => serve(handler, binding),
    });
    app.get('/', () => 'factory');
    await app.ready();
    expect(await getText(binding.port)).toBe('factory');
    await app.close();
  });

  it('Express: the app is a request listener', async () => {
    await using binding = await bind({ host: '127.0.0.1' });
    const app = express();
    app.get('/', (_req, res) => {
      res.send('express');
    });
    const server = serve(app, binding);
    expect(server).toBeInstanceOf(http.Server);
    expect(await getText(binding.port)).toBe('express');
  });

  it('a Promise, a plain object and a number are refused with what to pass', async () => {
    await using binding = await bind({ host: '127.0.0.1' });
    expect(() => serve(Promise.resolve() as never, binding)).toThrow(/await it first/);
    expect(() => serve({ listen: () => undefined } as never, binding)).toThrow(
      /has a listen\(\) method but is not a net\.Server/,
    );
    expect(() => serve(42 as never, binding)).toThrow(
      'The first argument of serve() must be a Node server (http, https, http2, tls or net) or a request listener (req, res) => ..., got 42.',
    );
    // Nothing was attached: the binding still takes a server.
    serve((_req, res) => res.end('ok'), binding);
    expect(await getText(binding.port)).toBe('ok');
  });
});
