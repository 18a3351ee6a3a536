// Node's `http` and Express in front of a fetch-API handler: the request
// becomes a `Request` (its headers, method and URL; the body is not read,
// since a token request has none), the `Response` is written back.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What `toNodeHandler` passes beside the request, e.g. to `lineFor`. */
export interface NodeContext {
  req: IncomingMessage;
  res: ServerResponse;
}

/**
 * A Node request listener (also an Express or Connect middleware) running a
 * fetch-API handler, which gets `{req, res}` as its context: with Express,
 * `lineFor(request, {req})` reads `req.user` or `req.session`.
 */
export function toNodeHandler(handler: (request: Request, context: NodeContext) => Promise<Response>) {
  return (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): void => {
    void (async () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined || name.startsWith(':')) continue;
        for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
      }
      // Express keeps the path before its mount point in originalUrl.
      const path = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
      let url: URL;
      try {
        url = new URL(path, `http://${req.headers.host ?? 'localhost'}`);
      } catch {
        url = new URL(path.startsWith('/') ? path : '/', 'http://localhost');
      }
      let request: Request;
      try {
        request = new Request(url, { method: req.method, headers });
      } catch {
        // A method the fetch API forbids (CONNECT, TRACE).
        res.writeHead(405, { allow: 'GET, POST', 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
        res.end(JSON.stringify({ error: 'method_not_allowed', message: 'GET or POST this endpoint for a CSI token' }));
        return;
      }
      const response = await handler(request, { req, res });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      if (next) return next(error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ error: 'internal_error', message: 'The token endpoint failed' }));
    });
  };
}
