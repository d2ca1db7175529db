import { Button, Tag } from 'antd';
import type { ColumnType } from 'antd/es/table';
import { type Translate, useT } from '../../app/i18n';

export function ActiveTag({ active }: { active: boolean }) {
  const t = useT();
  return active ? <Tag color="success">{t('admin.activeYes')}</Tag> : <Tag>{t('admin.activeNo')}</Tag>;
}

/** The 状态 column every admin table has. */
export function activeColumn<T extends { active: boolean }>(t: Translate): ColumnType<T> {
  return { title: t('admin.active'), dataIndex: 'active', width: 90, render: (a: boolean) => <ActiveTag active={a} /> };
}

/** The trailing 编辑 button column. */
export function editColumn<T>(t: Translate, onEdit: (row: T) => void): ColumnType<T> {
  return {
    title: '',
    key: 'edit',
    width: 90,
    render: (_, row) => (
      <Button size="small" onClick={() => onEdit(row)}>
        {t('common.edit')}
      </Button>
    ),
  };
}
