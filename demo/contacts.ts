// The CRM's own records, looked up by international number: what the
// page's server answers at /api/contacts for the provider's `contact-url`.
export interface DemoContact {
  name: string;
  company?: string;
}

export const contacts = new Map<string, DemoContact>([
  ['33699009902', { name: 'Bob Martin', company: 'Martin & Fils' }],
  ['33172587702', { name: 'Carol Dubois', company: 'Acme' }],
]);
