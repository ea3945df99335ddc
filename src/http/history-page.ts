import { EVENT_TYPES } from '../events/event-types.js';
import { describeStep } from '../history/format-timeline.js';
import type { LookupResult } from '../history/lookup.js';
import type { DeliveryGroup } from '../history/timeline.js';
import { html, type Html } from './html.js';

export const HISTORY_PATH = '/admin';
export const HISTORY_CSS_PATH = '/admin/history.css';
export const RETRY_PATH = '/admin/retry';
export const SINCE_CHOICES = ['1h', '24h', '7d', '30d'] as const;

export interface HistoryPageModel {
  query: string;
  event: string | undefined;
  since: string | undefined;
  result: LookupResult | undefined;
  /** Current state of the job of each delivery that failed for good, by job id. */
  jobStates: ReadonlyMap<string, string>;
  notice: Html | undefined;
  /** Where Bull Board lives, and the queue's name in it. */
  board: { path: string; queue: string };
}

const utc = (t: number) => `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
const clock = (t: number) => new Date(t).toISOString().slice(11, 23);

function searchForm(model: HistoryPageModel): Html {
  const option = (value: string, label: string, selected: string | undefined) =>
    html`<option value="${value}"${selected === value ? html` selected` : ''}>${label}</option>`;
  return html`<form class="search" method="get" action="${HISTORY_PATH}" role="search">
  <label class="grow">Contact <input name="q" type="search" value="${model.query}" placeholder="email or contact id" required></label>
  <label>Event <select name="event">${option('', 'any', model.event ?? '')}${EVENT_TYPES.map((event) => option(event, event, model.event))}</select></label>
  <label>Since <select name="since">${option('', 'kept history', model.since ?? '')}${SINCE_CHOICES.map((since) => option(since, `last ${since}`, model.since))}</select></label>
  <button type="submit">Search</button>
</form>`;
}

function retryControl(group: DeliveryGroup, model: HistoryPageModel): Html | undefined {
  const jobId = group.jobIds.at(-1);
  if (group.status !== 'failed' || jobId === undefined) return undefined;
  const state = model.jobStates.get(jobId);
  if (state === 'failed') {
    return html`<form class="retry" method="post" action="${RETRY_PATH}">
      <input type="hidden" name="job" value="${jobId}"><input type="hidden" name="q" value="${model.query}">
      <button type="submit">Retry job</button></form>`;
  }
  return html`<p class="job-state">Job is now ${state ?? 'gone (purged or expired)'}.</p>`;
}

function deliveryCard(group: DeliveryGroup, model: HistoryPageModel): Html {
  const jobLinks = group.jobIds.map(
    (jobId) => html`<a href="${`${model.board.path}/queue/${encodeURIComponent(model.board.queue)}/${encodeURIComponent(jobId)}`}">${jobId}</a> `,
  );
  return html`<article class="delivery status-${group.status}">
  <header>
    <h3><span class="event">${group.event}</span> <time datetime="${new Date(group.at).toISOString()}">${utc(group.at)}</time></h3>
    <span class="badge tone-${statusTone(group.status)}">${group.status}</span>
  </header>
  <p class="meta">message <code>${group.messageId}</code>${group.jobIds.length > 0 ? html` · job ${jobLinks}` : ''}</p>
  ${retryControl(group, model)}
  <ol class="steps">${group.steps.map((step) => {
    const line = describeStep(step);
    return html`<li class="step kind-${step.kind} tone-${line.tone}"><time>${clock(step.t)}</time><span class="label">${line.label}</span><span class="text">${line.text}</span></li>`;
  })}</ol>
</article>`;
}

function statusTone(status: string): string {
  if (status === 'completed' || status === 'queued') return 'ok';
  if (status === 'failed' || status === 'invalid_payload') return 'bad';
  if (status === 'skipped') return 'muted';
  return 'warn';
}

function results(model: HistoryPageModel): Html {
  const result = model.result;
  if (!result) return html`<p class="hint">Search a contact by email (as in its last delivery) or by its Systeme.io contact id.</p>`;
  if (result.kind !== 'found') return html`<p class="empty">${result.message}</p>`;
  const { timeline } = result;
  const count = timeline.deliveries.length;
  return html`<section class="contact">
  <h2>${timeline.name ?? timeline.email ?? `Contact ${timeline.contactId}`}</h2>
  <p>${timeline.email && timeline.name ? html`${timeline.email} · ` : ''}contact ${timeline.contactId} · ${count} deliver${count === 1 ? 'y' : 'ies'}, newest first</p>
</section>
${timeline.deliveries.map((group) => deliveryCard(group, model))}`;
}

/** The whole page: no script, one stylesheet from the same origin, every value escaped by `html`. */
export function historyPage(model: HistoryPageModel): string {
  const title = model.result?.kind === 'found' ? `${model.query} · history` : 'Contact history';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · systeme-hooks</title>
<link rel="stylesheet" href="${HISTORY_CSS_PATH}">
</head>
<body>
<header class="top"><span class="brand">systeme-hooks</span>
<nav><a href="${HISTORY_PATH}" aria-current="page">Contact history</a> <a href="${`${model.board.path}`}">Queue dashboard</a></nav></header>
<main>
<h1>Contact history</h1>
${searchForm(model)}
${model.notice ? html`<p class="notice" role="status">${model.notice}</p>` : ''}
${results(model)}
</main>
</body>
</html>
`.text;
}
