import { z } from 'zod';

/**
 * Injected faults for tests and rehearsals. Rules are tried in order for each request they match; latency
 * from every matching rule adds up, and the first rule whose error/429/lost-response effect fires decides
 * the outcome. All randomness comes from one seeded PRNG, so a given seed and request sequence always
 * produce the same faults.
 */

const status5xx = z.union([z.literal(500), z.literal(503), z.literal(504)]);
const rate = z.number().min(0).max(1);
/**
 * Latency is bounded: a delay past the clients' own timeouts (the activities give up after 2 minutes) tests
 * nothing, and `fixedMs: 1e12` would hold every matching request (and its socket) for 31 years.
 */
export const MAX_LATENCY_MS = 120_000;
const latencyMs = z
  .number()
  .min(0)
  .max(MAX_LATENCY_MS, { error: `must be at most ${MAX_LATENCY_MS} ms (two minutes)` });

export const faultRuleSchema = z
  .object({
    /** Optional label, shown in the request log when the rule fires. */
    name: z.string().optional(),
    match: z
      .object({
        /** One method or a list; any when absent. */
        method: z.union([z.string(), z.array(z.string())]).optional(),
        /** Path glob: `*` = one segment's characters, `**` = anything. Any `/api/v2/**` path when absent. */
        path: z.string().optional(),
      })
      .strict()
      .optional(),
    /** Skip this many matching requests before the rule starts to act. */
    after: z.number().int().min(0).optional(),
    /** Act on at most this many requests, then stay inert. Unlimited when absent. */
    times: z.number().int().min(1).optional(),
    latency: z.object({ fixedMs: latencyMs, jitterMs: latencyMs.optional() }).strict().optional(),
    error: z.object({ rate: rate.optional(), status: status5xx.optional() }).strict().optional(),
    rateLimit: z
      .object({ rate: rate.optional(), retryAfterSeconds: z.number().int().min(1).max(3600).optional() })
      .strict()
      .optional(),
    /** Run the handler (the write happens), then answer 5xx or destroy the socket instead of the real response. */
    loseResponse: z
      .object({
        rate: rate.optional(),
        mode: z.enum(['status', 'drop']).optional(),
        status: status5xx.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const faultConfigSchema = z
  .object({
    seed: z.number().int().optional(),
    rules: z.array(faultRuleSchema),
  })
  .strict();

export type FaultRule = z.infer<typeof faultRuleSchema>;
export type FaultConfig = z.infer<typeof faultConfigSchema>;

export type FaultOutcome =
  | { kind: 'none' }
  | { kind: 'error'; status: 500 | 503 | 504 }
  | { kind: 'rateLimit'; retryAfterSeconds: number }
  | { kind: 'loseResponse'; mode: 'status' | 'drop'; status: 500 | 503 | 504 };

export interface FaultDecision {
  latencyMs: number;
  outcome: FaultOutcome;
  rule?: string;
}

/** mulberry32: tiny, fast, good enough for reproducible test faults. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function globToRegex(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*' && glob[i + 1] === '*') {
      out += '.*';
      i++;
    } else if (ch === '*') out += '[^/]*';
    else out += ch.replace(/[.+?^$(){}|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}/?$`);
}

const TOKEN_PATH = '/oauth/token';

const NO_FAULT: FaultDecision = Object.freeze({
  latencyMs: 0,
  outcome: Object.freeze({ kind: 'none' as const }),
});

interface CompiledRule {
  rule: FaultRule;
  label: string;
  methods?: string[];
  path?: RegExp;
  matched: number;
  acted: number;
}

export class FaultInjector {
  private rules: CompiledRule[] = [];
  private random: () => number = mulberry32(1);
  private config: FaultConfig = { rules: [] };

  constructor(private readonly defaultSeed: number) {
    this.set({ rules: [] });
  }

  /** Replaces every rule and reseeds the PRNG (with `config.seed`, else the start-up seed). */
  set(config: FaultConfig): void {
    this.config = config;
    this.random = mulberry32(config.seed ?? this.defaultSeed);
    this.rules = config.rules.map((rule, i) => {
      const m = rule.match;
      return {
        rule,
        label: rule.name ?? `rule ${i}`,
        methods: m?.method === undefined ? undefined : [m.method].flat().map((x) => x.toUpperCase()),
        path: m?.path === undefined ? undefined : globToRegex(m.path),
        matched: 0,
        acted: 0,
      };
    });
  }

  get(): FaultConfig & { counters: { name: string; matched: number; acted: number }[] } {
    return {
      ...this.config,
      counters: this.rules.map((r) => ({ name: r.label, matched: r.matched, acted: r.acted })),
    };
  }

  clear(): void {
    this.set({ rules: [] });
  }

  decide(method: string, path: string): FaultDecision {
    // Without rules (the usual case) every request gets the same answer; no need to build one each time.
    if (this.rules.length === 0) return NO_FAULT;
    let latencyMs = 0;
    let outcome: FaultOutcome = { kind: 'none' };
    let fired: string | undefined;
    for (const c of this.rules) {
      if (!this.matches(c, method, path)) continue;
      c.matched += 1;
      if (c.matched <= (c.rule.after ?? 0)) continue;
      if (c.rule.times !== undefined && c.acted >= c.rule.times) continue;
      let acted = false;
      const lat = c.rule.latency;
      if (lat) {
        latencyMs += lat.fixedMs + (lat.jitterMs ? this.random() * lat.jitterMs : 0);
        acted = true;
      }
      if (outcome.kind === 'none') {
        const effect = this.effect(c.rule);
        if (effect.kind !== 'none') {
          outcome = effect;
          fired = c.label;
          acted = true;
        }
      }
      if (acted) c.acted += 1;
    }
    return { latencyMs: Math.round(latencyMs), outcome, rule: fired };
  }

  private matches(c: CompiledRule, method: string, path: string): boolean {
    if (c.methods && !c.methods.includes(method)) return false;
    if (path === TOKEN_PATH) {
      // The token endpoint is only faulted by a rule whose path names it.
      return c.path !== undefined && (c.rule.match?.path ?? '').includes(TOKEN_PATH) && c.path.test(path);
    }
    if (!c.path) return path.startsWith('/api/v2/');
    return c.path.test(path);
  }

  private fires(rateValue: number | undefined): boolean {
    const r = rateValue ?? 1;
    if (r >= 1) return true;
    if (r <= 0) return false;
    return this.random() < r;
  }

  private effect(rule: FaultRule): FaultOutcome {
    if (rule.error && this.fires(rule.error.rate)) return { kind: 'error', status: rule.error.status ?? 503 };
    if (rule.rateLimit && this.fires(rule.rateLimit.rate)) {
      return { kind: 'rateLimit', retryAfterSeconds: rule.rateLimit.retryAfterSeconds ?? 1 };
    }
    if (rule.loseResponse && this.fires(rule.loseResponse.rate)) {
      return {
        kind: 'loseResponse',
        mode: rule.loseResponse.mode ?? 'status',
        status: rule.loseResponse.status ?? 504,
      };
    }
    return { kind: 'none' };
  }
}
