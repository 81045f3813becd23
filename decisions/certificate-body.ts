/** Certificates compare by their DER body: armour and line breaks are presentation. */
export function certificateBodyOf(pemOrBody: string): string {
  return pemOrBody.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}
