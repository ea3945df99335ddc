import { z } from 'zod';
import { apiIdSchema, inputIdSchema } from './common.js';

export const courseSchema = z.looseObject({
  id: apiIdSchema,
  name: z.string(),
  active: z.boolean().optional(),
  locale: z.string().optional(),
  path: z.string().optional(),
  domainName: z.string().nullish(),
  // OpenAPI marks module ids and names nullable.
  modules: z.array(z.looseObject({ id: apiIdSchema.nullish(), name: z.string().nullish() })).default([]),
});

export type Course = z.output<typeof courseSchema>;

export const enrollmentSchema = z.looseObject({
  id: apiIdSchema,
  contact: z.looseObject({ id: apiIdSchema, email: z.string().optional() }),
  course: z.looseObject({ id: apiIdSchema, name: z.string().optional() }),
  accessType: z.string().optional(),
  active: z.boolean().optional(),
});

export type Enrollment = z.output<typeof enrollmentSchema>;

export const ACCESS_TYPES = ['full_access', 'partial_access', 'dripping_content'] as const;

export type AccessType = (typeof ACCESS_TYPES)[number];

/** OpenAPI `Enrollment.EnrollmentInput`: modules are required for partial access. */
export const enrollmentCreateSchema = z
  .object({
    contactId: inputIdSchema,
    accessType: z.enum(ACCESS_TYPES),
    modules: z.array(inputIdSchema).optional(),
  })
  .refine((input) => input.accessType !== 'partial_access' || (input.modules?.length ?? 0) > 0, {
    message: 'list the module ids to open when accessType is partial_access',
    path: ['modules'],
  });

export type EnrollmentCreate = z.input<typeof enrollmentCreateSchema>;
