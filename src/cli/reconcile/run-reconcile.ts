import { createEventView } from '../../actions/event-view.js';
import { setTimeout as delay } from 'node:timers/promises';
import { createGateway, gatewayOptionsFromConfig } from '../../gateway/index.js';
import { SystemeApiError } from '../../gateway/errors.js';
import { closeRedis } from '../../stores/close-redis.js';
import { createRedisContactLock } from '../../stores/redis-contact-lock.js';
import { createRedisEntitlementBuyers } from '../../stores/redis-entitlement-buyers.js';
import { createRedisIntentLog, createRedisLedger, createRedisTagCache } from '../../stores/redis-stores.js';
import { createThrottle } from '../../worker/throttle.js';
import { CliError, configFor, print, printJson, type CommandIo } from '../command-context.js';
import { connectRedis } from '../failed/redis-connect.js';
import { loadRulesOrFail } from '../rules/load-rules.js';
import { cliLogger } from '../support/cli-logger.js';
import { applyFix, type FixResult } from './apply-fix.js';
import { fixOf, type Fix } from './fixes.js';
import { formatReport } from './format-report.js';
import { plannedCalls } from './plan-fixes.js';
import { createProgressBar, type ProgressTarget } from './progress-bar.js';
import { buildReport } from './reconcile-report.js';
import { scanAll } from './scan-all.js';

export interface ReconcileOptions {
  file?: string;
  apply?: boolean;
  json?: boolean;
  /** A terminal to draw the progress bar on (the CLI passes stderr when it is a TTY). */
  progress?: ProgressTarget;
}

/** How long the ledger remembers a fix's finished steps: long enough for a rerun after a crash. */
export const RECONCILE_LEDGER_TTL_MS = 3_600_000;

/**
 * `systeme-hooks reconcile`: scans, then prints the drift and the calls that would end it, or
 * (--apply) makes them through the workers' reactions, rate limit, contact lock and ledger.
 * Resolves to the exit code: 1 while drift remains.
 */
export async function runReconcile(io: CommandIo, options: ReconcileOptions): Promise<number> {
  const config = configFor(io, ['api']);
  const ruleSet = await loadRulesOrFail(options.file ?? config.worker.rulesFile);
  if (ruleSet.entitlements.length === 0) {
    throw new CliError(`${ruleSet.source} defines no entitlements: add an entitlements: section saying what each price plan grants (docs/reconcile.md)`);
  }
  const redis = await connectRedis(config.redis.endpoint);
  const stop = new AbortController();
  const onSignal = () => stop.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const prefix = config.redis.prefix;
    const logger = cliLogger(config, io, 'reconcile');
    const throttle = createThrottle({ redis, prefix, ...config.api.rateLimit, logger });
    let calls = 0;
    const gateway = createGateway(
      gatewayOptionsFromConfig(config, {
        logger,
        beforeRequest: (_info, signal) => throttle.acquire(AbortSignal.any([signal, stop.signal])),
        sleep: (ms, signal) => delay(ms, undefined, { signal: AbortSignal.any([signal, stop.signal]) }),
        onCall: () => {
          calls += 1;
          throttle.observe(gateway.rateLimit());
        },
      }),
    );
    const buyers = createRedisEntitlementBuyers({ redis, prefix });
    const bar = createProgressBar(options.progress);
    const scans = await scanAll(ruleSet.entitlements, {
      gateway,
      buyers,
      signal: stop.signal,
      ...(bar ? { progress: bar } : {}),
    }).catch((error: unknown) => {
      throw new CliError(`reconcile: the scan stopped, nothing was changed: ${messageOf(error)}`);
    }).finally(() => bar?.done());
    const scanCalls = calls;
    const byName = new Map(ruleSet.entitlements.map((e) => [e.name, e]));
    const fixes: Fix[] = scans.flatMap((scan) => scan.drift.map((drift) => fixOf(drift, byName.get(drift.entitlement)!)));

    let rows: { fix: Fix; calls?: { reads: string[]; writes: string[] }; result?: FixResult }[];
    if (!options.apply) {
      rows = [];
      for (const fix of fixes) rows.push({ fix, calls: await plannedCalls(fix) });
    } else {
      const deps = {
        gateway,
        tagCache: createRedisTagCache({ redis, prefix }),
        intents: createRedisIntentLog({ redis, prefix }),
        ledger: createRedisLedger({ redis, prefix, ttlMs: RECONCILE_LEDGER_TTL_MS }),
        lock: createRedisContactLock({ redis, prefix, logger }),
        buyers,
        dryRun: false,
        log: logger,
        signal: stop.signal,
      };
      rows = [];
      for (const fix of fixes) {
        if (stop.signal.aborted) throw new CliError('reconcile: interrupted; run it again to finish (steps already made are not repeated)');
        // One view per fix, as one per event in the worker: reads shared by its steps, never across contacts.
        const result = await applyFix(fix, { ...deps, view: createEventView(gateway) });
        if (result.outcome === 'failed') logger.warn({ contactId: fix.drift.contactId, entitlement: fix.drift.entitlement, error: result.error }, 'fix failed');
        rows.push({ fix, result });
      }
    }
    const report = buildReport(options.apply ? 'apply' : 'dry_run', scans, rows, { scan: scanCalls, apply: calls - scanCalls });
    if (options.json) printJson(io, report);
    else print(io, formatReport(report));
    return report.remaining > 0 ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await closeRedis(redis);
  }
}

function messageOf(error: unknown): string {
  if (error instanceof SystemeApiError) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}
