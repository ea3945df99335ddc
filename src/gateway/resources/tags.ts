import { checkInput, idSegment } from '../check-input.js';
import { tagInputSchema, tagSchema, type Tag } from '../schemas/tag.js';
import type { CallOptions, ResourceContext } from './context.js';

export type TagsApi = ReturnType<typeof tagsApi>;

export function tagsApi({ transport, paginator }: ResourceContext) {
  function list(filters: { query?: string | undefined } = {}, options: CallOptions = {}): AsyncIterable<Tag> {
    return paginator.list(tagSchema, { operation: 'tags.list', path: '/api/tags', query: { query: filters.query }, signal: options.signal });
  }

  return {
    /** Every tag; `query` is a partial, case-insensitive match done by the API. */
    list,
    /** The tag named exactly `name`, or undefined (the API's `query` also returns near matches). */
    async findByName(name: string, options: CallOptions = {}): Promise<Tag | undefined> {
      for await (const tag of list({ query: name }, options)) {
        if (tag.name === name) return tag;
      }
      return undefined;
    },
    get(id: number, options: CallOptions = {}): Promise<Tag> {
      const path = `/api/tags/${idSegment('tags.get', id)}`;
      return transport.call({ operation: 'tags.get', method: 'GET', path, signal: options.signal }, tagSchema);
    },
    /** What creating an existing name does is undocumented (docs/systeme-io.md#repeated-writes): use findByName first. */
    create(name: string, options: CallOptions = {}): Promise<Tag> {
      const body = checkInput('tags.create', tagInputSchema, { name });
      return transport.call({ operation: 'tags.create', method: 'POST', path: '/api/tags', body, signal: options.signal }, tagSchema);
    },
    rename(id: number, name: string, options: CallOptions = {}): Promise<Tag> {
      const path = `/api/tags/${idSegment('tags.rename', id)}`;
      const body = checkInput('tags.rename', tagInputSchema, { name });
      return transport.call({ operation: 'tags.rename', method: 'PUT', path, body, signal: options.signal }, tagSchema);
    },
    delete(id: number, options: CallOptions = {}): Promise<void> {
      const path = `/api/tags/${idSegment('tags.delete', id)}`;
      return transport.callVoid({ operation: 'tags.delete', method: 'DELETE', path, signal: options.signal });
    },
  };
}
