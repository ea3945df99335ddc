import { pino } from 'pino';
import type { ApiAuth } from '../../config/load-config.js';
import type { SystemeEvent } from '../../events/systeme-event.js';
import { MatonConnectionError, NetworkError, RateLimitedError, ServerError, TimeoutError, UnauthorizedError } from '../../gateway/errors.js';
import { createGateway } from '../../gateway/gateway.js';
import { createPlaceholders } from '../../gateway/recording/placeholders.js';
import { recordingFetch, type RecordedCall } from '../../gateway/recording/recording-fetch.js';
import type { CompiledAction } from '../../rules/render-template.js';
import { createEventView } from '../event-view.js';
import type { ReactionDeps } from '../reaction-deps.js';
import { assumedAccount } from './assumed-account.js';
import type { AssumedState } from './assumed-state.js';

/** The API calls one action would make for one event: its reads, then the writes they call for. */
export interface PlannedCalls {
  reads: string[];
  writes: string[];
  /** Why the action would write nothing, or cannot run. */
  note?: string;
  /** With `resolve`: the API could not be read (a refused key, no answer), so this plan is not the account's. */
  apiFailure?: string;
}

export interface PlanOptions {
  /** Look tag names up in the real API (reads only): `rules explain --resolve`. Default: assume every tag exists. */
  resolve?: { baseUrl: string; auth: ApiAuth; timeoutMs?: number };
}

/** Plans the actions of one event in turn, sharing what they read, as the worker's actions do. */
export interface PlanSession {
  plan(step: CompiledAction): Promise<PlannedCalls>;
}

const PLAN_BASE_URL = 'http://plan.invalid';
const NOT_USED = { mode: 'direct', apiKey: 'not-sent' } as const;

/** What the steps assume together: the account holds everything any of them would take away. */
export function assumedFor(steps: readonly CompiledAction[], event: SystemeEvent): AssumedState {
  const state: Required<AssumedState> = { contactTags: [], enrollments: [], memberships: [], subscriptions: [] };
  for (const step of steps) {
    const rendered = step.render(event.data);
    if (!rendered.ok) continue;
    const assumed = step.module.assume?.(rendered.action, event) ?? {};
    state.contactTags.push(...(assumed.contactTags ?? []));
    state.enrollments.push(...(assumed.enrollments ?? []));
    state.memberships.push(...(assumed.memberships ?? []));
    state.subscriptions.push(...(assumed.subscriptions ?? []));
  }
  return state;
}

/**
 * Runs actions' real reactions against a gateway that sends no write: every call is recorded,
 * reads are answered from what the account is assumed to hold (`state`), writes as the API would
 * accept them. The actions share one view of the contact, like one event's actions in the worker,
 * so a read one action made does not show again for the next. Nothing is written anywhere.
 */
export function createPlanSession(event: SystemeEvent, state: AssumedState, options: PlanOptions = {}): PlanSession {
  const placeholders = createPlaceholders();
  let calls: RecordedCall[] = [];
  const realFetch = globalThis.fetch;
  const read = assumedAccount({
    state,
    contact: event.data.contact,
    placeholders,
    ...(options.resolve ? { lookUpTags: (url: URL, init: RequestInit) => realFetch(url, init) } : {}),
  });
  const gateway = createGateway({
    baseUrl: options.resolve?.baseUrl ?? PLAN_BASE_URL,
    auth: options.resolve?.auth ?? NOT_USED,
    retries: 0,
    ...(options.resolve?.timeoutMs === undefined ? {} : { timeoutMs: options.resolve.timeoutMs }),
    fetch: recordingFetch({ read, record: (call) => calls.push(call), placeholders }),
  });
  const deps = planDeps(gateway);
  return {
    async plan(step) {
      calls = [];
      const rendered = step.render(event.data);
      if (!rendered.ok) return { reads: [], writes: [], note: `cannot run for this event: ${rendered.reason}` };
      let note: string | undefined;
      let apiFailure: string | undefined;
      try {
        const outcome = await step.module.run(rendered.action, event, deps);
        if (outcome === 'already') note = 'no write: the contact is already as wanted';
        if (outcome === 'skipped') note = 'no write: nothing applies to this contact';
      } catch (error) {
        note = `cannot run: ${error instanceof Error ? error.message : String(error)}`;
        if (options.resolve && readFailed(error)) apiFailure = (error as Error).message;
      }
      return {
        reads: calls.filter((call) => call.method === 'GET').map((call) => call.text),
        writes: calls.filter((call) => call.method !== 'GET').map((call) => call.text),
        ...(note === undefined ? {} : { note }),
        ...(apiFailure === undefined ? {} : { apiFailure }),
      };
    },
  };
}

/** The calls of one action alone (its own view, its own assumptions). */
export function planCalls(step: CompiledAction, event: SystemeEvent, options: PlanOptions = {}): Promise<PlannedCalls> {
  return createPlanSession(event, assumedFor([step], event), options).plan(step);
}

/** A dry run with nothing shared: no cache (every lookup shows), no intents, no ledger. */
function planDeps(gateway: ReactionDeps['gateway']): ReactionDeps {
  return {
    gateway,
    tagCache: { get: async () => undefined, set: async () => undefined, forget: async () => undefined, lockCreation: async () => async () => undefined },
    intents: { record: async () => false },
    ledger: { done: async () => new Set(), mark: async () => undefined, complete: async () => undefined },
    view: createEventView(gateway),
    dryRun: true,
    log: pino({ level: 'silent' }),
    signal: new AbortController().signal,
  };
}

/** A real read that failed for a reason of the API or the key, not of the action: `rules explain --resolve` then exits 1. */
function readFailed(error: unknown): boolean {
  return [UnauthorizedError, MatonConnectionError, NetworkError, TimeoutError, ServerError, RateLimitedError].some((type) => error instanceof type);
}
