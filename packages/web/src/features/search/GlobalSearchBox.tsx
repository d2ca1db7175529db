import { Input } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import { useT } from '../../app/i18n';

/** The console header's search box; "/" focuses it (see the console shortcuts). */
export function GlobalSearchBox() {
  const t = useT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  return (
    <Input.Search
      key={params.get('q') ?? ''}
      defaultValue={params.get('q') ?? ''}
      allowClear
      size="middle"
      data-testid="global-search"
      placeholder={t('console.search.placeholder')}
      style={{ width: 260 }}
      onSearch={(value) => {
        const q = value.trim();
        if (q) navigate(`/console/search?q=${encodeURIComponent(q)}`);
      }}
    />
  );
}
