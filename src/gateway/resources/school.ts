import { checkId, checkInput, idSegment } from '../check-input.js';
import {
  courseSchema,
  enrollmentCreateSchema,
  enrollmentSchema,
  type Course,
  type Enrollment,
  type EnrollmentCreate,
} from '../schemas/school.js';
import type { CallOptions, ResourceContext } from './context.js';

export interface EnrollmentFilters {
  course?: number | undefined;
  contact?: number | undefined;
}

export type CoursesApi = ReturnType<typeof coursesApi>;
export type EnrollmentsApi = ReturnType<typeof enrollmentsApi>;

export function coursesApi({ paginator }: ResourceContext) {
  return {
    /** Every course with its modules. */
    list(options: CallOptions = {}): AsyncIterable<Course> {
      return paginator.list(courseSchema, { operation: 'courses.list', path: '/api/school/courses', signal: options.signal });
    },
  };
}

export function enrollmentsApi({ transport, paginator }: ResourceContext) {
  return {
    /** Every enrollment, optionally of one course and/or one contact. */
    list(filters: EnrollmentFilters = {}, options: CallOptions = {}): AsyncIterable<Enrollment> {
      const query = {
        course: filters.course === undefined ? undefined : checkId('enrollments.list', filters.course),
        contact: filters.contact === undefined ? undefined : checkId('enrollments.list', filters.contact),
      };
      return paginator.list(enrollmentSchema, { operation: 'enrollments.list', path: '/api/school/enrollments', query, signal: options.signal });
    },
    /** Enrolling twice is undocumented (docs/systeme-io.md#repeated-writes): list the contact's enrollments first. */
    create(courseId: number, input: EnrollmentCreate, options: CallOptions = {}): Promise<Enrollment> {
      const path = `/api/school/courses/${idSegment('enrollments.create', courseId)}/enrollments`;
      const body = checkInput('enrollments.create', enrollmentCreateSchema, input);
      return transport.call({ operation: 'enrollments.create', method: 'POST', path, body, signal: options.signal }, enrollmentSchema);
    },
    delete(id: number, options: CallOptions = {}): Promise<void> {
      const path = `/api/school/enrollments/${idSegment('enrollments.delete', id)}`;
      return transport.callVoid({ operation: 'enrollments.delete', method: 'DELETE', path, signal: options.signal });
    },
  };
}
