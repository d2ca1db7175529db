import type { ProblemState } from '@trellis/core';
import { Tag } from 'antd';
import { useT } from '../../../app/i18n';

const COLORS: Record<ProblemState, string> = {
  new: 'default',
  analysis: 'processing',
  known_error: 'orange',
  resolving: 'blue',
  resolved: 'success',
  closed: 'default',
};

export function ProblemStateTag({ state }: { state: ProblemState }) {
  const t = useT();
  return (
    <Tag color={COLORS[state]} data-testid="problem-state">
      {t(`problem.state.${state}`)}
    </Tag>
  );
}
