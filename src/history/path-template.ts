/** `/api/contacts/123/tags/45` → `/api/contacts/{id}/tags/{id}`: the call's shape, without the ids it carried. */
export function pathTemplate(path: string): string {
  return path
    .split('?')[0]!
    .split('/')
    .map((segment) => (/^\d+$/.test(segment) ? '{id}' : segment))
    .join('/');
}
