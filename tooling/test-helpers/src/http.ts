// One HTTP GET for tests, over TCP (a URL) or a Unix socket / named pipe (socketPath).
import * as http from 'node:http';

/** The answer to httpGet(): status, headers and the whole body as text. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/**
 * GETs `target` without keep-alive (no agent, so no socket stays open after the answer): a URL,
 * or `{ socketPath, path }` for a Unix socket or named pipe (path defaults to `/`).
 * @example expect((await httpGet({ socketPath })).body).toBe('ok');
 */
export function httpGet(
  target: string | { readonly socketPath: string; readonly path?: string },
): Promise<HttpAnswer> {
  const options: http.RequestOptions =
    typeof target === 'string'
      ? { agent: false }
      : { socketPath: target.socketPath, path: target.path ?? '/', agent: false };
  return new Promise((resolve, reject) => {
    const done = (res: http.IncomingMessage): void => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    };
    const req =
      typeof target === 'string' ? http.get(target, options, done) : http.get(options, done);
    req.on('error', reject);
  });
}
