import type {
  CommunityRecord,
  ContactRecord,
  CourseRecord,
  DeliveryLogEntry,
  EnrollmentRecord,
  FieldRecord,
  MembershipRecord,
  PricePlanRecord,
  RequestLogEntry,
  SubscriptionRecord,
  TagRecord,
  WebhookRecord,
} from './records.js';

export type IdKind =
  | 'contact'
  | 'tag'
  | 'course'
  | 'module'
  | 'community'
  | 'enrollment'
  | 'membership'
  | 'pricePlan'
  | 'subscription'
  | 'order'
  | 'orderItem'
  | 'customer';

/**
 * Fields every Systeme.io account has before any custom field is created. The exact built-in
 * list is not documented; these are the ones the OpenAPI mentions or implies (docs/systeme-io.md#contacts)
 * (`first_name`, `surname`, `country`, `phone_number`) plus the usual address fields.
 */
const BUILT_IN_FIELDS: readonly FieldRecord[] = [
  { slug: 'first_name', fieldName: 'First name' },
  { slug: 'surname', fieldName: 'Surname' },
  { slug: 'phone_number', fieldName: 'Phone number' },
  { slug: 'country', fieldName: 'Country' },
  { slug: 'city', fieldName: 'City' },
  { slug: 'street_address', fieldName: 'Street address' },
  { slug: 'postcode', fieldName: 'Postcode' },
  { slug: 'state', fieldName: 'State' },
  { slug: 'company_name', fieldName: 'Company name' },
];

/** The whole in-memory account, plus the request and delivery logs the control endpoints expose. */
export interface Store {
  contacts: Map<number, ContactRecord>;
  tags: Map<number, TagRecord>;
  fields: Map<string, FieldRecord>;
  courses: Map<number, CourseRecord>;
  communities: Map<number, CommunityRecord>;
  enrollments: Map<number, EnrollmentRecord>;
  memberships: Map<number, MembershipRecord>;
  pricePlans: Map<number, PricePlanRecord>;
  subscriptions: Map<number, SubscriptionRecord>;
  webhooks: Map<string, WebhookRecord>;
  /** contact id → customer id (Systeme keeps a customer per paying contact). */
  customers: Map<number, number>;
  requests: RequestLogEntry[];
  deliveries: DeliveryLogEntry[];
  /** The next free id of a kind. */
  nextId(kind: IdKind): number;
  /** Marks a seeded id as used, so generated ids never collide with it. */
  reserveId(kind: IdKind, id: number): void;
  /** Back to a fresh account: no data, no logs, counters restarted, built-in fields only. */
  clear(): void;
}

export function createStore(): Store {
  const counters = new Map<IdKind, number>();
  const store: Store = {
    contacts: new Map(),
    tags: new Map(),
    fields: new Map(),
    courses: new Map(),
    communities: new Map(),
    enrollments: new Map(),
    memberships: new Map(),
    pricePlans: new Map(),
    subscriptions: new Map(),
    webhooks: new Map(),
    customers: new Map(),
    requests: [],
    deliveries: [],
    nextId(kind) {
      const id = counters.get(kind) ?? 1;
      counters.set(kind, id + 1);
      return id;
    },
    reserveId(kind, id) {
      if (id >= (counters.get(kind) ?? 1)) counters.set(kind, id + 1);
    },
    clear() {
      for (const value of Object.values(store)) {
        if (value instanceof Map) value.clear();
      }
      store.requests.length = 0;
      store.deliveries.length = 0;
      counters.clear();
      for (const field of BUILT_IN_FIELDS) store.fields.set(field.slug, { ...field });
    },
  };
  store.clear();
  return store;
}
