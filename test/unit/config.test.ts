/**
 * loadConfig(): flags over environment over config file over defaults, and one
 * clear ConfigError for each bad value.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CLIENT, loadConfig, parseArgs } from '../../simulator/config.js';

const withFile = (text: string, argv: string[] = [], env: Record<string, string> = {}) =>
  loadConfig({ argv: ['--config', 'sim.yaml', ...argv], env, readFile: () => text });

describe('validation mode and omitted scope', () => {
  it('defaults to lenient validation and no scope for an omitted scope', () => {
    expect(loadConfig()).toMatchObject({ validation: 'lenient', oauth: { omittedScope: 'none' } });
  });

  it('takes validation from --strict, --validation, PAXOS_SIM_VALIDATION and the file', () => {
    expect(loadConfig({ argv: ['--strict'] }).validation).toBe('strict');
    expect(loadConfig({ argv: ['--validation', 'strict'] }).validation).toBe('strict');
    expect(loadConfig({ env: { PAXOS_SIM_VALIDATION: 'strict' } }).validation).toBe('strict');
    expect(withFile('validation: strict\n').validation).toBe('strict');
    expect(withFile('validation: strict\n', ['--validation', 'lenient']).validation).toBe('lenient');
    expect(loadConfig({ argv: ['--strict=false'], env: { PAXOS_SIM_VALIDATION: 'strict' } }).validation).toBe('lenient');
  });

  it('takes oauth.omitted_scope from the file and PAXOS_SIM_OAUTH_OMITTED_SCOPE', () => {
    expect(withFile('oauth: { omitted_scope: all }\n').oauth.omittedScope).toBe('all');
    expect(loadConfig({ env: { PAXOS_SIM_OAUTH_OMITTED_SCOPE: 'all' } }).oauth.omittedScope).toBe('all');
  });

  it('names a bad validation mode or omitted_scope value', () => {
    expect(() => loadConfig({ env: { PAXOS_SIM_VALIDATION: 'loose' } })).toThrow(new ConfigError('validation must be one of lenient, strict, got "loose"'));
    expect(() => withFile('oauth: { omitted_scope: some }\n')).toThrow(new ConfigError('oauth.omitted_scope must be one of none, all, got "some"'));
    expect(() => withFile('oauth: [1]\n')).toThrow(new ConfigError('oauth must be an object'));
    expect(() => loadConfig({ argv: ['--validation'] })).toThrow(new ConfigError('--validation needs a value'));
  });
});

// The CLI's V8 settings (simulator/v8-modes.ts): the heap's sizing and when hot code is optimised.
describe.each([
  { key: 'heap', env: 'PAXOS_SIM_HEAP', fallback: 'lean', other: 'v8', choices: 'lean, v8', bad: 'small' },
  { key: 'tiering', env: 'PAXOS_SIM_TIERING', fallback: 'early', other: 'v8', choices: 'early, v8', bad: 'eager' },
] as const)('$key mode (the CLI\'s V8 settings)', ({ key, env, fallback, other, choices, bad }) => {
  it(`defaults to ${fallback} and takes --${key}, ${env} and the file, flags first`, () => {
    expect(loadConfig()[key]).toBe(fallback);
    expect(loadConfig({ argv: [`--${key}`, other] })[key]).toBe(other);
    expect(loadConfig({ env: { [env]: other } })[key]).toBe(other);
    expect(withFile(`${key}: ${other}\n`)[key]).toBe(other);
    expect(withFile(`${key}: ${other}\n`, [`--${key}`, fallback])[key]).toBe(fallback);
  });

  it(`names a bad ${key} mode`, () => {
    expect(() => loadConfig({ argv: [`--${key}`, bad] })).toThrow(new ConfigError(`${key} must be one of ${choices}, got "${bad}"`));
    expect(() => withFile(`${key}: 1\n`)).toThrow(new ConfigError(`${key} must be one of ${choices}, got 1`));
    expect(() => loadConfig({ argv: [`--${key}`] })).toThrow(new ConfigError(`--${key} needs a value`));
  });
});

describe('loadConfig precedence', () => {
  it('uses the defaults with nothing given', () => {
    const c = loadConfig();
    expect(c).toMatchObject({ port: 4010, host: '127.0.0.1', storage: 'file', data: '.paxos-sim/db.json', reset: false, logLevel: 'info', reviewDelayMs: 2000, tokenTtlSeconds: 3599 });
    expect(c.clients).toEqual([DEFAULT_CLIENT]);
    expect(c.control).toEqual({ enabled: true, token: undefined });
    expect(c.webhooks.retry).toMatchObject({ initialMs: 5000, factor: 2, giveUpAfterMs: 86_400_000 });
  });

  it('takes flags over environment variables over the config file', () => {
    const file = 'port: 5000\nhost: 0.0.0.0\nlog_level: warn\nreview_delay: 10s\n';
    expect(withFile(file).port).toBe(5000);
    expect(withFile(file, [], { PAXOS_SIM_PORT: '6000' }).port).toBe(6000);
    expect(withFile(file, ['--port', '7000'], { PAXOS_SIM_PORT: '6000' }).port).toBe(7000);
    expect(withFile(file, ['--port=7001']).port).toBe(7001);
    expect(withFile(file).reviewDelayMs).toBe(10_000);
    expect(withFile(file, ['--review-delay', '1m']).reviewDelayMs).toBe(60_000);
    expect(withFile(file, [], { PAXOS_SIM_LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
  });

  it('reads storage, reset, control and webhook settings from each source', () => {
    expect(loadConfig({ argv: ['--memory'] }).storage).toBe('memory');
    expect(loadConfig({ env: { PAXOS_SIM_STORAGE: 'memory' } }).storage).toBe('memory');
    expect(loadConfig({ env: { PAXOS_SIM_RESET: '1' } }).reset).toBe(true);
    expect(loadConfig({ argv: ['--no-control'] }).control.enabled).toBe(false);
    expect(loadConfig({ env: { PAXOS_SIM_CONTROL_TOKEN: 't' } }).control.token).toBe('t');
    const c = loadConfig({ argv: ['--webhook-url', 'http://127.0.0.1:3000/a', '--webhook-url', 'https://x.test/b', '--webhook-header', 'X-Key: v 1'] });
    expect(c.webhooks.consumers).toEqual([
      { name: 'cli-1', url: 'http://127.0.0.1:3000/a', auth: { type: 'api_key', header: 'X-Key', value: 'v 1' }, event_types: undefined, client_id: undefined },
      { name: 'cli-2', url: 'https://x.test/b', auth: { type: 'api_key', header: 'X-Key', value: 'v 1' }, event_types: undefined, client_id: undefined },
    ]);
    expect(loadConfig({ env: { PAXOS_SIM_WEBHOOK_URL: 'http://127.0.0.1:1/h' } }).webhooks.consumers).toHaveLength(1);
  });

  it('reads the journal settings (fsync, compaction threshold) from each source', () => {
    expect(loadConfig({}).journal).toEqual({ fsync: false, compactAfterBytes: 8 * 1024 * 1024 });
    expect(loadConfig({ argv: ['--fsync'] }).journal.fsync).toBe(true);
    expect(loadConfig({ env: { PAXOS_SIM_FSYNC: 'true' } }).journal.fsync).toBe(true);
    expect(withFile('storage_fsync: true\nstorage_compact_after: 512KB\n').journal).toEqual({ fsync: true, compactAfterBytes: 512 * 1024 });
    expect(loadConfig({ env: { PAXOS_SIM_COMPACT_AFTER: '2048' } }).journal.compactAfterBytes).toBe(2048);
    expect(withFile('storage_compact_after: 1.5MB\n').journal.compactAfterBytes).toBe(1.5 * 1024 * 1024);
  });

  it('reads clients with scopes as a list or a space-separated string', () => {
    const c = withFile('clients:\n  - {client_id: a, client_secret: s, scopes: "identity:read_identity events:read_event"}\n  - {client_id: b, client_secret: t}\n');
    expect(c.clients).toEqual([
      { client_id: 'a', client_secret: 's', scopes: ['identity:read_identity', 'events:read_event'] },
      { client_id: 'b', client_secret: 't', scopes: DEFAULT_CLIENT.scopes },
    ]);
  });

  it('treats an empty config file as no settings', () => {
    expect(withFile('').port).toBe(4010);
  });
});

describe('loadConfig errors', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['an unknown flag', () => loadConfig({ argv: ['--colour', 'red'] }), /unknown option --colour/],
    ['a flag without its value', () => loadConfig({ argv: ['--port'] }), /--port needs a value/],
    ['a compaction threshold that is not a size', () => loadConfig({ env: { PAXOS_SIM_COMPACT_AFTER: 'lots' } }), /^storage_compact_after must be a size such as 8MB or a number of bytes from 1024 to \d+, got "lots"$/],
    ['a compaction threshold below 1 KB', () => loadConfig({ env: { PAXOS_SIM_COMPACT_AFTER: '10' } }), /^storage_compact_after must be a size/],
    ['an fsync setting that is not a boolean', () => loadConfig({ env: { PAXOS_SIM_FSYNC: 'always' } }), /^storage_fsync must be true or false, got "always"$/],
    ['a port that is not a number', () => loadConfig({ argv: ['--port', 'abc'] }), /port must be a number from 0 to 65535, got "abc"/],
    ['a port out of range', () => loadConfig({ argv: ['--port', '70000'] }), /port must be a number from 0 to 65535/],
    ['a fractional port', () => loadConfig({ argv: ['--port', '80.5'] }), /port must be a whole number/],
    ['an unknown log level', () => loadConfig({ argv: ['--log-level', 'loud'] }), /log-level must be one of silent, error, warn, info, debug, got "loud"/],
    ['a bad PAXOS_SIM_PORT', () => loadConfig({ env: { PAXOS_SIM_PORT: 'abc', PAXOS_SIM_MEMORY: 'true' } }), /^port must be a number from 0 to 65535, got "abc"$/],
    ['an unknown flag without a value', () => loadConfig({ argv: ['--colour'] }), /^unknown option --colour$/],
    ['a bad boolean', () => loadConfig({ env: { PAXOS_SIM_RESET: 'maybe' } }), /reset must be true or false, got "maybe"/],
    ['a bad storage', () => loadConfig({ env: { PAXOS_SIM_STORAGE: 'redis' } }), /storage must be "file" or "memory", got "redis"/],
    ['a bad duration', () => loadConfig({ argv: ['--review-delay', 'soon'] }), /review-delay must be a duration such as "5s", "10m", "24h", got "soon"/],
    ['an unreadable config file', () => loadConfig({ argv: ['--config', 'nope.yaml'], readFile: () => { throw Object.assign(new Error('x'), { code: 'ENOENT' }); } }), /cannot read config file nope.yaml: ENOENT/],
    ['a config file that is not YAML', () => withFile('port: [1, 2'), /config file sim.yaml is not valid YAML\/JSON/],
    ['a config file that is a list', () => withFile('- 1\n- 2\n'), /config file sim.yaml must hold an object/],
    ['an empty client list', () => withFile('clients: []\n'), /clients must be a non-empty list/],
    ['a client that is not an object', () => withFile('clients: [1]\n'), /clients\[0\] must be an object/],
    ['a client without an id', () => withFile('clients: [{client_secret: s}]\n'), /clients\[0\].client_id must be a non-empty string/],
    ['a client without a secret', () => withFile('clients: [{client_id: a}]\n'), /clients\[0\].client_secret must be a non-empty string/],
    ['a client listed twice', () => withFile('clients: [{client_id: a, client_secret: s}, {client_id: a, client_secret: t}]\n'), /clients\[1\].client_id "a" is listed twice/],
    ['scopes that are not strings', () => withFile('clients: [{client_id: a, client_secret: s, scopes: [1]}]\n'), /clients\[0\].scopes must be a list of scope names/],
    ['consumers that are not a list', () => withFile('webhooks: {consumers: 3}\n'), /webhooks.consumers must be a list/],
    ['a consumer that is not an object', () => withFile('webhooks: {consumers: [3]}\n'), /webhooks.consumers\[0\] must be an object/],
    ['a consumer URL that is not http(s)', () => withFile('webhooks: {consumers: [{url: "ftp://x"}]}\n'), /^webhooks\.consumers\[0\]\.url must be an http\(s\) URL$/],
    ['consumer event types that are not a list', () => withFile('webhooks: {consumers: [{url: "http://a.test", event_types: "x"}]}\n'), /^webhooks\.consumers\[0\]\.event_types must be an array of strings$/],
    ['an unknown consumer event type', () => withFile('webhooks: {consumers: [{url: "http://a.test", event_types: [identity.frozen]}]}\n'), /^webhooks\.consumers\[0\]\.event_types\[0\] must be one of identity\.approved/],
    ['an api_key auth without its value', () => withFile('webhooks: {consumers: [{url: "http://a.test", auth: {type: api_key, header: X}}]}\n'), /^webhooks\.consumers\[0\]\.auth\.value is required$/],
    ['an oauth auth without a token URL', () => withFile('webhooks: {consumers: [{url: "http://a.test", auth: {type: oauth, client_id: a, client_secret: b}}]}\n'), /^webhooks\.consumers\[0\]\.auth\.token_url is required$/],
    ['an oauth auth whose token URL is not http(s)', () => withFile('webhooks: {consumers: [{url: "http://a.test", auth: {type: oauth, token_url: "ftp://t.test", client_id: a, client_secret: b}}]}\n'), /^webhooks\.consumers\[0\]\.auth\.token_url must be an http\(s\) URL$/],
    ['an oauth auth without credentials', () => withFile('webhooks: {consumers: [{url: "http://a.test", auth: {type: oauth, token_url: "http://t.test"}}]}\n'), /^webhooks\.consumers\[0\]\.auth\.client_id is required$/],
    ['an unknown auth type', () => withFile('webhooks: {consumers: [{url: "http://a.test", auth: {type: basic}}]}\n'), /^webhooks\.consumers\[0\]\.auth\.type must be one of api_key, oauth$/],
    // The same rules as POST /_sim/webhooks/consumers (webhooks/consumer-input.ts), unknown fields included.
    ['an unknown consumer field', () => withFile('webhooks: {consumers: [{url: "http://a.test", secret: x}]}\n'), /^webhooks\.consumers\[0\]\.secret is not a known consumer field$/],
    ['a malformed --webhook-header', () => loadConfig({ argv: ['--webhook-url', 'http://a.test', '--webhook-header', 'no colon'] }), /--webhook-header must look like 'Name: value', got "no colon"/],
    ['a retry factor out of range', () => withFile('webhooks: {retry: {factor: 50}}\n'), /webhooks.retry.factor must be a number from 1 to 10/],
    ['a clock start that is not a date', () => withFile('clock: {start: yesterday}\n'), /clock.start must be an RFC 3339 date-time, got "yesterday"/],
    ['a token lifetime that is not a number', () => withFile('token_ttl_seconds: long\n'), /token_ttl_seconds must be a number/],
  ];
  it.each(cases)('rejects %s with one clear message', (_name, run, message) => {
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(message);
  });
});

describe('parseArgs', () => {
  it('separates positional arguments from flags and keeps repeated flags', () => {
    const { flags, positional } = parseArgs(['demo', 'kyc-refresh', '--seed', '7', '--reset', '--webhook-url=a', '--webhook-url', 'b']);
    expect(positional).toEqual(['demo', 'kyc-refresh']);
    expect(flags.get('seed')).toEqual(['7']);
    expect(flags.get('reset')).toEqual(['true']);
    expect(flags.get('webhook-url')).toEqual(['a', 'b']);
  });
});
