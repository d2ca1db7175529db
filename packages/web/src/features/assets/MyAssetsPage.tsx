import { Card, Empty, List, Typography } from 'antd';
import { useT } from '../../app/i18n';
import { usePageTitle } from '../../app/usePageTitle';
import { useMyAssets } from './api';
import { AssetStatusTag } from './shared';

/** The portal's 我的资产: what is registered to the requester. */
export function MyAssetsPage() {
  const t = useT();
  usePageTitle(t('assets.mine'));
  const { data, isPending } = useMyAssets();
  return (
    <Card title={t('assets.mine')}>
      <List
        loading={isPending}
        dataSource={data ?? []}
        locale={{ emptyText: <Empty description={t('assets.mineEmpty')} /> }}
        renderItem={(a) => (
          <List.Item data-testid="my-asset">
            <List.Item.Meta
              title={
                <span>
                  {a.name} <AssetStatusTag status={a.status} />
                </span>
              }
              description={
                <Typography.Text type="secondary">
                  {a.tag} · {a.model} · {a.serialNumber} {a.location ? `· ${a.location.name}` : ''}
                </Typography.Text>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
