import { useEffect, useLayoutEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { stripRuby } from '../../../shared/i18n/ruby';
import { RubyText } from '../common/RubyText';
import { pageRange, pageStarts } from './pagination';

/** A block of paged content. `keepWithNext` for headings, so a page never ends with one. */
export interface PageBlock {
  key: string;
  node: ReactNode;
  keepWithNext?: boolean;
  /** data-* attributes for the block's element (e.g. data-procedure). */
  data?: Record<`data-${string}`, string>;
}

export interface Paging {
  /** Called with the element of the area that holds the blocks (it takes the screen's remaining height). */
  onArea: (element: HTMLElement | null) => void;
  measuring: boolean;
  visible: readonly PageBlock[];
  page: number;
  pageCount: number;
  setPage: (page: number) => void;
}

/**
 * Splits `blocks` into pages that fit the area. To measure, every block is rendered once into the area and
 * its real height read before the browser paints; then only the current page's blocks are rendered. It
 * measures again when the content changes (`contentKey`), the area changes size, or a web font arrives.
 */
export function usePaging(blocks: readonly PageBlock[], contentKey: string): Paging {
  const [area, setArea] = useState<HTMLElement | null>(null);
  const [generation, setGeneration] = useState(0);
  const [layout, setLayout] = useState<{ key: string; starts: number[] } | null>(null);
  // New content starts at its first page: the page number is kept together with the content it belongs to.
  const [shown, setShown] = useState({ contentKey, page: 0 });
  const page = shown.contentKey === contentKey ? shown.page : 0;
  const key = `${contentKey}#${generation}`;
  const measuring = layout?.key !== key;

  useLayoutEffect(() => {
    if (!measuring || !area) return;
    const children = [...area.children] as HTMLElement[];
    const boxes = children.map((child) => ({ top: child.offsetTop, height: child.offsetHeight }));
    // Measuring needs the blocks laid out, so the pages can only be known after this render and before paint.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setLayout({ key, starts: pageStarts(boxes, blocks.map((block) => block.keepWithNext === true), area.clientHeight) });
  }, [measuring, area, key, blocks]);

  useEffect(() => {
    if (!area) return;
    let height = area.clientHeight;
    const observer = new ResizeObserver(() => {
      if (area.clientHeight === height) return;
      height = area.clientHeight;
      setGeneration((n) => n + 1);
    });
    observer.observe(area);
    const fontsArrived = () => setGeneration((n) => n + 1);
    document.fonts.addEventListener('loadingdone', fontsArrived);
    return () => {
      observer.disconnect();
      document.fonts.removeEventListener('loadingdone', fontsArrived);
    };
  }, [area]);

  const starts = !measuring && layout ? layout.starts : [0];
  const current = Math.min(page, starts.length - 1);
  const [from, to] = pageRange(starts, current, blocks.length);
  const setPage = (next: number) => setShown({ contentKey, page: next });
  return { onArea: setArea, measuring, visible: measuring ? blocks : blocks.slice(from, to), page: current, pageCount: starts.length, setPage };
}

/** The paged area: the current page's blocks (all of them, before the browser paints, while measuring). */
export function PageArea({ paging, className, list = false }: { paging: Paging; className: string; list?: boolean }) {
  const { onArea, measuring, visible } = paging;
  const Area = list ? 'ul' : 'div';
  const Block = list ? 'li' : 'div';
  return (
    <Area ref={onArea} className={`pages ${className}${measuring ? ' measuring' : ''}`} data-testid="pages">
      {visible.map((block) => (
        <Block key={block.key} className="block" {...block.data}>
          {block.node}
        </Block>
      ))}
    </Area>
  );
}

/** Large previous/next buttons and "page 2 of 3" in the resident's language; its place is kept when there is one page. */
export function Pager({ paging }: { paging: Paging }) {
  const { t } = useTranslation('customer');
  const single = paging.pageCount <= 1;
  return (
    <nav className={single ? 'pager single' : 'pager'} data-testid="pager" data-page={paging.page + 1} data-pages={paging.pageCount}>
      <button className="page-button" onClick={() => paging.setPage(paging.page - 1)} disabled={single || paging.page === 0} aria-label={stripRuby(t('pager.previous'))}>
        <span aria-hidden="true">◀ </span>
        <RubyText text={t('pager.previous')} />
      </button>
      <span className="page-count" aria-live="polite" data-testid="page-count">
        <RubyText text={t('pager.page', { current: paging.page + 1, total: paging.pageCount })} />
      </span>
      <button className="page-button" onClick={() => paging.setPage(paging.page + 1)} disabled={single || paging.page >= paging.pageCount - 1} aria-label={stripRuby(t('pager.next'))}>
        <RubyText text={t('pager.next')} />
        <span aria-hidden="true"> ▶</span>
      </button>
    </nav>
  );
}
