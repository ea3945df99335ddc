import { z } from 'zod';
import type { SimContext } from '../context.js';
import { CODES, notFound, unprocessable, violation, type Violation } from '../errors.js';
import type { Route } from '../http/router.js';
import { paginate, parsePageQuery } from '../pagination.js';
import { ACCESS_TYPES, type EnrollmentRecord } from '../records.js';
import { parseBody, pathId, queryBool, queryInt } from '../validation.js';
import { courseView, enrollmentView } from '../views.js';

const enrollSchema = z.object({
  contactId: z.number().int().positive(),
  accessType: z.enum(ACCESS_TYPES),
  modules: z.array(z.number().int().positive()).nullish(),
});

export function schoolRoutes(context: SimContext): Route[] {
  const { store } = context;
  return [
    {
      method: 'GET',
      path: '/api/school/courses',
      handler: ({ query }) => {
        const page = parsePageQuery(query);
        const active = queryBool(query, 'active');
        // "Filter by course, lecture or module name": lectures are not simulated.
        const text = query.get('query')?.toLowerCase() ?? '';
        const matching = [...store.courses.values()].filter(
          (course) =>
            (active === undefined || course.active === active) &&
            [course.name, ...course.modules.map((m) => m.name)].some((name) => name.toLowerCase().includes(text)),
        );
        const result = paginate(matching, page);
        return { status: 200, body: { items: result.items.map(courseView), hasMore: result.hasMore } };
      },
    },
    {
      method: 'POST',
      path: '/api/school/courses/:courseId/enrollments',
      handler: ({ params, body }) => {
        const courseId = pathId(params.courseId);
        const course = courseId === undefined ? undefined : store.courses.get(courseId);
        if (!course) throw notFound(`Course ${params.courseId ?? ''} not found.`);
        const input = parseBody(enrollSchema, body);
        const violations: Violation[] = [];
        if (!store.contacts.has(input.contactId)) violations.push(violation('contactId', `Contact ${input.contactId} does not exist.`));
        // OpenAPI: "If accessType is set to partial_access, modules must be provided."
        if (input.accessType === 'partial_access' && !input.modules?.length) {
          violations.push(violation('modules', 'This value should not be blank.', CODES.notBlank));
        }
        const known = new Set(course.modules.map((m) => m.id));
        for (const [index, id] of (input.modules ?? []).entries()) {
          if (!known.has(id)) violations.push(violation(`modules[${index}]`, `Module ${id} does not belong to course ${course.id}.`));
        }
        // Enrolling twice is undocumented (docs/systeme-io.md#repeated-writes); refusing it makes callers read first.
        const existing = [...store.enrollments.values()].some((e) => e.courseId === course.id && e.contactId === input.contactId);
        if (existing) violations.push(violation('contactId', `Contact ${input.contactId} is already enrolled in course ${course.id}.`));
        if (violations.length > 0) throw unprocessable(violations);
        const enrollment: EnrollmentRecord = {
          id: store.nextId('enrollment'),
          contactId: input.contactId,
          courseId: course.id,
          accessType: input.accessType,
          modules: input.accessType === 'partial_access' ? (input.modules ?? null) : null,
          active: true,
        };
        store.enrollments.set(enrollment.id, enrollment);
        return { status: 201, body: enrollmentView(store, enrollment) };
      },
    },
    {
      method: 'GET',
      path: '/api/school/enrollments',
      handler: ({ query }) => {
        const page = parsePageQuery(query);
        const course = queryInt(query, 'course');
        const contact = queryInt(query, 'contact');
        const matching = [...store.enrollments.values()].filter(
          (e) => (course === undefined || e.courseId === course) && (contact === undefined || e.contactId === contact),
        );
        const result = paginate(matching, page);
        return { status: 200, body: { items: result.items.map((e) => enrollmentView(store, e)), hasMore: result.hasMore } };
      },
    },
    {
      method: 'DELETE',
      path: '/api/school/enrollments/:id',
      handler: ({ params }) => {
        const id = pathId(params.id);
        if (id === undefined || !store.enrollments.delete(id)) throw notFound(`Enrollment ${params.id ?? ''} not found.`);
        return { status: 204 };
      },
    },
  ];
}
