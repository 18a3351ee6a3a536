// The CRM's own records, looked up by international number: the "additional
// info" the page shows about whoever calls or is called.
export const contacts = {
  '33699009902': { name: 'Bob Martin', company: 'Martin & Fils', role: 'Buyer', note: 'Waiting for the March quote.' },
  '33172587702': { name: 'Carol Dubois', company: 'Acme (colleague)', role: 'Sales assistant', note: 'Handles the quotes.' },
};
