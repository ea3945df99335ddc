import type { Placeholders } from '../../gateway/recording/placeholders.js';
import type { AssumedState } from './assumed-state.js';

export interface AssumedAccountOptions {
  state: AssumedState;
  contact: { id: number; email?: string | undefined };
  placeholders: Placeholders;
  /** Looks tag names up in the real API (`rules explain --resolve`); without it every name exists. */
  lookUpTags?: (url: URL, init: RequestInit) => Promise<Response>;
}

/**
 * Answers the reads of a planned action from what `rules explain` assumes the account holds
 * (AssumedState), in the API's own shapes (docs/systeme-io.md#operations), so the reaction takes the path that
 * writes. Ids nobody can know yet are placeholders.
 */
export function assumedAccount(options: AssumedAccountOptions): (url: URL, init: RequestInit) => Promise<Response> {
  const { state, contact, placeholders } = options;
  const tagIds = new Map<string, number>();
  const tagId = (name: string) => {
    let id = tagIds.get(name);
    if (id === undefined) tagIds.set(name, (id = placeholders.create(`<id of ${JSON.stringify(name)}>`)));
    return id;
  };
  const enrollments = (state.enrollments ?? []).map(({ course }) => ({
    id: placeholders.create(`<id of the enrollment in course ${course}>`),
    contact: { id: contact.id },
    course: { id: course },
  }));
  const memberships = (state.memberships ?? []).map(({ community }) => ({
    id: placeholders.create(`<id of the membership of community ${community}>`),
    contact: { id: contact.id },
    community: { id: community },
  }));
  const subscriptions = (state.subscriptions ?? []).map(({ pricePlan, status }) => ({
    id: placeholders.create(`<id of the ${status} subscription on price plan ${pricePlan}>`),
    status,
    pricePlan: { id: pricePlan },
  }));

  /** Asks the real API (`rules explain --resolve`) for tags named like `name`; the one of exactly that name is remembered. */
  const lookUp = async (url: URL, name: string, init: RequestInit): Promise<Response> => {
    const answer = await options.lookUpTags!(url, init);
    const found = (await answer.clone().json().catch(() => undefined)) as { items?: { id?: unknown; name?: unknown }[] } | undefined;
    for (const tag of found?.items ?? []) if (tag.name === name && typeof tag.id === 'number') tagIds.set(name, tag.id);
    return answer;
  };

  /** The id of the account's tag of exactly this name, from one page of the API's search. */
  const accountTagId = async (at: URL, name: string, init: RequestInit): Promise<number | undefined> => {
    if (!tagIds.has(name)) {
      const search = new URL(at.href);
      search.pathname = at.pathname.replace(/\/api\/.*$/, '/api/tags');
      search.search = new URLSearchParams({ query: name, limit: '100' }).toString();
      await lookUp(search, name, { headers: init.headers ?? {}, ...(init.signal ? { signal: init.signal } : {}) });
    }
    return tagIds.get(name);
  };

  return async (url, init) => {
    const path = url.pathname.replace(/^.*?(?=\/api\/)/, '');
    const query = url.searchParams;
    if (path === '/api/tags') {
      const name = query.get('query') ?? '';
      if (!options.lookUpTags) return page([{ id: tagId(name), name }]);
      return lookUp(url, name, init);
    }
    if (path === `/api/contacts/${contact.id}`) {
      const tags: { id: number; name: string }[] = [];
      for (const ref of state.contactTags ?? []) {
        if ('id' in ref) tags.push({ id: ref.id, name: `tag ${ref.id}` });
        else if (!options.lookUpTags) tags.push({ id: tagId(ref.name), name: ref.name });
        else {
          // Resolving: the contact is assumed to hold only tags the account has, under their real ids.
          const id = await accountTagId(url, ref.name, init);
          if (id !== undefined) tags.push({ id, name: ref.name });
        }
      }
      return json(200, { id: contact.id, email: contact.email ?? '', fields: [], tags });
    }
    const course = Number(query.get('course'));
    if (path === '/api/school/enrollments') return page(enrollments.filter((enrollment) => enrollment.course.id === course));
    const community = Number(query.get('community'));
    if (path === '/api/community/memberships') return page(memberships.filter((membership) => membership.community.id === community));
    if (path === '/api/payment/subscriptions') return page(subscriptions);
    return json(404, { title: 'An error occurred', detail: `rules explain assumes nothing about ${path}` });
  };
}

function page(items: unknown[]): Response {
  return json(200, { items, hasMore: false });
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
