import type { Job, Queue } from 'bullmq';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { EVENT_TYPES } from '../events/event-types.js';
import { parseDuration } from '../config/units.js';
import type { HistoryReader } from '../history/history-store.js';
import { lookupHistory } from '../history/lookup.js';
import { ADMIN_BASE_PATH } from './admin-board.js';
import { ADMIN_PREFIX, type AdminMount } from './admin-plugin.js';
import { HISTORY_CSS } from './history-page-css.js';
import { HISTORY_CSS_PATH, HISTORY_PATH, historyPage, RETRY_PATH, SINCE_CHOICES, type HistoryPageModel } from './history-page.js';
import { href, html } from './html.js';

export interface AdminHistoryOptions {
  history: HistoryReader;
  /** The event queue: the state of failed jobs. */
  queue: Queue;
  /** Puts a job that failed for good back in the queue (the `failed retry` command's retry). */
  retry(job: Job): Promise<{ retried: true } | { retried: false; state: string }>;
}

const jobId = z.string().regex(/^[\w:.-]{1,100}$/, 'not a job id');
const pageQuery = z.object({
  q: z.string().max(320).default(''),
  event: z.union([z.literal(''), z.enum(EVENT_TYPES)]).default(''),
  since: z.union([z.literal(''), z.enum(SINCE_CHOICES)]).default(''),
  retried: jobId.optional(),
  unchanged: jobId.optional(),
});
const retryForm = z.object({ job: jobId, q: z.string().max(320).default('') });

// The admin guard adds the security headers (CSP, no-store, no framing) to every admin answer.
const PAGE_HEADERS = { 'content-type': 'text/html; charset=utf-8' };

/** A route of the page, relative to the admin scope it is mounted in (`/admin`). */
const inScope = (path: string) => path.slice(ADMIN_PREFIX.length) || '/';

/**
 * The contact history page at `/admin` (server-rendered, readable without JavaScript): search by
 * email or contact id, the timeline newest first, links to the jobs in the queue dashboard, and a
 * retry button on a delivery that failed for good (as `failed retry`). Mount it with
 * `adminPlugin`, which puts it behind the admin token and the admin guard.
 */
export function historyPageMount(options: AdminHistoryOptions): AdminMount {
  const board = { path: ADMIN_BASE_PATH, queue: options.queue.name };
  const send = (reply: FastifyReply, status: number, model: Partial<HistoryPageModel>) =>
    reply
      .code(status)
      .headers(PAGE_HEADERS)
      .send(historyPage({ query: '', event: undefined, since: undefined, result: undefined, jobStates: new Map(), notice: undefined, board, ...model }));

  return async (app) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );

    app.get(inScope(HISTORY_CSS_PATH), async (_request, reply) =>
      reply.header('content-type', 'text/css; charset=utf-8').send(HISTORY_CSS),
    );

    app.get(inScope(HISTORY_PATH), async (request, reply) => {
      const parsed = pageQuery.safeParse(request.query);
      if (!parsed.success) {
        return send(reply, 400, { notice: html`Bad search: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}` });
      }
      const { q, event, since, retried, unchanged } = parsed.data;
      const notice = retried
        ? html`Job ${retried} is back in the queue; reload to see it run.`
        : unchanged
          ? html`Job ${unchanged} was not retried: it is no longer failed.`
          : undefined;
      const model = { query: q, event: event || undefined, since: since || undefined, notice };
      if (q.trim() === '') return send(reply, 200, model);
      const sinceMs = since ? parseDuration(since) : undefined;
      const result = await lookupHistory(options.history, q, {
        ...(sinceMs ? { since: Date.now() - sinceMs } : {}),
        ...(event ? { event } : {}),
      });
      const jobStates = new Map<string, string>();
      if (result.kind === 'found') {
        for (const group of result.timeline.deliveries) {
          const last = group.jobIds.at(-1);
          if (group.status === 'failed' && last) jobStates.set(last, await options.queue.getJobState(last));
        }
      }
      return send(reply, result.kind === 'invalid' ? 400 : 200, { ...model, result, jobStates });
    });

    app.post(inScope(RETRY_PATH), async (request, reply) => {
      const parsed = retryForm.safeParse(request.body ?? {});
      if (!parsed.success) return send(reply, 400, { notice: html`Nothing retried: the form did not name a job.` });
      const { job: id, q } = parsed.data;
      const job = await options.queue.getJob(id);
      const result = job ? await options.retry(job) : { retried: false as const, state: 'gone' };
      request.log.info({ jobId: id, retried: result.retried }, 'retry from the history page');
      // Post/redirect/get: reloading the page does not retry again.
      return reply.redirect(href(HISTORY_PATH, { q, ...(result.retried ? { retried: id } : { unchanged: id }) }), 303);
    });
  };
}
