import type { ImpactResult } from '@trellis/core';
import { useNavigate } from 'react-router';
import { useT } from '../../app/i18n';

const W = 760;
const ROW = 64;

/**
 * A dependency-free SVG of the impact walk: the origin in the middle row, what depends on it
 * above (downstream), what it depends on below (upstream), one row per depth.
 */
export function CiGraph({ impact }: { impact: ImpactResult }) {
  const t = useT();
  const navigate = useNavigate();
  const down = Math.max(0, ...impact.cis.filter((c) => c.direction === 'downstream').map((c) => c.depth));
  const up = Math.max(0, ...impact.cis.filter((c) => c.direction === 'upstream').map((c) => c.depth));
  const rows = new Map<number, { id: string; label: string; service: boolean }[]>();
  const place = (row: number, node: { id: string; label: string; service: boolean }) =>
    rows.set(row, [...(rows.get(row) ?? []), node]);
  place(down, { id: impact.origin.id, label: impact.origin.name, service: false });
  const seen = new Set([impact.origin.id]);
  for (const c of impact.cis) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    place(c.direction === 'downstream' ? down - c.depth : down + c.depth, {
      id: c.id,
      label: c.name,
      service: c.isService,
    });
  }
  const pos = new Map<string, { x: number; y: number }>();
  for (const [row, nodes] of rows) {
    nodes.forEach((n, i) => {
      pos.set(n.id, { x: ((i + 1) * W) / (nodes.length + 1), y: 30 + row * ROW });
    });
  }
  const height = 60 + (down + up) * ROW;
  return (
    <svg
      viewBox={`0 0 ${W} ${height}`}
      width="100%"
      role="img"
      aria-label={t('cmdb.graph')}
      data-testid="ci-graph"
      style={{ background: '#fafafa', borderRadius: 6 }}
    >
      <defs>
        <marker
          id="arrow"
          viewBox="0 0 10 10"
          refX="10"
          refY="5"
          markerWidth="6"
          markerHeight="6"
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#8c8c8c" />
        </marker>
      </defs>
      {impact.edges.map((e) => {
        const a = pos.get(e.sourceId);
        const b = pos.get(e.targetId);
        if (!a || !b) return null;
        return (
          <g key={`${e.sourceId}-${e.targetId}-${e.type}`}>
            <line x1={a.x} y1={a.y} x2={b.x} y2={b.y} stroke="#bfbfbf" markerEnd="url(#arrow)" />
            <text x={(a.x + b.x) / 2} y={(a.y + b.y) / 2} fontSize="10" fill="#8c8c8c" textAnchor="middle">
              {t(`cmdb.relation.${e.type}`)}
            </text>
          </g>
        );
      })}
      {[...rows.values()].flat().map((n) => {
        const p = pos.get(n.id)!;
        const origin = n.id === impact.origin.id;
        return (
          <a
            key={n.id}
            href={`/console/cmdb/cis/${n.id}`}
            onClick={(e) => {
              e.preventDefault();
              navigate(`/console/cmdb/cis/${n.id}`);
            }}
          >
            <rect
              x={p.x - 60}
              y={p.y - 14}
              width={120}
              height={28}
              rx={6}
              fill={origin ? '#1f6f5c' : n.service ? '#fff7e6' : '#fff'}
              stroke={n.service ? '#fa8c16' : '#1f6f5c'}
            />
            <text x={p.x} y={p.y + 4} fontSize="12" textAnchor="middle" fill={origin ? '#fff' : '#262626'}>
              {n.label.length > 10 ? `${n.label.slice(0, 9)}…` : n.label}
            </text>
          </a>
        );
      })}
    </svg>
  );
}
