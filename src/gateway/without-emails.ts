const EMAIL = /[^\s@"'<>()[\]{},;:]+@[^\s@"'<>()[\]{},;:]+\.[A-Za-z]{2,}/g;

/**
 * The API's error text with every email address replaced by `[email]`: a 422 may quote the value
 * it refused, and error messages end up in logs and in failed jobs' reasons.
 */
export function withoutEmails(text: string): string {
  return text.replace(EMAIL, '[email]');
}
