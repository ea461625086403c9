import type { z } from 'zod';
import type { CatalogProcedure } from '../../../shared/api/schemas';
import type { CardImages } from '../../../shared/contract/views';

export type Catalog = z.infer<typeof CatalogProcedure>[];

interface Held {
  visitId: string;
  /** 個人番号 read for this visit's forms, by resident. */
  individualNumbers: Map<string, string>;
  /** The pictures of the residence card behind the visit's identification, and when that read was made. */
  cardImages: { readAt: string; images: CardImages } | null;
  /** The catalog the visit was judged with (so "add a procedure" and the receipt use the same entries). */
  catalog: Catalog | null;
}

/**
 * What the host keeps about the open visit outside the session: 特定個人情報 (the 個人番号), the residence card's
 * pictures (too big and too personal to ride on every view push) and the judged catalog. Never in a view, a
 * log or the request memo. Everything is keyed by the visit id, so nothing of one visit is ever read in
 * another; the store clears it whenever the session's visit changes (a visit starts or ends).
 */
export class VisitData {
  private held: Held | null = null;

  clear(): void {
    this.held = null;
  }

  private of(visitId: string): Held {
    if (this.held?.visitId !== visitId) this.held = { visitId, individualNumbers: new Map(), cardImages: null, catalog: null };
    return this.held;
  }

  private current(visitId: string): Held | null {
    return this.held?.visitId === visitId ? this.held : null;
  }

  setIndividualNumber(visitId: string, residentId: string, number: string): void {
    this.of(visitId).individualNumbers.set(residentId, number);
  }

  individualNumber(visitId: string, residentId: string): string | undefined {
    return this.current(visitId)?.individualNumbers.get(residentId);
  }

  /** The pictures of the visit's latest identification; a read without pictures drops the earlier ones. */
  setCardImages(visitId: string, readAt: string, images: CardImages | undefined): void {
    this.of(visitId).cardImages = images ? { readAt, images } : null;
  }

  /** The pictures of exactly that read: a newer read, or another visit, has none of these. */
  cardImages(visitId: string, readAt: string | undefined): CardImages | null {
    const held = this.current(visitId)?.cardImages;
    return held && held.readAt === readAt ? held.images : null;
  }

  setCatalog(visitId: string, entries: Catalog): void {
    this.of(visitId).catalog = entries;
  }

  catalog(visitId: string): Catalog | null {
    return this.current(visitId)?.catalog ?? null;
  }
}
