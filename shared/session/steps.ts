/**
 * The steps of a one-stop visit (ワンストップ窓口の流れ), in order. Staff move between them; the customer screen
 * shows where the visit stands. The order and the names are fixed here so both screens and the host agree.
 */
export const VISIT_STEPS = [
  'identify', // 本人確認: who is at the counter
  'lifeEvent', // 届出内容: which life event (転入, 出生, …) and its details
  'procedures', // 手続き判定: every procedure the event triggers
  'review', // 内容確認: the resident checks what was prefilled
  'sign', // 署名: the resident signs
  'finish', // 完了: receipt and guidance sheet
] as const;

export type VisitStep = (typeof VISIT_STEPS)[number];

export function stepIndex(step: VisitStep): number {
  return VISIT_STEPS.indexOf(step);
}
