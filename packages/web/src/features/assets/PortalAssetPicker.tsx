import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import type { Incident } from '@trellis/core';
import { Form, Select } from 'antd';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { api } from '../../app/api';
import { useT } from '../../app/i18n';
import { useMyAssets } from './api';

const watching = new WeakSet<QueryClient>();

/**
 * Once per app: when a new incident is created with an `assetId` among its values, link that asset.
 * The report page stays unaware of assets; this field rides in its form and the link follows creation.
 */
function linkAfterCreate(client: QueryClient) {
  if (watching.has(client)) return;
  watching.add(client);
  client.getMutationCache().subscribe((event) => {
    if (event.type !== 'updated' || event.action.type !== 'success') return;
    const vars = event.mutation.state.variables as { assetId?: unknown } | undefined;
    const created = event.mutation.state.data as Incident | undefined;
    if (typeof vars?.assetId === 'string' && created?.id && created.number) {
      void api.post(`/records/${created.id}/assets`, { assetId: vars.assetId }).catch(() => {});
    }
  });
}

/** 报告事件: an optional picker of the requester's own assets. */
export function PortalAssetPicker() {
  const t = useT();
  const client = useQueryClient();
  const { data } = useMyAssets();
  useEffect(() => linkAfterCreate(client), [client]);
  if (!data?.length) return null;
  return (
    <Form.Item
      name="assetId"
      label={t('assets.picker')}
      extra={
        <span>
          {t('assets.pickerHint')} · <Link to="/portal/assets">{t('assets.mine')}</Link>
        </span>
      }
    >
      <Select
        allowClear
        data-testid="report-asset"
        options={data.map((a) => ({ value: a.id, label: `${a.tag} · ${a.name}${a.model ? ` (${a.model})` : ''}` }))}
      />
    </Form.Item>
  );
}
