/**
 * 索赔: on a warranty RO's page, its claim's status, deadline and a link to it. Not built yet:
 * shows nothing.
 */
export function ClaimCard(_props: { roId: number; roType: string }) {
  return null;
}
