// The CRM's own records, looked up by international number: what the
// page's server answers at /api/contacts for the provider's `contact-url`.
export interface DemoContact {
  name: string;
  company?: string;
}

export const contacts = new Map<string, DemoContact>([
  ['33699009902', { name: 'Bob Martin', company: 'Martin & Fils' }],
  ['33611223344', { name: 'Inès Garnier', company: 'Garnier Transports' }],
  // Alice too: a colleague signed in as Carol sees her on the board.
  ['33172587701', { name: 'Alice Roux', company: 'Acme' }],
  ['33172587702', { name: 'Carol Dubois', company: 'Acme' }],
  ['33172587703', { name: 'David Moreau', company: 'Acme' }],
  ['33172587704', { name: 'Emma Petit', company: 'Acme' }],
  ['33172587705', { name: 'Farid Haddad', company: 'Acme' }],
  ['33172587706', { name: 'Gaëlle Lefèvre', company: 'Acme' }],
  ['33172587707', { name: 'Hugo Bernard', company: 'Acme' }],
]);
