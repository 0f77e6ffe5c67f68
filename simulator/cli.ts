#!/usr/bin/env node
/**
 * @module cli
 * `paxos-sim`: starts the simulator (default), or runs a sub-command
 * (scenarios, seed, demo). The only module that reads process.env and argv.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, parseArgs } from './config.js';
import { applyV8Modes, describeHeapMode, describeTieringMode } from './v8-modes.js';
import { createLogger } from './logger.js';
import { startServer } from './server.js';
import { StoreOpenError } from './store/lowdb-store.js';

const HELP = `paxos-sim: a local simulator of the Paxos Identity API

Usage:
  paxos-sim [options]                 start the simulator
  paxos-sim --version | -v            print the version
  paxos-sim scenarios                 list the built-in scenarios
  paxos-sim seed <scenario> [--seed N] [--url URL]
  paxos-sim demo <scenario> [--seed N] [--url URL] [--pace ms]
  paxos-sim proxy --target <base URL> [--token-target URL] [--port N] [--record DIR] [--report PATH]
                                      validating, recording proxy in front of a Paxos sandbox

Options (each also PAXOS_SIM_<NAME> in the environment, or a key in the config file):
  --port <n>            port (default 4010; 0 = any free port)
  --host <addr>         address to listen on (default 127.0.0.1; beyond loopback, also set --control-token)
  --data <file>         lowdb JSON file (default .paxos-sim/db.json)
  --memory              keep state in memory only
  --config <file>       YAML/JSON config: clients, rules, webhooks, kyc, clock, control, retention, dashboard
  --reset               start with an empty store
  --fsync               fsync every write: acknowledged changes survive power loss, not only a killed process
                        (storage_fsync; the journal is folded into the data file past storage_compact_after, default 8MB)
  --log-level <level>   silent | error | warn | info | debug (default info)
  --review-delay <dur>  delay before the automatic onboarding decision (default 2s)
  --edd-review-delay <dur>  time an EDD review takes after the last required upload (default 2s)
  --webhook-url <url>   deliver every identity event to this URL (repeatable)
  --webhook-header 'Name: value'   API-key header for --webhook-url
  --control-token <t>   require this token (X-Sim-Token) on /_sim/
  --no-control          disable the /_sim/ control API
  --frozen              start with the clock frozen
  --rate-limits         enforce Paxos's rate limits (429 Too many requests; see rate_limits in the config file)
  --validation <mode>   lenient (default: unknown fields ignored, incomplete creates PENDING) | strict (both 400)
  --strict              the same as --validation strict
  --heap <mode>         lean (default: the heap grows at most 25 % past its live data) | v8 (V8's own sizing)
  --tiering <mode>      early (default: hot code optimised after a quarter of Node 20's V8 budget) | v8 (V8's own)
`;

/** The package's version: the nearest package.json above this file (simulator/ from sources, dist/simulator/ when built). */
function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'paxos-identity-sandbox' && pkg.version) return pkg.version;
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--version') || argv[0] === '-v') {
    process.stdout.write(`paxos-sim ${packageVersion()}\n`);
    return 0;
  }
  const { positional } = parseArgs(argv);
  const command = positional[0];
  if (argv.includes('--help') || command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (command === 'scenarios' || command === 'seed' || command === 'demo') {
    const { runScenarioCommand } = await import('./cli-scenarios.js');
    return runScenarioCommand(command, argv, process.env);
  }
  if (command === 'proxy') {
    const { runProxyCommand } = await import('./cli-proxy.js');
    return runProxyCommand(argv, process.env);
  }
  if (command !== undefined) {
    process.stderr.write(`paxos-sim: unknown command "${command}"\n\n${HELP}`);
    return 2;
  }
  const config = loadConfig({ argv, env: process.env });
  // before the store loads: the load is the first burst of garbage
  applyV8Modes(config);
  const logger = createLogger(config.logLevel);
  const running = await startServer({ config, logger });
  const shutdown = async (signal: string) => {
    logger.info(`${signal} received, flushing the store and stopping`);
    await running.stop();
    process.exit(0);
  };
  // Before the banner: a supervisor may send SIGTERM as soon as it reads "listening on".
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  const client = config.clients[0];
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`Paxos sandbox simulator listening on ${running.url}`);
  out(`  base URL:  ${running.baseUrl}`);
  out(`  token URL: ${running.tokenUrl}`);
  out(`  client_id: ${client.client_id}`);
  out(`  client_secret: ${client.client_secret}`);
  out(`  scopes: ${client.scopes.join(' ')}`);
  out(`  store: ${config.storage === 'memory' ? 'memory' : config.data}`);
  out(`  validation: ${config.validation}`);
  out(`  heap: ${describeHeapMode(config.heap)}`);
  out(`  tiering: ${describeTieringMode(config.tiering)}`);
  if (config.control.enabled) out(`  control API and dashboard: ${running.controlUrl}/`);
  out(`  API reference: ${running.url}/_sim/docs`);
  for (const consumer of config.webhooks.consumers) out(`  webhooks -> ${consumer.url}`);
  return -1;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: Error) => {
    if (err instanceof ConfigError || err instanceof StoreOpenError) {
      process.stderr.write(`paxos-sim: ${err.message}\n`);
      process.exit(2);
    }
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(`paxos-sim: the port is already in use (${err.message}); choose another with --port\n`);
      process.exit(2);
    }
    process.stderr.write(`paxos-sim: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
