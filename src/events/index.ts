export * from './event-types.js';
export * from './contact-schema.js';
export * from './payload-schemas.js';
export * from './normalise.js';
export * from './job-data.js';
export * from './systeme-event.js';
export * from './business-key.js';
