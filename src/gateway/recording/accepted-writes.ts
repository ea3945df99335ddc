import type { Placeholders } from './placeholders.js';

/** A write that was not sent, as the request the gateway made. */
export interface WriteRequest {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
}

/**
 * The answer the API gives when it accepts a write (docs/systeme-io.md#operations), made up for a write that was
 * only recorded: what it creates gets a placeholder id. Writes whose answer is not read get 204.
 */
export function acceptedWrite(request: WriteRequest, placeholders: Placeholders): Response {
  const { method, path, body = {} } = request;
  const segments = path.split('/');
  if (method === 'POST' && path === '/api/tags') {
    return json(201, { id: placeholders.create(`<id of ${JSON.stringify(body.name)}>`), name: body.name });
  }
  if (method === 'PUT' && /^\/api\/tags\/\d+$/.test(path)) return json(200, { id: Number(segments[3]), name: body.name });
  if (method === 'POST' && path === '/api/contacts') {
    return json(201, { id: placeholders.create('<id of the new contact>'), email: body.email, fields: [], tags: [] });
  }
  if (method === 'PATCH' && /^\/api\/contacts\/\d+$/.test(path)) {
    return json(200, { id: Number(segments[3]), email: '', fields: body.fields ?? [], tags: [] });
  }
  const course = /^\/api\/school\/courses\/(\d+)\/enrollments$/.exec(path);
  if (method === 'POST' && course) {
    const id = placeholders.create('<id of the new enrollment>');
    return json(201, { id, contact: { id: body.contactId }, course: { id: Number(course[1]) }, accessType: body.accessType });
  }
  return new Response(null, { status: method === 'POST' && path.endsWith('/memberships') ? 202 : 204 });
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
