import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';

/**
 * The HTTP server for an Express app, whose requests and responses are created with the app's own prototypes.
 *
 * Express gives every request and response it handles new prototypes (`Object.setPrototypeOf(req, app.request)`),
 * which V8 pays for on every property access to them afterwards, in Express, Node's HTTP code and ours: a bare
 * Express 5 app took 70 µs of CPU a request against 16 µs for node:http alone, and 24 µs when the objects are born
 * with those prototypes, which makes Express's swap a no-op (issue 14: three requests a launch). Node documents the
 * `IncomingMessage` and `ServerResponse` options for this; the objects are still Node's own (the constructors run
 * unchanged), so nothing else changes. `serve` is separate so a caller can listen first and build the app once the
 * port is known (tests name it in PUBLIC_URL); requests that arrive before it are answered 503.
 */
export function createAppServer(): { server: Server; serve(app: Express): void } {
  function AppRequest(this: IncomingMessage, socket: Socket) {
    IncomingMessage.call(this, socket);
  }
  function AppResponse(this: ServerResponse, req: IncomingMessage, options?: object) {
    (ServerResponse as unknown as (req: IncomingMessage, options?: object) => void).call(this, req, options);
  }
  AppRequest.prototype = IncomingMessage.prototype;
  AppResponse.prototype = ServerResponse.prototype;
  const server = createServer({
    IncomingMessage: AppRequest as unknown as typeof IncomingMessage,
    ServerResponse: AppResponse as unknown as typeof ServerResponse,
  });
  let app: Express | undefined;
  server.on('request', (req, res) => {
    if (app) return app(req, res);
    res.statusCode = 503;
    res.end();
  });
  return {
    server,
    serve(express: Express) {
      // Express's prototypes inherit from Node's, so these objects are what Express would have made them.
      AppRequest.prototype = express.request;
      AppResponse.prototype = express.response;
      app = express;
    },
  };
}

/** Listens on `port`/`host`; rejects when the port cannot be bound. */
export function listen(server: Server, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
