/**
 * Names of the municipalities the counter knows by their local-government code, for printed headers. A
 * municipality not listed is shown by its code until the backend provides names (tenant configuration).
 */
export const MUNICIPALITY_NAMES: Readonly<Record<string, string>> = { '212113': '美濃加茂市', '215015': '坂祝町' };

export function municipalityName(tenantId: string | undefined): string {
  return (tenantId && MUNICIPALITY_NAMES[tenantId]) ?? tenantId ?? '';
}
