/** Locales the OpenAPI's contact schema enumerates. */
export const LOCALES = [
  'en', 'fr', 'es', 'it', 'pt', 'de', 'nl', 'ru', 'jp', 'tr', 'ar', 'zh', 'sv', 'ro', 'cs', 'hu', 'sk', 'dk', 'id', 'pl',
  'el', 'sr', 'hi', 'no', 'th', 'sq', 'sl', 'ua',
] as const;
