/**
 * @module server
 * startServer(): the simulator on a real port, with its background loops
 * (scheduler on real time, webhook dispatcher). Used by the CLI and by
 * startSimulator() for tests.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createSimulator, type Simulator, type SimulatorOptions } from './app.js';

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
  stop(): Promise<void>;
}

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
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: simulator.app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
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
    stop() {
      stopped ??= (async () => {
        clearInterval(sweep);
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        await simulator.close();
      })();
      return stopped;
    },
  };
}
