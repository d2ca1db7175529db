import type { IncidentState } from '@trellis/core';
import { Tag, Tooltip } from 'antd';
import { useT } from '../../../app/i18n';

const STATE_COLORS: Record<IncidentState, string> = {
  pending: 'orange',
  in_progress: 'processing',
  on_hold: 'purple',
  resolved: 'success',
  archived: 'default',
  cancelled: 'default',
};

const LEVEL_COLORS: Record<number, string> = { 1: 'red', 2: 'volcano', 3: 'gold', 4: 'green' };

export function StateTag({ state }: { state: IncidentState }) {
  const t = useT();
  return (
    <Tag color={STATE_COLORS[state]} data-state={state} style={{ marginInlineEnd: 0 }}>
      {t(`state.${state}`)}
    </Tag>
  );
}

function isLevel(level: number): level is 1 | 2 | 3 | 4 {
  return level === 1 || level === 2 || level === 3 || level === 4;
}

export function LevelTag({ level, withHint = false }: { level: number; withHint?: boolean }) {
  const t = useT();
  if (!isLevel(level)) return <Tag>{level}</Tag>;
  const tag = (
    <Tag color={LEVEL_COLORS[level]} data-level={level} style={{ marginInlineEnd: 0 }}>
      {t(`level.${level}`)}
    </Tag>
  );
  return withHint ? <Tooltip title={t(`level.${level}.impact`)}>{tag}</Tooltip> : tag;
}
