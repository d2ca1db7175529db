import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { api } from '../app/api';
import type { RegisterSource } from './register.types';
import { registerKey } from './useRegister';

interface SourceSelectProps {
  source: RegisterSource;
  mode?: 'multiple' | 'tags';
  allowClear?: boolean;
  disabled?: boolean;
  placeholder?: string;
  value?: unknown;
  onChange?: (value: unknown) => void;
  'data-testid'?: string;
}

/**
 * A select whose options are another list (groups, organisations, people). A whole list shares the
 * register cache of its path, so saving on that register's page refreshes every picker of it.
 */
export function SourceSelect({ source, ...props }: SourceSelectProps) {
  const [q, setQ] = useState('');
  const plain = !source.params && !source.search;
  const params = { ...source.params, ...(source.search && q ? { [source.search]: q } : {}) };
  const { data } = useQuery({
    queryKey: plain ? registerKey(source.path) : [...registerKey(source.path), params],
    // biome-ignore lint/suspicious/noExplicitAny: items of whichever list the options come from
    queryFn: () => api.get<any[]>(source.path, params),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const label = source.label ?? ((item: { name?: string; id: string }) => item.name ?? item.id);
  const options = (data ?? [])
    .filter((item) => !source.filter || source.filter(item))
    .map((item) => ({ value: item.id as string, label: label(item) }));
  return (
    <Select
      {...props}
      showSearch
      options={options}
      {...(source.search ? { filterOption: false, onSearch: setQ } : { optionFilterProp: 'label' })}
    />
  );
}
