/**
 * 在哪里: a customer's, vehicle's or RO's papers (binder, month, position, scans, who borrowed
 * them) and the required ones missing, on their detail pages. Not built yet: shows nothing.
 */
export function PapersCard(_props: { roId?: number; vehicleId?: number; customerId?: number }) {
  return null;
}
