import type { User } from '@trellis/core';
import { Select, type SelectProps } from 'antd';
import { useEffect, useState } from 'react';
import { useT } from '../app/i18n';
import { type UserQuery, useUsers } from '../app/reference';

/** Searches people on the server as one types (GET /users?q=). */
export function UserPicker({
  filter,
  onPick,
  ...props
}: { filter?: Omit<UserQuery, 'q'>; onPick?: (user: User | undefined) => void } & Omit<
  SelectProps<string>,
  'options' | 'onSearch' | 'filterOption' | 'showSearch'
>) {
  const t = useT();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const { data, isFetching } = useUsers({ ...filter, ...(q ? { q } : {}) });
  const users = (data ?? []).filter((u) => u.active);
  return (
    <Select<string>
      {...props}
      showSearch
      filterOption={false}
      onSearch={setTyped}
      loading={isFetching}
      notFoundContent={isFetching ? t('common.loading') : t('common.noMatch')}
      options={users.map((u) => ({
        value: u.id,
        label: `${u.name} · ${u.email}${u.departmentName ? ` · ${u.departmentName}` : ''} · ${u.organizationName}`,
      }))}
      onChange={(value, option) => {
        props.onChange?.(value, option);
        onPick?.(users.find((u) => u.id === value));
      }}
    />
  );
}
