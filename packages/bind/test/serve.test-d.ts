// Pins serve()'s overloads; `pnpm typecheck` compiles this file, so a changed overload fails there.
import type * as http from 'node:http';
import type * as http2 from 'node:http2';
import type * as https from 'node:https';
import type * as net from 'node:net';
import type * as tls from 'node:tls';
import { expectTypeOf } from 'vitest';
import { serve, type Binding, type TcpBinding, type UnixBinding } from '@sock/bind';

declare const binding: Binding;
declare const tcp: TcpBinding;
declare const unix: UnixBinding;

// A server comes back as the same type.
expectTypeOf(serve({} as http.Server, binding)).toEqualTypeOf<http.Server>();
expectTypeOf(serve({} as https.Server, binding)).toEqualTypeOf<https.Server>();
expectTypeOf(serve({} as http2.Http2Server, binding)).toEqualTypeOf<http2.Http2Server>();
expectTypeOf(
  serve({} as http2.Http2SecureServer, binding),
).toEqualTypeOf<http2.Http2SecureServer>();
expectTypeOf(serve({} as tls.Server, binding)).toEqualTypeOf<tls.Server>();
expectTypeOf(serve({} as net.Server, binding)).toEqualTypeOf<net.Server>();

// A request listener gets an http.Server; its parameters are typed from the overload.
expectTypeOf(
  serve((req, res) => {
    expectTypeOf(req).toEqualTypeOf<http.IncomingMessage>();
    expectTypeOf(res).toExtend<http.ServerResponse>();
    res.end();
  }, binding),
).toEqualTypeOf<http.Server>();
expectTypeOf(serve(() => undefined, binding)).toEqualTypeOf<http.Server>();

// The method beside the function has the same overloads.
expectTypeOf(tcp.serve({} as https.Server)).toEqualTypeOf<https.Server>();
expectTypeOf(tcp.serve((_req, res) => res.end())).toEqualTypeOf<http.Server>();
expectTypeOf(unix.serve({} as http.Server)).toEqualTypeOf<http.Server>();
// A UDP Binding has no connections to serve: the method is there only after narrowing on protocol.
expectTypeOf<Binding>().not.toHaveProperty('serve');

// Anything else does not compile.
// @ts-expect-error: a fetch-style handler takes a Request, not (req, res)
serve((request: Request) => new Response(String(request.url)), binding);
// @ts-expect-error: not a server
serve({ fetch: () => new Response('') }, binding);
// @ts-expect-error: the binding is required
serve(() => undefined);
// @ts-expect-error: not a Binding
serve(() => undefined, {});
