import type { IncidentState, IncidentSummary } from '@trellis/core';
import { Tag, Tooltip } from 'antd';
import { useT } from '../app/i18n';

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

/** The state in a queue row, with why an on-hold record waits and a major-incident mark. */
export function QueueStateTags({ row }: { row: Pick<IncidentSummary, 'state' | 'holdKind' | 'major'> }) {
  const t = useT();
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
      {row.major && (
        <Tag color="red" data-testid="major-tag" style={{ marginInlineEnd: 0 }}>
          {t('desk.majorTag')}
        </Tag>
      )}
      <StateTag state={row.state} />
      {row.state === 'on_hold' && row.holdKind && (
        <Tag bordered={false} data-hold-kind={row.holdKind} style={{ marginInlineEnd: 0 }}>
          {t(`hold.${row.holdKind}`)}
        </Tag>
      )}
    </span>
  );
}
