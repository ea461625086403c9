import { DEMO_STAFF } from '../../server/demo/accounts';
import { coverageHouseholds } from '../../server/demo/generator';
import type { VirtualCard } from '../core/devices/card/transport';
import { VirtualMyNumberCard } from '../core/devices/card/sim/virtual-mynumber-card';
import { VirtualStaffCard } from '../core/devices/card/sim/virtual-staff-card';
import { VirtualResidenceCard } from '../core/devices/card/residence/sim/virtual-residence-card';
import { syntheticSecondGenerationCard, type SyntheticHolder } from '../core/devices/card/residence/sim/synthetic-cards';
import type { SimulatedCardKind } from '../core/devices/station/sim/simulated-slot';

/** PIN of every demo My Number card (shown in the README's demo section). */
export const DEMO_CARD_PIN = '1234';

/** The demo data's two-letter nationalities as a residence card stores them (ISO 3166-1 alpha-3). */
const ALPHA3: Record<string, string> = { BR: 'BRA', PH: 'PHL', VN: 'VNM', CN: 'CHN', KR: 'KOR', PE: 'PER', NP: 'NPL', ID: 'IDN' };

/** Block numbers in the My Number card's address are full width (１－２－３), as the card stores them. */
const fullWidthDigits = (text: string) => text.replace(/[0-9-]/g, (c) => (c === '-' ? '－' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));

/**
 * Who the demo's residence card is made out to: the wife of the Brazilian family C007 (the moving-in case of
 * issue #4) in the municipality's demo register. The simulated reader's card and the e2e's card on the vpcd
 * reader are both made from this, so a read at a demo counter finds her.
 */
export function demoResidenceCardHolder(tenantId: string): SyntheticHolder {
  const brazilian = coverageHouseholds(tenantId).find((h) => h.residents.some((r) => r.nationality === 'BR'));
  const wife = brazilian?.residents.find((r) => r.relation === '妻' && r.residence_card_number);
  if (!brazilian || !wife) throw new Error(`no demo residence card holder for ${tenantId}`);
  return {
    cardNumber: wife.residence_card_number!,
    birthDate: wife.birth_date,
    sex: wife.sex === 1 ? 'male' : 'female',
    nationalityCode: ALPHA3[wife.nationality ?? ''] ?? 'XXX',
    // What the card pictures show: the name in Latin letters and the address the card was last written with.
    ...(wife.alphabet_name ? { name: wife.alphabet_name.toUpperCase() } : {}),
    address: fullWidthDigits(brazilian.household.address),
  };
}

/**
 * Virtual cards for the demo residents of a municipality, so a card read at a demo counter finds someone:
 * a My Number card for the first Japanese card holder of the coverage households (C001), a second-generation
 * residence card for the wife of the Brazilian family C007 (the moving-in case of issue #4), and the counter
 * clerk's staff card. Synthetic data from the deterministic demo generator, signed by the TEST-ONLY issuer.
 */
export function demoCards(tenantId: string): Record<SimulatedCardKind, VirtualCard> {
  const households = coverageHouseholds(tenantId);
  const withCard = households.flatMap((h) => h.residents.map((r) => ({ h, r }))).find(({ r }) => r.has_my_number_card && r.kind === 'japanese');
  const clerk = DEMO_STAFF.find((s) => s.tenantId === tenantId && s.role === 'counter' && s.cardUid);
  if (!withCard || !clerk?.cardUid) throw new Error(`no demo card holders for ${tenantId}`);
  return {
    mynumber: new VirtualMyNumberCard({
      name: withCard.r.name,
      address: fullWidthDigits(withCard.h.household.address),
      birthDate: withCard.r.birth_date,
      sex: withCard.r.sex as 1 | 2 | 9,
      individualNumber: '123456789018',
      pin: DEMO_CARD_PIN,
    }),
    residence: new VirtualResidenceCard(syntheticSecondGenerationCard('05', demoResidenceCardHolder(tenantId)).profile),
    staff: new VirtualStaffCard({ uid: Uint8Array.from(Buffer.from(clerk.cardUid, 'hex')) }),
  };
}
