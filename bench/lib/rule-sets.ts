// The rule sets the process benchmark runs. test/integration/event-view.test.ts asserts the API
// calls of FIVE_ON_ONE_CONTACT, so the calls per event the benchmark prints are for the same rules.

/** Two actions on each new contact: a tag, an enrollment. */
export const WELCOME_RULES = `rules:
  - name: welcome
    on: CONTACT_CREATED
    do:
      - add_tag: { id: 11 }
      - enroll: { course: 680647 }
`;

/** Five actions on one contact: two tags added (one by a name to look up and create), one removed, two fields set. */
export const FIVE_ON_ONE_CONTACT = `rules:
  - name: five-on-one-contact
    on: SALE_NEW
    do:
      - add_tag: { id: 11 }
      - remove_tag: { id: 10 }
      - set_field: { slug: customer_since, value: "{{order.createdAt}}" }
      - set_field: { slug: plan, value: "{{pricePlan.name}}" }
      - add_tag: VIP
`;
