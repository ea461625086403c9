import { useRef, useState, type PointerEvent } from 'react';

/**
 * A signature pad: strokes drawn with finger, pen or mouse, kept as SVG path data (small, resolution-free,
 * stored with the submission). Nothing leaves the page until the resident presses the done button. The pad
 * says where to sign inside itself (an arrow, the words and a signing line, as on paper) until the first stroke.
 */
export function SignaturePad(props: { label: string; clearLabel: string; doneLabel: string; onDone: (svgPath: string) => void; disabled?: boolean }) {
  const [strokes, setStrokes] = useState<string[]>([]);
  const drawing = useRef<string | null>(null);
  const svg = useRef<SVGSVGElement>(null);

  const point = (event: PointerEvent<SVGSVGElement>) => {
    const box = svg.current!.getBoundingClientRect();
    const x = Math.round(((event.clientX - box.left) / box.width) * 600);
    const y = Math.round(((event.clientY - box.top) / box.height) * 200);
    return `${x} ${y}`;
  };
  return (
    <div className="signature">
      <svg
        ref={svg}
        role="img"
        aria-label={props.label}
        viewBox="0 0 600 200"
        className="signature-pad"
        data-testid="signature-pad"
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          drawing.current = `M ${point(event)}`;
          setStrokes((all) => [...all, drawing.current!]);
        }}
        onPointerMove={(event) => {
          if (drawing.current === null) return;
          drawing.current += ` L ${point(event)}`;
          const current = drawing.current;
          setStrokes((all) => [...all.slice(0, -1), current]);
        }}
        onPointerUp={() => {
          drawing.current = null;
        }}
      >
        <line x1="30" y1="160" x2="570" y2="160" className="sign-line" />
        <text x="34" y="150" className="sign-cross">
          ×
        </text>
        {strokes.length === 0 && (
          <text x="300" y="95" className="sign-here" textAnchor="middle" data-testid="sign-here">
            ✍ {props.label}
          </text>
        )}
        {strokes.map((d, i) => (
          <path key={i} d={d} fill="none" stroke="#1a1a1a" strokeWidth={4} strokeLinecap="round" strokeLinejoin="round" />
        ))}
      </svg>
      <div className="signature-actions">
        <button onClick={() => setStrokes([])} disabled={strokes.length === 0}>
          {props.clearLabel}
        </button>
        <button className="primary" onClick={() => props.onDone(strokes.join(' '))} disabled={strokes.length === 0 || props.disabled}>
          {props.doneLabel}
        </button>
      </div>
    </div>
  );
}
