/**
 * What each background service of the stack may see of the user's environment: an explicit allowlist per service.
 *
 * Why: the services outlive the command that started them and write logs; the user's shell usually holds
 * GENESYS_CLIENT_SECRET, HYBRID_KEY_PASSWORD and other secrets (cloud keys, tokens) that none of them needs; the
 * provisioning CLI resolves the spec's secrets itself and sends them encrypted. A process that never has a secret
 * cannot leak it through a crash dump, `/proc/<pid>/environ` or a child it starts.
 */
import { DATA_DIR_ENV } from '../codec/local-secret-file.js';
import { KEY_ENV, KEY_FILE_ENV } from '../codec/keys.js';

/** Every process needs these to run at all: where programs are, whose they are, the locale and time zone. */
const PROCESS_BASICS = ['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR', 'SYSTEMROOT'];
/** Node processes: its options and extra CA certificates (a corporate proxy's root). */
const NODE_BASICS = ['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS', 'UV_THREADPOOL_SIZE'];
/** A process that calls out to the internet (the worker, to Genesys Cloud) goes through the user's proxy. */
const OUTBOUND_NETWORK = [
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
];
/** The payload codec's key, found in the stack's data directory or given by the user. */
const CODEC_KEY = [DATA_DIR_ENV, KEY_ENV, KEY_FILE_ENV];

/** Variables each service is given, by name; `LC_*` (locale categories) go to every service, see the prefixes below. */
export const SERVICE_ENV_ALLOWLIST = {
  temporal: [...PROCESS_BASICS],
  emulator: [...PROCESS_BASICS, ...NODE_BASICS],
  codec: [...PROCESS_BASICS, ...NODE_BASICS, ...CODEC_KEY],
  worker: [
    ...PROCESS_BASICS,
    ...NODE_BASICS,
    ...OUTBOUND_NETWORK,
    ...CODEC_KEY,
    'HYBRID_TASK_QUEUE',
    'HYBRID_TEMPORAL_UI',
    // The worker's own settings (README: metrics, traces and logs; scale-out; storms).
    'HYBRID_LOG_FORMAT',
    'HYBRID_GENESYS_REQUESTS_PER_MINUTE',
    'HYBRID_SHUTDOWN_GRACE_TIME',
    'HYBRID_CONSISTENCY_BOUND_MS',
  ],
} as const;

/** Families of variables a service takes whole: OpenTelemetry's exporter settings (OTEL_EXPORTER_OTLP_*, ...). */
const SERVICE_ENV_PREFIXES: Readonly<Record<ServiceWithEnv, readonly string[]>> = {
  temporal: ['LC_'],
  emulator: ['LC_'],
  codec: ['LC_'],
  worker: ['LC_', 'OTEL_'],
};

export type ServiceWithEnv = keyof typeof SERVICE_ENV_ALLOWLIST;

/** Only the variables `service` is allowed, from `base`; anything else (secrets included) stays behind. */
export function serviceEnv(service: ServiceWithEnv, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const allowed = new Set<string>(SERVICE_ENV_ALLOWLIST[service]);
  const prefixes = SERVICE_ENV_PREFIXES[service];
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (value !== undefined && (allowed.has(key) || prefixes.some((p) => key.startsWith(p))))
      env[key] = value;
  }
  return env;
}
