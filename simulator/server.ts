/**
 * @module server
 * startServer(): the simulator on a real port, with its background loops
 * (scheduler on real time, webhook dispatcher). Used by the CLI and by
 * startSimulator() for tests. The request listener tries the fast lanes
 * (GET Identity, Create Identity: http/fast-lane.ts, http/create-lane.ts)
 * before @hono/node-server and the app (withLanes).
 */
import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type Server, type ServerOptions } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createSimulator, type Simulator, type SimulatorOptions } from './app.js';
import { isLoopbackAddress } from './http/control-guard.js';
import { answerCreateOnServer, createLaneOf, type CreateLane } from './http/create-lane.js';
import { answerOnServer, fastLaneOf, type FastLane } from './http/fast-lane.js';

export interface RunningServer {
  /** e.g. http://127.0.0.1:4010 */
  url: string;
  /** the Paxos API base URL: `${url}/v2` */
  baseUrl: string;
  /** the OAuth2 token URL: `${url}/oauth2/token` */
  tokenUrl: string;
  /** the control API: `${url}/_sim` */
  controlUrl: string;
  port: number;
  simulator: Simulator;
  clock: Simulator['clock'];
  /**
   * Stop accepting connections, let the requests in flight finish (at most
   * `drainMs`, default 5 s; then the remaining connections are closed), close
   * idle keep-alive connections and the dashboard's event streams, then stop
   * the background loops and flush the store.
   */
  stop(options?: { drainMs?: number }): Promise<void>;
}

/** How long stop() waits for requests in flight before closing their connections. */
export const DEFAULT_DRAIN_MS = 5_000;

/** How often due jobs are looked for in real time. */
const SCHEDULER_POLL_MS = 100;
/** How often the retention sweep runs in real time (it costs nothing when nothing expired). */
const RETENTION_SWEEP_MS = 60_000;

/**
 * Start the simulator on a real port (`config.port`, 0 for any free one) with
 * its background scheduler and webhook dispatcher.
 *
 * @example
 * const server = await startServer({ config: { ...testConfig(), port: 0 } });
 * console.log(server.baseUrl, server.tokenUrl); // http://127.0.0.1:<port>/v2 …
 * await server.stop();
 */
export async function startServer(options: SimulatorOptions): Promise<RunningServer> {
  const simulator = await createSimulator(options);
  const { config } = options;
  // GET Identity's and Create Identity's fast lanes (http/fast-lane.ts, http/create-lane.ts) answer
  // before @hono/node-server builds a Request
  const lanes = { get: fastLaneOf(simulator.app), create: createLaneOf(simulator.app) };
  // (@hono/node-server calls it as createServer(serverOptions, its request listener))
  const createServer = ((options: ServerOptions, listener: RequestListener) =>
    createHttpServer(options, withLanes(lanes, listener))) as typeof createHttpServer;
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: simulator.app.fetch, port: config.port, hostname: config.host, createServer }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  // The request each connection is serving, so stop() can end long-lived event streams at once.
  const serving = new Map<Socket, IncomingMessage>();
  server.on('connection', (socket: Socket) => socket.once('close', () => serving.delete(socket)));
  server.on('request', (req: IncomingMessage) => serving.set(req.socket, req));
  warnIfExposed(simulator, config);
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  // The port is known only now: record it in the data file's lock, for a second process's refusal message.
  simulator.store.announce({ port, url });
  simulator.scheduler.start(SCHEDULER_POLL_MS);
  simulator.dispatcher.start(config.webhooks.pollMs);
  const sweep = setInterval(() => {
    simulator.prune().catch((err: Error) => simulator.ctx.logger.error('retention sweep failed', { error: err.message }));
  }, RETENTION_SWEEP_MS);
  sweep.unref();
  let stopped: Promise<void> | undefined;
  return {
    url,
    baseUrl: `${url}/v2`,
    tokenUrl: `${url}/oauth2/token`,
    controlUrl: `${url}/_sim`,
    port,
    simulator,
    clock: simulator.clock,
    stop(options = {}) {
      stopped ??= (async () => {
        clearInterval(sweep);
        const http = server as Server;
        await new Promise<void>((resolve) => {
          const endStreams = () => {
            for (const [socket, req] of serving) if (req.url?.startsWith('/_sim/api/stream')) socket.destroy();
            http.closeIdleConnections();
          };
          // Connections that finish their request while draining become idle: close them as they do.
          const idle = setInterval(endStreams, 20);
          const force = setTimeout(() => http.closeAllConnections(), options.drainMs ?? DEFAULT_DRAIN_MS);
          server.close(() => {
            clearInterval(idle);
            clearTimeout(force);
            resolve();
          });
          endStreams();
        });
        await simulator.close();
      })();
      return stopped;
    },
  };
}

/** The app's request listener behind the fast lanes it has (each hands over what it does not answer). */
export function withLanes(lanes: { get?: FastLane; create?: CreateLane }, listener: RequestListener): RequestListener {
  const { get, create } = lanes;
  if (!get && !create) return listener;
  return (req, res) => {
    if (get && answerOnServer(get, req, res)) return;
    if (create && answerCreateOnServer(create, req, res, listener)) return;
    void listener(req, res);
  };
}

/** A prominent warning when the control API is reachable beyond loopback without a token. */
function warnIfExposed(simulator: Simulator, config: SimulatorOptions['config']): void {
  if (isLoopbackAddress(config.host) || !config.control.enabled || config.control.token) return;
  simulator.ctx.logger.warn(
    [
      '',
      '!!! WARNING: the simulator listens on ' + config.host + ', beyond loopback, and its control API',
      '!!! (/_sim/: reset, clock, rules, and the dashboard with every identity\'s personal data) has no token.',
      '!!! Anyone who can reach this port can read and wipe the simulator\'s data.',
      '!!! Set --control-token <secret> (PAXOS_SIM_CONTROL_TOKEN) or --no-control; see README "Security model".',
    ].join('\n'),
  );
}
